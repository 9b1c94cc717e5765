import { InvalidArgumentError } from "@crucible/types";
import { NumpyRandomState } from "../rng/random-state.js";

/** Options of {@link kFold}. */
export interface KFoldOptions {
  /** Number of folds, 2 <= k <= n. */
  k: number;
  /**
   * Seed, an integer in [0, 2^32 - 1], used as scikit-learn's `random_state` (numpy's legacy
   * `RandomState(seed)`). Default undefined: random when shuffling.
   */
  seed?: number;
  /** Shuffle rows before cutting folds. Default: true when a seed is given, false otherwise. */
  shuffle?: boolean;
}

/** One fold: the rows to train on and the rows to test on, both in ascending order. */
export interface Fold {
  /** Rows outside this fold, ascending. */
  train: Uint32Array;
  /** Rows of this fold, ascending. */
  test: Uint32Array;
}

/**
 * K-fold cross-validation indices, the same as scikit-learn's
 * `KFold(n_splits=k, shuffle=shuffle, random_state=seed).split(range(n))`: rows (shuffled with
 * `RandomState(seed).shuffle` when `shuffle`) are cut into `k` consecutive folds, the first `n % k` folds one row
 * larger; each fold is the test set once. Every row is in exactly one test fold. As in scikit-learn, both arrays
 * of a fold are sorted ascending.
 * @param n - Number of rows.
 * @param options - `k`, `seed` (default random), `shuffle` (default: whether a seed was given).
 * @returns `k` folds in order.
 * @throws InvalidArgumentError when k < 2, k > n, or a seed is given with `shuffle: false` (scikit-learn refuses it).
 */
export function kFold(n: number, options: KFoldOptions): Fold[] {
  const { k, seed } = options;
  const shuffle = options.shuffle ?? seed !== undefined;
  if (!Number.isSafeInteger(n) || n < 0 || n > 4294967296) {
    throw new InvalidArgumentError(`kFold: n must be an integer in [0, 2^32], got ${n}`);
  }
  if (!Number.isInteger(k) || k < 2) {
    throw new InvalidArgumentError(`k-fold cross-validation requires at least one train/test split by setting k=2 or more, got k=${k}`);
  }
  if (k > n) {
    throw new InvalidArgumentError(`Cannot have number of splits k=${k} greater than the number of samples: n_samples=${n}`);
  }
  if (!shuffle && seed !== undefined) {
    throw new InvalidArgumentError("Setting a seed has no effect since shuffle is false", {
      hint: "Drop the seed or set shuffle: true",
    });
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (shuffle) new NumpyRandomState(seed).shuffle(order);
  // fold[i] = the fold that row i belongs to.
  const foldOf = new Uint32Array(n);
  const base = Math.floor(n / k);
  const extra = n % k;
  const sizes: number[] = [];
  let pos = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    sizes.push(size);
    for (let j = pos; j < pos + size; j++) foldOf[order[j] as number] = f;
    pos += size;
  }
  return sizes.map((size, f) => {
    const test = new Uint32Array(size);
    const train = new Uint32Array(n - size);
    let t = 0;
    let r = 0;
    for (let row = 0; row < n; row++) {
      if (foldOf[row] === f) test[t++] = row;
      else train[r++] = row;
    }
    return { train, test };
  });
}

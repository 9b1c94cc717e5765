import { InvalidArgumentError } from "@crucible/types";
import { NumpyGenerator } from "../rng/numpy-generator.js";
import type { SeedEntropy } from "../rng/seed-sequence.js";
import { stratifiedSplitIndices } from "./stratified-split.js";

/** Options of {@link trainTestSplitIndices} (Python `Dataset.train_test_split`). */
export interface TrainTestSplitIndicesOptions {
  /**
   * Test size: a non-integral number in (0, 1) is a fraction (rows = `ceil(testSize * n)`); an integer is a row
   * count in [1, n). Default: `n - train rows` when `trainSize` is given, else 0.25.
   */
  testSize?: number;
  /**
   * Train size: a non-integral number in (0, 1) is a fraction (rows = `floor(trainSize * n)`); an integer is a
   * row count in [1, n). Default: `n - test rows`.
   */
  trainSize?: number;
  /**
   * Seed of `np.random.default_rng(seed)`. Default undefined: a random seed (non-deterministic, as in Python,
   * which draws it from numpy's global state; here it comes from the OS).
   */
  seed?: SeedEntropy;
  /** Shuffle before splitting. Default true. When false, train is rows `[0, nTrain)` and test the next `nTest`. */
  shuffle?: boolean;
  /**
   * Labels to stratify by, one per row (Python's `stratify_by_column`, a ClassLabel column: numbers or strings).
   * Default: none (a plain random split). Requires `shuffle`.
   */
  stratify?: ArrayLike<unknown>;
  /** Column name used in stratification error messages. Default `"label"`. */
  stratifyColumn?: string;
}

/** Row indices of the two sides of a train/test split. */
export interface TrainTestIndices {
  /** Train row indices, in the order Python `datasets` gives them. */
  train: Uint32Array;
  /** Test row indices, in the order Python `datasets` gives them. */
  test: Uint32Array;
}

// JS has one number type: integral values play Python ints, the others Python floats.
const isInt = (v: number | undefined): v is number => v !== undefined && Number.isInteger(v);
const isFloat = (v: number | undefined): v is number => v !== undefined && !Number.isInteger(v);
const pyRepr = (v: number | undefined, asFloat = false): string =>
  v === undefined ? "None" : asFloat && Number.isInteger(v) ? `${v}.0` : String(v);

/**
 * The row indices of Python `datasets`' `Dataset.train_test_split`: the same size rules and errors, then
 * `perm = np.random.default_rng(seed).permutation(n)`, `test = perm[:nTest]`, `train = perm[nTest:nTest + nTrain]`.
 * With `stratify` (Python's `stratify_by_column`), `datasets`' stratified shuffle split over the same generator.
 *
 * Python's float/int distinction maps to non-integral/integral numbers: `testSize: 0.2` is a fraction, `testSize: 20`
 * a row count. An integral value such as `1` is always a count (Python's `1.0` is an error there anyway).
 * @param n - Number of rows.
 * @param options - See {@link TrainTestSplitIndicesOptions}.
 * @returns Train and test indices; both empty when `n` is 0 (as Python returns the empty dataset twice).
 * @throws InvalidArgumentError with Python's message whenever Python raises ValueError.
 */
export function trainTestSplitIndices(n: number, options: TrainTestSplitIndicesOptions = {}): TrainTestIndices {
  if (!Number.isSafeInteger(n) || n < 0 || n > 4294967296) {
    throw new InvalidArgumentError(`trainTestSplitIndices: n must be an integer in [0, 2^32], got ${n}`);
  }
  const shuffle = options.shuffle ?? true;
  let testSize = options.testSize;
  const trainSize = options.trainSize;
  for (const [name, v] of [
    ["test_size", testSize],
    ["train_size", trainSize],
  ] as const) {
    if (v !== undefined && (typeof v !== "number" || Number.isNaN(v))) {
      throw new InvalidArgumentError(`Invalid value for ${name}: ${String(v)} of type ${typeof v}`);
    }
  }
  if (n === 0) return { train: new Uint32Array(0), test: new Uint32Array(0) };
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;

  const check = (v: number | undefined, name: string) => {
    if ((isInt(v) && (v >= n || v <= 0)) || (isFloat(v) && (v <= 0 || v >= 1))) {
      throw new InvalidArgumentError(
        `${name}=${pyRepr(v)} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`,
      );
    }
  };
  check(testSize, "test_size");
  check(trainSize, "train_size");
  if (isFloat(trainSize) && isFloat(testSize) && trainSize + testSize > 1) {
    throw new InvalidArgumentError(
      `The sum of test_size and train_size = ${pyRepr(trainSize + testSize, true)}, should be in the (0, 1) range. Reduce test_size and/or train_size.`,
    );
  }
  // Track whether Python would hold a float (int sizes are converted with float()).
  let nTest = 0;
  let nTrain = 0;
  let testIsFloat = false;
  let trainIsFloat = false;
  if (isFloat(testSize)) nTest = Math.ceil(testSize * n);
  else if (isInt(testSize)) {
    nTest = testSize;
    testIsFloat = true;
  }
  if (isFloat(trainSize)) nTrain = Math.floor(trainSize * n);
  else if (isInt(trainSize)) {
    nTrain = trainSize;
    trainIsFloat = true;
  }
  if (trainSize === undefined) {
    nTrain = n - nTest;
    trainIsFloat = testIsFloat;
  } else if (testSize === undefined) {
    nTest = n - nTrain;
    testIsFloat = trainIsFloat;
  }
  if (nTrain + nTest > n) {
    throw new InvalidArgumentError(
      `The sum of train_size and test_size = ${pyRepr(nTrain + nTest, testIsFloat || trainIsFloat)}, should be smaller than the number of samples ${n}. Reduce test_size and/or train_size.`,
    );
  }
  if (nTrain === 0) {
    throw new InvalidArgumentError(
      `With n_samples=${n}, test_size=${pyRepr(testSize)} and train_size=${pyRepr(trainSize)}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    );
  }
  if (options.stratify !== undefined && options.stratify.length !== n) {
    throw new InvalidArgumentError(`stratify has ${options.stratify.length} labels for ${n} rows`);
  }
  if (!shuffle) {
    if (options.stratify !== undefined) {
      throw new InvalidArgumentError("Stratified train/test split is not implemented for `shuffle=False`");
    }
    const train = new Uint32Array(nTrain);
    for (let i = 0; i < nTrain; i++) train[i] = i;
    const test = new Uint32Array(nTest);
    for (let i = 0; i < nTest; i++) test[i] = nTrain + i;
    return { train, test };
  }
  const rng = new NumpyGenerator(options.seed);
  if (options.stratify !== undefined) {
    return stratifiedSplitIndices(options.stratify, nTrain, nTest, rng, options.stratifyColumn ?? "label");
  }
  const perm = rng.permutation(n);
  return { test: perm.slice(0, nTest), train: perm.slice(nTest, nTest + nTrain) };
}

import { InvalidArgumentError } from "@crucible/types";
import { NumpyGenerator } from "../rng/numpy-generator.js";
import type { SeedEntropy } from "../rng/seed-sequence.js";

/** Options of {@link randomSample}. */
export interface RandomSampleOptions {
  /** Number of indices to draw. */
  size: number;
  /** Seed of `np.random.default_rng(seed)`. Default undefined: OS entropy (non-deterministic). */
  seed?: SeedEntropy;
  /** Draw with replacement. Default false. */
  replace?: boolean;
}

/**
 * `size` random row indices in [0, n): exactly `np.random.default_rng(seed).choice(n, size, replace=replace)`
 * (numpy's Floyd / tail-shuffle algorithm without replacement, Lemire draws with replacement), so a Python
 * recipe that samples rows this way picks the same rows in the same order.
 * @param n - Number of rows (at most 2^32).
 * @param options - `size`, `seed` (default random), `replace` (default false).
 * @returns The indices, in draw order.
 * @throws InvalidArgumentError when `size` is negative or exceeds `n` without replacement.
 */
export function randomSample(n: number, options: RandomSampleOptions): Uint32Array {
  const { size, replace = false } = options;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new InvalidArgumentError(`randomSample: size must be a non-negative integer, got ${size}`);
  }
  if (!replace && size > n) {
    throw new InvalidArgumentError(`randomSample: cannot take ${size} rows out of ${n} without replacement`, {
      hint: "Lower size or pass replace: true",
    });
  }
  return new NumpyGenerator(options.seed).choice(n, size, { replace, shuffle: true });
}

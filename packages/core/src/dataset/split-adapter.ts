import { InvalidArgumentError } from "@crucible/types";
import { NumpyGenerator } from "../rng/index.js";

/**
 * Local adapter for Python `datasets`' `train_test_split` index computation.
 *
 * TODO(core-data): switch to core-rng's `trainTestSplitIndices` (src/split/) once it is exported; this copy
 * follows the same Python code (arrow_dataset.py `train_test_split`) so the results are identical.
 *
 * A size below 1 is a fraction (Python float), a size of 1 or more a row count (Python int).
 * Test rows: `ceil(testSize · n)`; train rows: `floor(trainSize · n)`; with a shuffle, test =
 * `permutation[:nTest]`, train = `permutation[nTest:nTest + nTrain]` of `default_rng(seed).permutation(n)`.
 * @internal
 */
export function trainTestSplitIndices(
  n: number,
  options: { testSize?: number; trainSize?: number; seed?: number | bigint; shuffle?: boolean } = {},
): { train: Uint32Array; test: Uint32Array } {
  let { testSize, trainSize } = options;
  const shuffle = options.shuffle ?? true;
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;
  const isFrac = (x: number): boolean => !Number.isInteger(x) || x === 0;
  for (const [name, v] of [
    ["testSize", testSize],
    ["trainSize", trainSize],
  ] as const) {
    if (v === undefined) continue;
    if (isFrac(v) ? v <= 0 || v >= 1 : v <= 0 || v >= n) {
      throw new InvalidArgumentError(
        `trainTestSplit: ${name}=${v} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`,
      );
    }
  }
  if (testSize !== undefined && trainSize !== undefined && isFrac(testSize) && isFrac(trainSize) && testSize + trainSize > 1) {
    throw new InvalidArgumentError(`trainTestSplit: testSize + trainSize = ${testSize + trainSize} should be in the (0, 1) range`);
  }
  let nTest = testSize === undefined ? undefined : isFrac(testSize) ? Math.ceil(testSize * n) : testSize;
  let nTrain = trainSize === undefined ? undefined : isFrac(trainSize) ? Math.floor(trainSize * n) : trainSize;
  if (nTrain === undefined) nTrain = n - (nTest as number);
  else if (nTest === undefined) nTest = n - nTrain;
  const test = nTest as number;
  if (nTrain + test > n) {
    throw new InvalidArgumentError(`trainTestSplit: the sum of trainSize (${nTrain}) and testSize (${test}) exceeds the ${n} samples`);
  }
  if (nTrain === 0) {
    throw new InvalidArgumentError(`trainTestSplit: with n=${n}, testSize=${testSize} and trainSize=${trainSize} the train set would be empty`);
  }
  if (!shuffle) {
    return {
      train: Uint32Array.from({ length: nTrain }, (_, i) => i),
      test: Uint32Array.from({ length: test }, (_, i) => nTrain + i),
    };
  }
  const perm = new NumpyGenerator(options.seed).permutation(n);
  return { train: perm.slice(test, test + (nTrain as number)), test: perm.slice(0, test) };
}

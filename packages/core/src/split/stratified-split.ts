import { InvalidArgumentError } from "@crucible/types";
import type { NumpyGenerator } from "../rng/numpy-generator.js";

/**
 * `datasets.utils.stratify.approximate_mode`: splits `nDraws` over classes proportionally (floor of the exact
 * share), then hands out the remaining draws by decreasing remainder, breaking ties with
 * `rng.choice(tied, size, replace=False)`.
 */
function approximateMode(classCounts: number[], nDraws: number, rng: NumpyGenerator): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (nDraws * c) / total);
  const floored = continuous.map((x) => Math.floor(x));
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((x, i) => x - (floored[i] as number));
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, needToAdd);
      for (const k of rng.choice(inds.length, addNow, { replace: false })) {
        const idx = inds[k] as number;
        floored[idx] = (floored[idx] as number) + 1;
      }
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** `np.unique(y, return_inverse=True)` for numbers or strings. */
function uniqueInverse(labels: ArrayLike<unknown>): { classes: unknown[]; inverse: Uint32Array } {
  const values: unknown[] = Array.from(labels);
  const allNumbers = values.every((v): boolean => typeof v === "number");
  const allStrings = values.every((v): boolean => typeof v === "string");
  if (!allNumbers && !allStrings) {
    throw new InvalidArgumentError("Stratifying needs labels that are all numbers or all strings (a ClassLabel column)");
  }
  const cmp = allNumbers
    ? (a: unknown, b: unknown) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0)
    : (a: unknown, b: unknown) => {
        // Code-point order, as numpy compares unicode strings.
        const x = Array.from(a as string, (c) => c.codePointAt(0) as number);
        const y = Array.from(b as string, (c) => c.codePointAt(0) as number);
        for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
        return x.length - y.length;
      };
  const classes = [...new Set<unknown>(values)].sort(cmp);
  const pos = new Map(classes.map((c, i) => [c, i]));
  return { classes, inverse: Uint32Array.from(values, (v) => pos.get(v) as number) };
}

/**
 * The train/test indices of Python `datasets`' `train_test_split(stratify_by_column=...)`
 * (`stratified_shuffle_split_generate_indices`, first split): per-class train and test counts by
 * `approximate_mode`, a `rng.permutation` of each class's rows (classes in sorted order), then a final
 * `rng.permutation` of the train list and of the test list.
 * @param labels - The stratification column, one label per row.
 * @param nTrain - Number of train rows.
 * @param nTest - Number of test rows.
 * @param rng - The generator (`default_rng(seed)`), consumed as Python consumes it.
 * @param column - Column name for error messages. Default `"label"`.
 * @throws InvalidArgumentError with Python's messages (a class with one row; fewer rows than classes).
 * @internal
 */
export function stratifiedSplitIndices(
  labels: ArrayLike<unknown>,
  nTrain: number,
  nTest: number,
  rng: NumpyGenerator,
  column = "label",
): { train: Uint32Array; test: Uint32Array } {
  const { classes, inverse } = uniqueInverse(labels);
  const nClasses = classes.length;
  const classCounts = new Array<number>(nClasses).fill(0);
  for (const c of inverse) classCounts[c] = (classCounts[c] as number) + 1;
  if (Math.min(...classCounts) < 2) {
    throw new InvalidArgumentError(
      `The least populated class in ${column} column has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.`,
    );
  }
  if (nTrain < nClasses) {
    throw new InvalidArgumentError(`The train_size = ${nTrain} should be greater or equal to the number of classes = ${nClasses}`);
  }
  if (nTest < nClasses) {
    throw new InvalidArgumentError(`The test_size = ${nTest} should be greater or equal to the number of classes = ${nClasses}`);
  }
  // Rows of each class in ascending order (a stable argsort of the inverse).
  const classIndices: number[][] = classes.map(() => []);
  inverse.forEach((c, row) => (classIndices[c] as number[]).push(row));
  const nI = approximateMode(classCounts, nTrain, rng);
  const tI = approximateMode(
    classCounts.map((c, i) => c - (nI[i] as number)),
    nTest,
    rng,
  );
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < nClasses; i++) {
    const perm = rng.permutation(classCounts[i] as number);
    const rows = classIndices[i] as number[];
    const a = nI[i] as number;
    const b = a + (tI[i] as number);
    for (let j = 0; j < a; j++) train.push(rows[perm[j] as number] as number);
    for (let j = a; j < b; j++) test.push(rows[perm[j] as number] as number);
  }
  return { train: Uint32Array.from(rng.permutation(train)), test: Uint32Array.from(rng.permutation(test)) };
}

import { type Dataset, PythonRandom } from "@crucible/core";
import { InvalidArgumentError } from "@crucible/types";

/**
 * The cookbook's cleaned class name (`ClassifierDataset.get_class_name`): every `_`, `.` and `-` becomes a space,
 * then the text is lower-cased. No trimming, no collapsing of spaces (as in Python).
 * @param name - A ClassLabel name, e.g. `"Faces_easy"`.
 * @returns E.g. `"faces easy"`.
 */
export function cookbookClassName(name: string): string {
  return name.replace(/[_.-]/g, " ").toLowerCase();
}

/** Options of {@link shuffledIndices}. */
export interface ShuffledIndicesOptions {
  /** Seed of `random.Random(seed)`. Default 0 (the cookbook's first epoch; `set_epoch(e)` passes `e`). */
  seed?: number | bigint;
  /** Passes over the data, may be fractional. Default 1. */
  numRepeats?: number;
}

/**
 * The cookbook's training order (`ClassifierDataset.get_shuffled_indices`): `ceil(numRepeats)` rounds, each one a
 * `random.Random(seed).shuffle` of `range(n)` with one generator shared across rounds, concatenated and cut to
 * `ceil(numRepeats * n)` indices. Same indices as CPython.
 * @param n - Dataset length.
 * @param options - `seed` (default 0), `numRepeats` (default 1).
 * @returns Row indices in training order.
 * @throws InvalidArgumentError when `n` is not a non-negative integer or `numRepeats` is negative or not finite.
 */
export function shuffledIndices(n: number, options: ShuffledIndicesOptions = {}): number[] {
  const { seed = 0, numRepeats = 1 } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isFinite(numRepeats) || numRepeats < 0)
    throw new InvalidArgumentError(`numRepeats must be a finite number ≥ 0, got ${numRepeats}`);
  const rng = new PythonRandom(seed);
  const out: number[] = [];
  for (let round = 0; round < Math.ceil(numRepeats); round++) {
    const indices = Array.from({ length: n }, (_, i) => i);
    rng.shuffle(indices);
    for (const i of indices) out.push(i);
  }
  return out.slice(0, Math.ceil(numRepeats * n));
}

/** Options of {@link subsamplePerClass}. */
export interface SubsampleOptions {
  /** Seed of `random.Random(subset_seed)`. Default 0 (the cookbook's `subset_seed` default). */
  seed?: number | bigint;
}

/**
 * The cookbook's few-shot subset (`ClassifierDataset._sample_per_class`): indices are grouped by label in dataset
 * order; for each label in ascending order its list is shuffled with one `random.Random(seed)` shared across labels,
 * and its first `examplesPerClass` are kept. The result is the concatenation, label by label (the cookbook then
 * `select`s these rows in this order). Same indices as CPython.
 * @param labels - The label of every row, in dataset order.
 * @param examplesPerClass - Rows kept per label (fewer when a label has fewer rows).
 * @param options - `seed` (default 0).
 * @returns Row indices to select.
 * @throws InvalidArgumentError when `examplesPerClass` is not a non-negative integer.
 */
export function subsamplePerClass(labels: Iterable<number>, examplesPerClass: number, options: SubsampleOptions = {}): number[] {
  if (!Number.isSafeInteger(examplesPerClass) || examplesPerClass < 0) {
    throw new InvalidArgumentError(`examplesPerClass must be a non-negative integer, got ${examplesPerClass}`);
  }
  const byLabel = new Map<number, number[]>();
  let i = 0;
  for (const label of labels) {
    const list = byLabel.get(label);
    if (list) list.push(i);
    else byLabel.set(label, [i]);
    i++;
  }
  const rng = new PythonRandom(options.seed ?? 0);
  const out: number[] = [];
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const indices = byLabel.get(label) as number[];
    rng.shuffle(indices);
    for (const index of indices.slice(0, examplesPerClass)) out.push(index);
  }
  return out;
}

/**
 * The cookbook's few-shot training subset of a loaded dataset: `dataset.select(subsamplePerClass(labels, k, { seed }))`
 * (see {@link subsamplePerClass}). The cookbook never subsamples the test split.
 * @param dataset - A loaded split, e.g. from `caltech101({ split: "train" })`.
 * @param examplesPerClass - Rows kept per class.
 * @param options - `seed` (default 0, the cookbook's `subset_seed`).
 * @returns The selected rows, label by label.
 */
export function sampleFewShot<T extends { label: number }>(
  dataset: Dataset<T>,
  examplesPerClass: number,
  options: SubsampleOptions = {},
): Dataset<T> {
  const labels: number[] = [];
  for (let i = 0; i < dataset.length; i++) labels.push((dataset.at(i) as T).label);
  return dataset.select(subsamplePerClass(labels, examplesPerClass, options));
}

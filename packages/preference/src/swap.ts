import { Dataset, PythonRandom } from "@crucible/core";
import { type LabeledComparison, swapLabeledComparison } from "@crucible/types";

/** Options of {@link cookbookSwap}. */
export interface CookbookSwapOptions {
  /** Seed of the Python `random.Random` used for the draws. Default `0` (the cookbook's). */
  seed?: number;
}

/**
 * The cookbook's A/B randomisation for reward-model data (`ChatDatasetBuilderFromComparisons` with
 * `swap=False`, `tinker_cookbook/preference/preference_datasets.py`): one `random.Random(seed)` draws `random()` once per comparison, in
 * dataset order, and the comparison is swapped ({@link swapLabeledComparison}: A ↔ B, label flipped, Tie stays Tie)
 * when the draw is `< 0.5`. The cookbook draws lazily in `get_batch` order; this equals it when batches are read in
 * order, starting from a fresh generator.
 * @param dataset - Comparisons in the order the cookbook would read them (e.g. a loader's output).
 * @param options - `seed` (default 0).
 * @returns A new Dataset (same info); the input is not modified.
 */
export function cookbookSwap<T extends LabeledComparison>(dataset: Dataset<T>, options: CookbookSwapOptions = {}): Dataset<T> {
  const rng = new PythonRandom(options.seed ?? 0);
  const out: T[] = [];
  for (const c of dataset) out.push(rng.random() < 0.5 ? (swapLabeledComparison(c) as T) : c);
  return Dataset.fromRows(out, { info: dataset.info });
}

import type { MathProblem } from "@crucible/types";
import type { Dataset } from "@crucible/core";
import { extractBoxed } from "../extract/boxed.js";
import { datasetFromRows, type HubLoadOptions, loadSplit } from "./adapters.js";
import { cellText, inCookbookOrder, indexed, resolveSeed, sourceOf } from "./common.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The MATH-500 repo id. */
export const MATH500_REPO = "HuggingFaceH4/MATH-500";

/** A MATH-500 problem: the reference is the last `\boxed{}` of the solution; the dataset's own answer is kept. */
export interface Math500Problem extends MathProblem {
  /** The dataset's `answer` column (the cookbook does not use it; it agrees with `answer` on every row). */
  datasetAnswer: string;
  /** Subject, e.g. `Precalculus`. */
  subject: string;
  /** Difficulty level 1–5. */
  level: number;
  /** The original MATH file id, e.g. `test/precalculus/807.json` (also the `id`). */
  uniqueId: string;
}

/** Options of {@link math500}. */
export interface Math500Options extends HubLoadOptions, SkipReporting {
  /** Split or split string. Default `"test"` (the only split). */
  split?: string;
  /**
   * Seed of a numpy-exact `Dataset.shuffle(seed)` of the whole split, applied before rows without a boxed answer are
   * dropped. Default `false`: Hub order, as the cookbook keeps its test set.
   */
  seed?: number | false;
}

/**
 * Loads MATH-500 as the cookbook's `_get_hendrycks_math_test` and `MathDataset` do
 * (`tinker_cookbook/recipes/math_rl/math_env.py`): `answer` = the last `\boxed{}` of `solution` (cookbook-exact
 * {@link extractBoxed}), the `answer` column kept as `datasetAnswer`. Rows whose solution has no boxed answer are
 * skipped and reported. Not shuffled by default (it is the test set).
 * @param options - `split` (default `"test"`), `seed` (default `false`), Hub options, `onSkip`.
 * @returns A Dataset of {@link Math500Problem} with `id` = `unique_id`.
 */
export async function math500(options: Math500Options = {}): Promise<Dataset<Math500Problem>> {
  const { split = "test", seed: seedOption, onSkip, ...hub } = options;
  const seed = resolveSeed(seedOption, false);
  const config = "default";
  const rows = await loadSplit(MATH500_REPO, { ...hub, split });
  const skips = new SkipCollector("math500", onSkip);
  const out: Math500Problem[] = [];
  for (const [raw, index, rowSplit] of inCookbookOrder([...indexed(rows, split)], seed)) {
    const solution = cellText(raw.solution);
    const boxed = extractBoxed(solution, { mode: "cookbook" });
    if (!boxed.ok) {
      skips.add({ repo: MATH500_REPO, config, split: rowSplit, index, reason: "no-boxed-answer", detail: boxed.message, raw });
      continue;
    }
    const uniqueId = cellText(raw.unique_id);
    out.push({
      id: uniqueId || `${MATH500_REPO}/${config}/${rowSplit}/${index}`,
      problem: cellText(raw.problem),
      answer: boxed.value,
      solution,
      datasetAnswer: cellText(raw.answer),
      subject: cellText(raw.subject),
      level: Number(raw.level),
      uniqueId,
      source: sourceOf(MATH500_REPO, config, rowSplit, index, rows),
      raw,
    });
  }
  skips.finish();
  return datasetFromRows(out, { repo: MATH500_REPO, config, split, ...(rows.info?.revision ? { revision: rows.info.revision } : {}) });
}

import type { MathProblem } from "@crucible/types";
import { type Dataset, Transform, skipRow } from "@crucible/core";
import { extractBoxed } from "../extract/boxed.js";
import { type HubLoadOptions, loadProblems, type Row } from "./adapters.js";
import { cellText, rowSplit, sourceOf } from "./common.js";
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
}

/**
 * Loads MATH-500 as the cookbook does (reference/datasets.md §1.2): `answer` = the last `\boxed{}` of `solution`
 * (cookbook-exact {@link extractBoxed}), the `answer` column kept as `datasetAnswer`. Rows whose solution has no
 * boxed answer are skipped and reported. Not shuffled (it is the test set).
 * @param options - `split` (default `"test"`), Hub options, `onSkip`.
 * @returns A Dataset of {@link Math500Problem} with `id` = `unique_id`.
 */
export async function math500(options: Math500Options = {}): Promise<Dataset<Math500Problem>> {
  const { split = "test", onSkip, ...hub } = options;
  const config = "default";
  const skips = new SkipCollector("math500", onSkip);
  const ds = await loadProblems<Math500Problem>(
    MATH500_REPO,
    { ...hub, split },
    "math500",
    (info) =>
      Transform.rows<Row>().map((raw, ctx) => {
        const solution = cellText(raw.solution);
        const boxed = extractBoxed(solution, { mode: "cookbook" });
        if (!boxed.ok) return skipRow("no-boxed-answer", boxed.message);
        const s = rowSplit(ctx, split);
        const uniqueId = cellText(raw.unique_id);
        return {
          id: uniqueId || `${MATH500_REPO}/${config}/${s}/${ctx.index}`,
          problem: cellText(raw.problem),
          answer: boxed.value,
          solution,
          datasetAnswer: cellText(raw.answer),
          subject: cellText(raw.subject),
          level: Number(raw.level),
          uniqueId,
          source: sourceOf(MATH500_REPO, config, s, ctx.index, info),
        };
      }),
    skips,
  );
  skips.finish();
  return ds;
}

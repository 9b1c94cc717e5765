import type { MathProblem } from "@crucible/types";
import { type Dataset, Transform, skipRow } from "@crucible/core";
import { type HubLoadOptions, loadProblems, type Row } from "./adapters.js";
import { cellText, defaultId, isEmptyCell, rowSplit, sourceOf } from "./common.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The DeepMath-103K repo id. */
export const DEEPMATH_REPO = "zwhe99/DeepMath-103K";
/** The Polaris-53K repo id. */
export const POLARIS_REPO = "POLARIS-Project/Polaris-Dataset-53K";

/** Options of {@link deepMath} and {@link polaris}. */
export interface AnswerSetOptions extends HubLoadOptions, SkipReporting {
  /** Split or split string. Default `"train"` (the only split). */
  split?: string;
}

/** A DeepMath problem with its difficulty and topic. */
export interface DeepMathProblem extends MathProblem {
  difficulty: number;
  topic: string;
}

/** A Polaris problem with its difficulty (as stored: a pass rate string or number). */
export interface PolarisProblem extends MathProblem {
  difficulty: unknown;
}

/**
 * Loads DeepMath-103K as the cookbook's `DeepMathDataset` does (reference/datasets.md §1.4): `problem` = `question`,
 * `answer` = `final_answer`, `solution` = `r1_solution_1`; rows with an empty question or answer are skipped and
 * counted. Call `.shuffle({ seed })` for the cookbook's order.
 * @param options - `split` (default `"train"`), Hub options, `onSkip`.
 */
export async function deepMath(options: AnswerSetOptions = {}): Promise<Dataset<DeepMathProblem>> {
  const { split = "train", onSkip, ...hub } = options;
  const config = "default";
  const skips = new SkipCollector("deepMath", onSkip);
  const ds = await loadProblems<DeepMathProblem>(
    DEEPMATH_REPO,
    { ...hub, split },
    "deepMath",
    (info) =>
      Transform.rows<Row>().map((raw, ctx) => {
        if (isEmptyCell(raw.question)) return skipRow("empty-problem");
        if (isEmptyCell(raw.final_answer)) return skipRow("empty-answer");
        const s = rowSplit(ctx, split);
        const problem: DeepMathProblem = {
          id: defaultId(DEEPMATH_REPO, config, s, ctx.index),
          problem: cellText(raw.question),
          answer: cellText(raw.final_answer),
          difficulty: Number(raw.difficulty),
          topic: cellText(raw.topic),
          source: sourceOf(DEEPMATH_REPO, config, s, ctx.index, info),
        };
        if (!isEmptyCell(raw.r1_solution_1)) problem.solution = cellText(raw.r1_solution_1);
        return problem;
      }),
    skips,
  );
  skips.finish();
  return ds;
}

/**
 * Loads Polaris-53K as the cookbook's `PolarisDataset` does (reference/datasets.md §1.5): `problem`, `answer`;
 * rows with an empty problem or answer are skipped and counted. No solution column.
 * @param options - `split` (default `"train"`), Hub options, `onSkip`.
 */
export async function polaris(options: AnswerSetOptions = {}): Promise<Dataset<PolarisProblem>> {
  const { split = "train", onSkip, ...hub } = options;
  const config = "default";
  const skips = new SkipCollector("polaris", onSkip);
  const ds = await loadProblems<PolarisProblem>(
    POLARIS_REPO,
    { ...hub, split },
    "polaris",
    (info) =>
      Transform.rows<Row>().map((raw, ctx) => {
        if (isEmptyCell(raw.problem)) return skipRow("empty-problem");
        if (isEmptyCell(raw.answer)) return skipRow("empty-answer");
        const s = rowSplit(ctx, split);
        return {
          id: defaultId(POLARIS_REPO, config, s, ctx.index),
          problem: cellText(raw.problem),
          answer: cellText(raw.answer),
          difficulty: raw.difficulty,
          source: sourceOf(POLARIS_REPO, config, s, ctx.index, info),
        };
      }),
    skips,
  );
  skips.finish();
  return ds;
}

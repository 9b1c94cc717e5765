import type { MathProblem } from "@crucible/types";
import { type Dataset, Transform, skipRow } from "@crucible/core";
import { type HubLoadOptions, inCookbookOrder, loadProblems, problemInfo, type Row } from "./adapters.js";
import { cellText, defaultId, isEmptyCell, resolveSeed, rowSplit, sourceOf } from "./common.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The DeepMath-103K repo id. */
export const DEEPMATH_REPO = "zwhe99/DeepMath-103K";
/** The Polaris-53K repo id. */
export const POLARIS_REPO = "POLARIS-Project/Polaris-Dataset-53K";

/** Options of {@link deepMath} and {@link polaris}. */
export interface AnswerSetOptions extends HubLoadOptions, SkipReporting {
  /** Split or split string. Default `"train"` (the only split). */
  split?: string;
  /**
   * Seed of the cookbook's shuffle of the whole split (numpy-exact `Dataset.shuffle(seed)`), applied before rows
   * with an empty problem or answer are dropped, so a dropped row never moves the others; `false` keeps Hub order.
   * Default `0` (the cookbook's `DeepMathDataset` / `PolarisDataset` seed).
   */
  seed?: number | false;
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
 * Loads DeepMath-103K as the cookbook's `DeepMathDataset` does (`tinker_cookbook/recipes/math_rl/math_env.py`):
 * the whole split shuffled (`seed`, default 0), then `problem` = `question`, `answer` = `final_answer`,
 * `solution` = `r1_solution_1`; rows whose question or answer is empty (Python falsy) are skipped and reported.
 * @param options - `split` (default `"train"`), `seed` (default 0), Hub options, `onSkip`.
 */
export async function deepMath(options: AnswerSetOptions = {}): Promise<Dataset<DeepMathProblem>> {
  const { split = "train", seed: seedOption, onSkip, ...hub } = options;
  const seed = resolveSeed(seedOption, 0);
  const config = "default";
  const part = await loadProblems<DeepMathProblem>(DEEPMATH_REPO, { ...hub, split }, "deepMath", (info) =>
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
  );
  const skips = new SkipCollector("deepMath", onSkip);
  const ds = inCookbookOrder(DEEPMATH_REPO, [part], seed, skips, problemInfo(DEEPMATH_REPO, config, split, part));
  skips.finish();
  return ds;
}

/**
 * Loads Polaris-53K as the cookbook's `PolarisDataset` does (`tinker_cookbook/recipes/math_rl/math_env.py`):
 * the whole split shuffled (`seed`, default 0), then `problem`, `answer`; rows whose problem or answer is empty
 * (Python falsy) are skipped and reported. No solution column.
 * @param options - `split` (default `"train"`), `seed` (default 0), Hub options, `onSkip`.
 */
export async function polaris(options: AnswerSetOptions = {}): Promise<Dataset<PolarisProblem>> {
  const { split = "train", seed: seedOption, onSkip, ...hub } = options;
  const seed = resolveSeed(seedOption, 0);
  const config = "default";
  const part = await loadProblems<PolarisProblem>(POLARIS_REPO, { ...hub, split }, "polaris", (info) =>
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
  );
  const skips = new SkipCollector("polaris", onSkip);
  const ds = inCookbookOrder(POLARIS_REPO, [part], seed, skips, problemInfo(POLARIS_REPO, config, split, part));
  skips.finish();
  return ds;
}

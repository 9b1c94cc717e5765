import type { MathProblem } from "@crucible/types";
import type { Dataset } from "@crucible/core";
import { datasetFromRows, type HubLoadOptions, loadSplit } from "./adapters.js";
import { cellText, defaultId, inCookbookOrder, indexed, isEmptyCell, resolveSeed, sourceOf } from "./common.js";
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
  const rows = await loadSplit(DEEPMATH_REPO, { ...hub, split });
  const skips = new SkipCollector("deepMath", onSkip);
  const out: DeepMathProblem[] = [];
  for (const [raw, index, rowSplit] of inCookbookOrder([...indexed(rows, split)], seed)) {
    if (isEmptyCell(raw.question) || isEmptyCell(raw.final_answer)) {
      skips.add({ repo: DEEPMATH_REPO, config, split: rowSplit, index, reason: isEmptyCell(raw.question) ? "empty-problem" : "empty-answer", raw });
      continue;
    }
    const problem: DeepMathProblem = {
      id: defaultId(DEEPMATH_REPO, config, rowSplit, index),
      problem: cellText(raw.question),
      answer: cellText(raw.final_answer),
      difficulty: Number(raw.difficulty),
      topic: cellText(raw.topic),
      source: sourceOf(DEEPMATH_REPO, config, rowSplit, index, rows),
      raw,
    };
    if (!isEmptyCell(raw.r1_solution_1)) problem.solution = cellText(raw.r1_solution_1);
    out.push(problem);
  }
  skips.finish();
  return datasetFromRows(out, { repo: DEEPMATH_REPO, config, split, ...(rows.info?.revision ? { revision: rows.info.revision } : {}) });
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
  const rows = await loadSplit(POLARIS_REPO, { ...hub, split });
  const skips = new SkipCollector("polaris", onSkip);
  const out: PolarisProblem[] = [];
  for (const [raw, index, rowSplit] of inCookbookOrder([...indexed(rows, split)], seed)) {
    if (isEmptyCell(raw.problem) || isEmptyCell(raw.answer)) {
      skips.add({ repo: POLARIS_REPO, config, split: rowSplit, index, reason: isEmptyCell(raw.problem) ? "empty-problem" : "empty-answer", raw });
      continue;
    }
    out.push({
      id: defaultId(POLARIS_REPO, config, rowSplit, index),
      problem: cellText(raw.problem),
      answer: cellText(raw.answer),
      difficulty: raw.difficulty,
      source: sourceOf(POLARIS_REPO, config, rowSplit, index, rows),
      raw,
    });
  }
  skips.finish();
  return datasetFromRows(out, { repo: POLARIS_REPO, config, split, ...(rows.info?.revision ? { revision: rows.info.revision } : {}) });
}

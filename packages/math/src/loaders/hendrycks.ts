import type { MathProblem } from "@crucible/types";
import { createHash } from "node:crypto";
import { type Dataset, type DatasetInfo, Transform, skipRow } from "@crucible/core";
import { extractBoxed } from "../extract/boxed.js";
import {
  columnText,
  configNames,
  type HubLoadOptions,
  inCookbookOrder,
  type LoadedPart,
  loadProblems,
  problemInfo,
  type Row,
} from "./adapters.js";
import { cellText, defaultId, resolveSeed, rowSplit, sourceOf } from "./common.js";
import { MATH500_REPO } from "./math500.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The MATH (hendrycks_math) repo id. */
export const HENDRYCKS_MATH_REPO = "EleutherAI/hendrycks_math";

/** The seven subject configs of hendrycks_math, in Hub order. */
export const HENDRYCKS_MATH_CONFIGS = [
  "algebra",
  "counting_and_probability",
  "geometry",
  "intermediate_algebra",
  "number_theory",
  "prealgebra",
  "precalculus",
] as const;

/** A MATH problem with its subject config, level and type. */
export interface HendrycksMathProblem extends MathProblem {
  /** The subject config it came from, e.g. `algebra`. */
  config: string;
  /** e.g. `Level 5`. */
  level: string;
  /** e.g. `Algebra`. */
  type: string;
}

/** Options of {@link hendrycksMath}. */
export interface HendrycksMathOptions extends HubLoadOptions, SkipReporting {
  /** Subject configs to load, in this order. Default: every config of the repo, in Hub order (`getConfigNames`). */
  configs?: readonly string[];
  /**
   * Split(s) loaded per config, in this order. Default `["train", "test"]`: the cookbook's training set
   * (for each config, train then test). Pass `"test"` for the MATH test set.
   */
  split?: string | readonly string[];
  /**
   * Drop rows whose `problem` is one of MATH-500's problems (exact string match), as the cookbook does for training.
   * Default `true`.
   */
  decontaminate?: boolean;
  /** The problems to decontaminate against. Default: MATH-500's `problem` column, loaded with the same Hub options. */
  decontaminateAgainst?: Iterable<string>;
  /**
   * Seed of the cookbook's shuffle (numpy-exact `Dataset.shuffle(seed)`) of the whole decontaminated concatenation,
   * applied before rows without a boxed answer are dropped, so a dropped row never moves the others; `false` keeps
   * Hub order. Default: `0` (the cookbook's) when `split` is the cookbook's `["train", "test"]`, which it shuffles;
   * `false` for any other `split` (e.g. the MATH test set).
   */
  seed?: number | false;
}

/**
 * Loads MATH (`EleutherAI/hendrycks_math`) as the cookbook's `_get_hendrycks_math_train` and `MathDataset` do
 * (`tinker_cookbook/recipes/math_rl/math_env.py`): every subject config in Hub order, each config's splits in order,
 * rows whose problem is in MATH-500 removed, concatenated, then shuffled (`seed`); `answer` = the last `\boxed{}` of
 * `solution` (cookbook-exact), rows without one skipped and reported after the shuffle, as the cookbook drops them
 * when it builds batches.
 * @param options - `configs` (default all, Hub order), `split` (default `["train", "test"]`), `decontaminate`
 *   (default true), `decontaminateAgainst`, `seed` (default 0 for the default split, else `false`), Hub options,
 *   `onSkip`.
 * @returns A Dataset of {@link HendrycksMathProblem}, `id` = `EleutherAI/hendrycks_math/<config>/<split>/<index>`.
 */
export async function hendrycksMath(options: HendrycksMathOptions = {}): Promise<Dataset<HendrycksMathProblem>> {
  const { configs, split, decontaminate = true, decontaminateAgainst, seed: seedOption, onSkip, ...hub } = options;
  const splits = split === undefined ? ["train", "test"] : typeof split === "string" ? [split] : [...split];
  const cookbookSplits = splits.length === 2 && splits[0] === "train" && splits[1] === "test";
  const seed = resolveSeed(seedOption, cookbookSplits ? 0 : false);
  const configList = configs ? [...configs] : await configNames(HENDRYCKS_MATH_REPO, hub);
  let blocklist: Set<string> | null = null;
  if (decontaminate) {
    // the cookbook collects MATH-500's raw `problem` column (every row, boxed answer or not)
    blocklist = new Set(
      decontaminateAgainst ? [...decontaminateAgainst] : await columnText(MATH500_REPO, { ...hub, split: "test" }, "problem", cellText),
    );
  }
  // The stored outputs depend on the blocklist: its digest is part of their fingerprint.
  const params = {
    decontaminate:
      blocklist === null
        ? null
        : createHash("sha256")
            .update(JSON.stringify([...blocklist].sort()))
            .digest("hex"),
  };
  const parts: Array<LoadedPart<HendrycksMathProblem>> = [];
  for (const config of configList) {
    for (const s of splits) {
      const transform = (info: DatasetInfo) =>
        Transform.rows<Row>().map((raw, ctx) => {
          const problem = cellText(raw.problem);
          if (blocklist?.has(problem)) return skipRow("decontaminated");
          const solution = cellText(raw.solution);
          const boxed = extractBoxed(solution, { mode: "cookbook" });
          if (!boxed.ok) return skipRow("no-boxed-answer", boxed.message);
          const where = rowSplit(ctx, s);
          return {
            id: defaultId(HENDRYCKS_MATH_REPO, config, where, ctx.index),
            problem,
            answer: boxed.value,
            solution,
            config,
            level: cellText(raw.level),
            type: cellText(raw.type),
            source: sourceOf(HENDRYCKS_MATH_REPO, config, where, ctx.index, info),
          };
        });
      parts.push(
        await loadProblems<HendrycksMathProblem>(HENDRYCKS_MATH_REPO, { ...hub, config, split: s }, "hendrycksMath", transform, params),
      );
    }
  }
  // the cookbook filters each piece, concatenates, shuffles, and only then meets rows without a boxed answer
  const skips = new SkipCollector("hendrycksMath", onSkip);
  const info = problemInfo(HENDRYCKS_MATH_REPO, configList.join("+"), splits.join("+"), parts[0]);
  const ds = inCookbookOrder(HENDRYCKS_MATH_REPO, parts, seed, skips, info, new Set(["decontaminated"]));
  skips.finish();
  return ds;
}

import type { MathProblem } from "@crucible/types";
import type { Dataset } from "@crucible/core";
import { extractBoxed } from "../extract/boxed.js";
import { configNames, datasetFromRows, type HubLoadOptions, loadSplit, type RawSplit, type Row } from "./adapters.js";
import { cellText, defaultId, inCookbookOrder, indexed, resolveSeed, sourceOf } from "./common.js";
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
      decontaminateAgainst
        ? [...decontaminateAgainst]
        : [...(await loadSplit(MATH500_REPO, { ...hub, split: "test" }))].map((r) => cellText(r.problem)),
    );
  }
  const skips = new SkipCollector("hendrycksMath", onSkip);
  // the cookbook filters each piece, concatenates, shuffles, and only then meets rows without a boxed answer
  const kept: Array<{ raw: Row; index: number; split: string; config: string; rows: RawSplit }> = [];
  let revision: string | undefined;
  for (const config of configList) {
    for (const s of splits) {
      const rows = await loadSplit(HENDRYCKS_MATH_REPO, { ...hub, config, split: s });
      revision ??= rows.info?.revision;
      for (const [raw, index, rowSplit] of indexed(rows, s)) {
        if (blocklist?.has(cellText(raw.problem))) {
          skips.add({ repo: HENDRYCKS_MATH_REPO, config, split: rowSplit, index, reason: "decontaminated", raw });
          continue;
        }
        kept.push({ raw, index, split: rowSplit, config, rows });
      }
    }
  }
  const out: HendrycksMathProblem[] = [];
  for (const { raw, index, split: rowSplit, config, rows } of inCookbookOrder(kept, seed)) {
    const solution = cellText(raw.solution);
    const boxed = extractBoxed(solution, { mode: "cookbook" });
    if (!boxed.ok) {
      skips.add({ repo: HENDRYCKS_MATH_REPO, config, split: rowSplit, index, reason: "no-boxed-answer", detail: boxed.message, raw });
      continue;
    }
    out.push({
      id: defaultId(HENDRYCKS_MATH_REPO, config, rowSplit, index),
      problem: cellText(raw.problem),
      answer: boxed.value,
      solution,
      config,
      level: cellText(raw.level),
      type: cellText(raw.type),
      source: sourceOf(HENDRYCKS_MATH_REPO, config, rowSplit, index, rows),
      raw,
    });
  }
  skips.finish();
  return datasetFromRows(out, {
    repo: HENDRYCKS_MATH_REPO,
    config: configList.join("+"),
    split: splits.join("+"),
    ...(revision ? { revision } : {}),
  });
}

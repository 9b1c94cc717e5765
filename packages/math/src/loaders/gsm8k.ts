import type { MathProblem } from "@crucible/types";
import type { Dataset } from "@crucible/core";
import { extractGsm8kAnswer } from "../extract/gsm8k.js";
import { datasetFromRows, type HubLoadOptions, loadSplit } from "./adapters.js";
import { cellText, defaultId, inCookbookOrder, indexed, resolveSeed, sourceOf } from "./common.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The GSM8K repo id. */
export const GSM8K_REPO = "openai/gsm8k";

/** Options of {@link gsm8k}. */
export interface Gsm8kOptions extends HubLoadOptions, SkipReporting {
  /** `main` (the cookbook's) or `socratic`. Default `"main"`. */
  config?: "main" | "socratic";
  /** Split or split string (`train`, `test`, `train[:100]`). Default `"train"`. */
  split?: string;
  /**
   * Seed of the cookbook's shuffle of the whole split (numpy-exact `Dataset.shuffle(seed)`), applied before rows
   * without a final answer are dropped; `false` keeps Hub order. Default: `0` (the cookbook's) when `split` is
   * `"train"`, the split the cookbook shuffles; `false` for any other split (the cookbook keeps `test` in order).
   */
  seed?: number | false;
}

/**
 * Loads GSM8K as math problems, as the cookbook's `Gsm8kDataset` does (`tinker_cookbook/recipes/math_rl/math_env.py`):
 * `problem` = `question`, `answer` = the `####` final answer parsed by {@link extractGsm8kAnswer} (commas removed),
 * `solution` = the whole `answer` column. The train split comes in the cookbook's order (`shuffle(seed=0)` of every
 * row); rows without a final answer are then skipped and reported, so the others keep their places.
 * @param options - `config` (default `"main"`), `split` (default `"train"`), `seed` (default 0 for `"train"`, else
 *   `false`), Hub options, `onSkip`.
 * @returns A Dataset of {@link MathProblem} with `id` = `openai/gsm8k/<config>/<split>/<index>` and `raw`.
 */
export async function gsm8k(options: Gsm8kOptions = {}): Promise<Dataset<MathProblem>> {
  const { config = "main", split = "train", seed: seedOption, onSkip, ...hub } = options;
  const seed = resolveSeed(seedOption, split === "train" ? 0 : false);
  const rows = await loadSplit(GSM8K_REPO, { ...hub, config, split });
  const skips = new SkipCollector("gsm8k", onSkip);
  const out: MathProblem[] = [];
  for (const [raw, index, rowSplit] of inCookbookOrder([...indexed(rows, split)], seed)) {
    const solution = cellText(raw.answer);
    const final = extractGsm8kAnswer(solution);
    if (!final.ok) {
      skips.add({ repo: GSM8K_REPO, config, split: rowSplit, index, reason: "no-final-answer", detail: final.message, raw });
      continue;
    }
    out.push({
      id: defaultId(GSM8K_REPO, config, rowSplit, index),
      problem: cellText(raw.question),
      answer: final.value,
      solution,
      source: sourceOf(GSM8K_REPO, config, rowSplit, index, rows),
      raw,
    });
  }
  skips.finish();
  return datasetFromRows(out, { repo: GSM8K_REPO, config, split, ...(rows.info?.revision ? { revision: rows.info.revision } : {}) });
}

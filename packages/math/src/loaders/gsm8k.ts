import type { MathProblem } from "@crucible/types";
import { type Dataset, Transform, skipRow } from "@crucible/core";
import { extractGsm8kAnswer } from "../extract/gsm8k.js";
import { type HubLoadOptions, inCookbookOrder, loadProblems, problemInfo, type Row } from "./adapters.js";
import { cellText, defaultId, resolveSeed, rowSplit, sourceOf } from "./common.js";
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
  const part = await loadProblems<MathProblem>(GSM8K_REPO, { ...hub, config, split }, "gsm8k", (info) =>
    Transform.rows<Row>().map((raw, ctx) => {
      const solution = cellText(raw.answer);
      const final = extractGsm8kAnswer(solution);
      if (!final.ok) return skipRow("no-final-answer", final.message);
      const s = rowSplit(ctx, split);
      return {
        id: defaultId(GSM8K_REPO, config, s, ctx.index),
        problem: cellText(raw.question),
        answer: final.value,
        solution,
        source: sourceOf(GSM8K_REPO, config, s, ctx.index, info),
      };
    }),
  );
  const skips = new SkipCollector("gsm8k", onSkip);
  const ds = inCookbookOrder(GSM8K_REPO, [part], seed, skips, problemInfo(GSM8K_REPO, config, split, part));
  skips.finish();
  return ds;
}

import type { MathProblem } from "@crucible/types";
import { type Dataset, Transform, skipRow } from "@crucible/core";
import { extractGsm8kAnswer } from "../extract/gsm8k.js";
import { type HubLoadOptions, loadProblems, type Row } from "./adapters.js";
import { cellText, defaultId, rowSplit, sourceOf } from "./common.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The GSM8K repo id. */
export const GSM8K_REPO = "openai/gsm8k";

/** Options of {@link gsm8k}. */
export interface Gsm8kOptions extends HubLoadOptions, SkipReporting {
  /** `main` (the cookbook's) or `socratic`. Default `"main"`. */
  config?: "main" | "socratic";
  /** Split or split string (`train`, `test`, `train[:100]`). Default `"train"`. */
  split?: string;
}

/**
 * Loads GSM8K as math problems, as the cookbook's `Gsm8kDataset` does (`tinker_cookbook/recipes/math_rl/math_env.py`):
 * `problem` = `question`, `answer` = the `####` final answer parsed by {@link extractGsm8kAnswer} (commas removed),
 * `solution` = the whole `answer` column. Rows without a final answer are skipped and reported. Rows keep their
 * Hub order; call `.shuffle({ seed: 0 })` for the cookbook's training order. The problems are stored on disk
 * beside the split and reopened on the next load; `raw` is read from the split on access.
 * @param options - `config` (default `"main"`), `split` (default `"train"`), Hub options, `onSkip`.
 * @returns A Dataset of {@link MathProblem} with `id` = `openai/gsm8k/<config>/<split>/<index>` and `raw`.
 */
export async function gsm8k(options: Gsm8kOptions = {}): Promise<Dataset<MathProblem>> {
  const { config = "main", split = "train", onSkip, ...hub } = options;
  const skips = new SkipCollector("gsm8k", onSkip);
  const ds = await loadProblems<MathProblem>(
    GSM8K_REPO,
    { ...hub, config, split },
    "gsm8k",
    (info) =>
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
    skips,
  );
  skips.finish();
  return ds;
}

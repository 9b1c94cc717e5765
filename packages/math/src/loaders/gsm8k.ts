import type { MathProblem } from "@crucible/types";
import type { Dataset } from "@crucible/core";
import { extractGsm8kAnswer } from "../extract/gsm8k.js";
import { datasetFromRows, type HubLoadOptions, loadSplit } from "./adapters.js";
import { cellText, defaultId, indexed, sourceOf } from "./common.js";
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
 * Loads GSM8K as math problems, as the cookbook's `Gsm8kDataset` does (reference/datasets.md §1.1):
 * `problem` = `question`, `answer` = the `####` final answer parsed by {@link extractGsm8kAnswer} (commas removed),
 * `solution` = the whole `answer` column. Rows without a final answer are skipped and reported. Rows keep their
 * Hub order; call `.shuffle({ seed: 0 })` for the cookbook's training order.
 * @param options - `config` (default `"main"`), `split` (default `"train"`), Hub options, `onSkip`.
 * @returns A Dataset of {@link MathProblem} with `id` = `openai/gsm8k/<config>/<split>/<index>` and `raw`.
 */
export async function gsm8k(options: Gsm8kOptions = {}): Promise<Dataset<MathProblem>> {
  const { config = "main", split = "train", onSkip, ...hub } = options;
  const rows = await loadSplit(GSM8K_REPO, { ...hub, config, split });
  const skips = new SkipCollector("gsm8k", onSkip);
  const out: MathProblem[] = [];
  for (const [raw, index, rowSplit] of indexed(rows, split)) {
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

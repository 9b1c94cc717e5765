import type { Dataset } from "@crucible/core";
import type { LabeledComparison } from "@crucible/types";
import { assistant, commonDefaults, cookbookIndices, hubOptions, type PreferenceOptions, sourceOf, str, user } from "../common.js";
import { datasetFromRows, loadSplit, type Row } from "../hub.js";
import { SkipCollector } from "../skips.js";

/** The HelpSteer2 repo id. */
export const HELPSTEER2_REPO = "nvidia/HelpSteer2";

/** Options of {@link helpSteer2}. */
export type HelpSteer2Options = PreferenceOptions;

/** The pair the cookbook builds per prompt, plus the two raw rows it came from. */
export interface HelpSteer2Pair {
  prompt: string;
  chosen_response: string;
  rejected_response: string;
  helpfulness_diff: number;
  /** Row indices (in the Hub train split) of the chosen and rejected responses. */
  chosenIndex: number;
  rejectedIndex: number;
  chosen: Row;
  rejected: Row;
}

const helpfulness = (row: Row): number | undefined => {
  const v = row.helpfulness;
  if (typeof v === "bigint") return Number(v);
  return typeof v === "number" && !Number.isNaN(v) ? v : undefined;
};

/**
 * Loads nvidia/HelpSteer2 as the cookbook's `HelpSteer2ComparisonBuilder` (`tinker_cookbook/recipes/preference/datasets.py`): the Hub train split
 * in file order is grouped by exact `prompt` (first-seen order); for each prompt with ≥ 2 responses, sorted by
 * `helpfulness` descending (stable), best vs worst becomes a pair when best > worst. The pairs are shuffled
 * (`seed`, default 0), then test = the first `min(testSize, floor(pairs / 10))` pairs and train = the rest.
 * Prompt = `[user: prompt]`, A = best response, B = worst, label `"A"`. Prompts with one response
 * (`single-response`), with equal helpfulness (`no-helpfulness-gap`) and rows with a non-string prompt/response or
 * non-numeric helpfulness (`invalid-row`) are reported through `onSkip` (one entry per prompt, at its first row) by
 * the `train` call only: both calls build the same pairs, so the `test` call reports nothing.
 * The Hub `validation` split is not used (as in the cookbook).
 * @param options - `split` (default `"train"`), `testSize` (default 1024), `shuffle` (default true), `seed`
 *   (default 0), Hub options, `onSkip`.
 * @returns A Dataset of LabeledComparison with id `nvidia/HelpSteer2/default/train/<chosen index>-<rejected index>`,
 *   `source.index` = the chosen row's index, and `raw` = a {@link HelpSteer2Pair}.
 */
export async function helpSteer2(options: HelpSteer2Options = {}): Promise<Dataset<LabeledComparison>> {
  const { split, testSize, shuffle, seed } = commonDefaults(options);
  const rows = await loadSplit(HELPSTEER2_REPO, { ...hubOptions(options), split: "train" });
  // the pairs are built from the whole Hub split for both calls; skipped prompts are reported by the train call only
  const skips = new SkipCollector("helpSteer2", split === "train" ? options.onSkip : () => undefined);
  const where = { repo: HELPSTEER2_REPO, config: "default", split: "train" };

  const groups = new Map<string, Array<{ index: number; row: Row; h: number; response: string }>>();
  for (let index = 0; index < rows.length; index++) {
    const row = rows.at(index) as Row;
    const prompt = str(row.prompt);
    const response = str(row.response);
    const h = helpfulness(row);
    if (prompt === undefined || response === undefined || h === undefined) {
      skips.add({ ...where, index, reason: "invalid-row", detail: "prompt/response must be strings and helpfulness a number", raw: row });
      continue;
    }
    let g = groups.get(prompt);
    if (!g) groups.set(prompt, (g = []));
    g.push({ index, row, h, response });
  }

  const pairs: HelpSteer2Pair[] = [];
  for (const [prompt, group] of groups) {
    const first = group[0];
    if (!first) continue;
    if (group.length < 2) {
      skips.add({ ...where, index: first.index, reason: "single-response", raw: first.row });
      continue;
    }
    const sorted = [...group].sort((x, y) => y.h - x.h); // Array.prototype.sort is stable, like Python's sorted
    const best = sorted[0] as (typeof group)[number];
    const worst = sorted[sorted.length - 1] as (typeof group)[number];
    if (!(best.h > worst.h)) {
      skips.add({ ...where, index: first.index, reason: "no-helpfulness-gap", detail: `${group.length} responses, all helpfulness ${best.h}`, raw: first.row });
      continue;
    }
    pairs.push({
      prompt,
      chosen_response: best.response,
      rejected_response: worst.response,
      helpfulness_diff: best.h - worst.h,
      chosenIndex: best.index,
      rejectedIndex: worst.index,
      chosen: best.row,
      rejected: worst.row,
    });
  }
  skips.finish();

  const nTest = Math.min(testSize, Math.floor(pairs.length / 10));
  const order = cookbookIndices(pairs.length, split === "test" ? "take" : "skip", nTest, shuffle, seed);
  const out: LabeledComparison[] = [];
  for (const i of order) {
    const p = pairs[i] as HelpSteer2Pair;
    out.push({
      id: `${HELPSTEER2_REPO}/default/train/${p.chosenIndex}-${p.rejectedIndex}`,
      comparison: { prompt: [user(p.prompt)], completionA: [assistant(p.chosen_response)], completionB: [assistant(p.rejected_response)] },
      label: "A",
      source: sourceOf(HELPSTEER2_REPO, "default", "train", p.chosenIndex, rows),
      raw: p as unknown as Record<string, unknown>,
    });
  }
  const revision = rows.info?.revision;
  return datasetFromRows(out, { repo: HELPSTEER2_REPO, config: "default", split, ...(revision ? { revision } : {}) });
}

import { type Dataset, type GroupMember, type SkipRow, Transform, skipRow } from "@crucible/core";
import { loadTransformed } from "@crucible/hub";
import type { LabeledComparison } from "@crucible/types";
import { assistant, commonDefaults, cookbookIndices, hubOptions, type PreferenceOptions, sourceOf, str, user } from "../common.js";
import { PREFERENCE_TRANSFORM_VERSION, type Row } from "../hub.js";
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
  type Member = { row: Row; h: number; response: string };
  const out = await loadTransformed<LabeledComparison>(
    HELPSTEER2_REPO,
    { ...hubOptions(options), split: "train" },
    (info) =>
      Transform.rows<Row>()
        .map((row): Member | SkipRow => {
          const response = str(row.response);
          const h = helpfulness(row);
          if (str(row.prompt) === undefined || response === undefined || h === undefined) {
            return skipRow("invalid-row", "prompt/response must be strings and helpfulness a number");
          }
          return { row, h, response };
        })
        .group(
          (m) => m.row.prompt as string,
          (members, prompt) => {
            const first = members[0] as GroupMember<Member>;
            if (members.length < 2) return skipRow("single-response");
            const sorted = [...members].sort((x, y) => y.value.h - x.value.h); // Array.prototype.sort is stable, like Python's sorted
            const best = sorted[0] as GroupMember<Member>;
            const worst = sorted[sorted.length - 1] as GroupMember<Member>;
            if (!(best.value.h > worst.value.h))
              return skipRow("no-helpfulness-gap", `${members.length} responses, all helpfulness ${first.value.h}`);
            const pair: HelpSteer2Pair = {
              prompt,
              chosen_response: best.value.response,
              rejected_response: worst.value.response,
              helpfulness_diff: best.value.h - worst.value.h,
              chosenIndex: best.context.index,
              rejectedIndex: worst.context.index,
              chosen: best.value.row,
              rejected: worst.value.row,
            };
            return {
              id: `${HELPSTEER2_REPO}/default/train/${pair.chosenIndex}-${pair.rejectedIndex}`,
              comparison: {
                prompt: [user(prompt)],
                completionA: [assistant(pair.chosen_response)],
                completionB: [assistant(pair.rejected_response)],
              },
              label: "A" as const,
              source: sourceOf(HELPSTEER2_REPO, "default", "train", pair.chosenIndex, info.revision),
              raw: pair as unknown as Record<string, unknown>,
            };
          },
        ),
    { name: "preference.helpSteer2", version: PREFERENCE_TRANSFORM_VERSION },
  );
  // the pairs are built from the whole Hub split for both calls; skipped prompts are reported by the train call only
  if (split === "train") {
    const skips = new SkipCollector("helpSteer2", options.onSkip);
    skips.addAll(out, { repo: HELPSTEER2_REPO, config: "default" });
    skips.finish();
  }
  const nTest = Math.min(testSize, Math.floor(out.length / 10));
  const order = cookbookIndices(out.length, split === "test" ? "take" : "skip", nTest, shuffle, seed);
  const revision = out.source.info.revision;
  return out.dataset({ repo: HELPSTEER2_REPO, config: "default", split, ...(revision ? { revision } : {}) }).select(order);
}

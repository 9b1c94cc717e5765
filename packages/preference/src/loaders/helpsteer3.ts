import type { Dataset } from "@crucible/core";
import type { LabeledComparison, Message } from "@crucible/types";
import { assistant, loadComparisons, obj, type PreferenceOptions, skip, str, type Transformed } from "../common.js";
import type { Row } from "../hub.js";

/** The HelpSteer3 repo id. */
export const HELPSTEER3_REPO = "nvidia/HelpSteer3";

/** Options of {@link helpSteer3}. */
export type HelpSteer3Options = PreferenceOptions;

/** The cookbook's HelpSteer3 row transform (after fix 6e01614: negative → A). @internal */
export function helpSteer3RowToComparison(raw: Row): Transformed {
  const pref = raw.overall_preference;
  const value = typeof pref === "bigint" ? Number(pref) : pref;
  if (typeof value !== "number" || Number.isNaN(value)) return skip("invalid-row", "overall_preference is not a number");
  if (value === 0) return skip("tie", "overall_preference == 0");
  if (!Array.isArray(raw.context)) return skip("invalid-row", "context is not a list");
  const prompt: Message[] = [];
  for (const [i, m] of raw.context.entries()) {
    const o = obj(m);
    const role = str(o?.role);
    const content = str(o?.content);
    if (role === undefined || content === undefined) return skip("invalid-row", `context[${i}] is not {role, content} strings`);
    prompt.push({ role, content });
  }
  const r1 = str(raw.response1);
  const r2 = str(raw.response2);
  if (r1 === undefined || r2 === undefined) return skip("invalid-row", "response1/response2 must be strings");
  return { ok: true, prompt, completionA: [assistant(r1)], completionB: [assistant(r2)], label: value < 0 ? "A" : "B" };
}

/**
 * Loads nvidia/HelpSteer3 config `preference` as the cookbook's HelpSteer3 builder (`tinker_cookbook/recipes/preference/datasets.py`):
 * train = `train.shuffle(0)`, test = `validation.shuffle(0).take(testSize)`. Ties (`overall_preference == 0`) are
 * skipped and reported. Prompt = `context` as-is, A = `[assistant: response1]`, B = `[assistant: response2]`,
 * label `"A"` when `overall_preference < 0` (response1 better), else `"B"` — the cookbook's current sign.
 * @param options - `split` (default `"train"`), `testSize` (default 1024), `shuffle` (default true), `seed`
 *   (default 0), Hub options, `onSkip`.
 * @returns A Dataset of LabeledComparison with id `nvidia/HelpSteer3/preference/<hub split>/<row index>` and `raw`.
 */
export async function helpSteer3(options: HelpSteer3Options = {}): Promise<Dataset<LabeledComparison>> {
  return loadComparisons(
    {
      name: "helpSteer3",
      repo: HELPSTEER3_REPO,
      hubConfig: "preference",
      config: "preference",
      plan: (split) => (split === "train" ? { hubSplit: "train", select: "all" } : { hubSplit: "validation", select: "take" }),
      transform: helpSteer3RowToComparison,
    },
    options,
  );
}

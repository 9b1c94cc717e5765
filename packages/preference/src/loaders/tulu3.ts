import type { Dataset } from "@crucible/core";
import type { LabeledComparison } from "@crucible/types";
import { assistant, loadComparisons, obj, type PreferenceOptions, skip, str, type Transformed, user } from "../common.js";
import type { Row } from "../hub.js";

/** The Tulu 3 8B preference mixture repo id. */
export const TULU3_PREFERENCE_REPO = "allenai/llama-3.1-tulu-3-8b-preference-mixture";

/** Options of {@link tulu3Preference}. */
export type Tulu3PreferenceOptions = PreferenceOptions;

/** The cookbook's `Tulu38BComparisonBuilder` row transform: `chosen[1].content` / `rejected[1].content`. @internal */
export function tulu3RowToComparison(raw: Row): Transformed {
  const prompt = str(raw.prompt);
  if (prompt === undefined) return skip("invalid-row", "prompt must be a string");
  const second = (v: unknown) => (Array.isArray(v) ? str(obj(v[1])?.content) : undefined);
  const a = second(raw.chosen);
  const b = second(raw.rejected);
  if (a === undefined || b === undefined) return skip("invalid-row", "chosen/rejected need a second message with string content");
  const id = str(raw.id);
  return { ok: true, prompt: [user(prompt)], completionA: [assistant(a)], completionB: [assistant(b)], label: "A", ...(id ? { id } : {}) };
}

/**
 * Loads allenai/llama-3.1-tulu-3-8b-preference-mixture as the cookbook's `Tulu38BComparisonBuilder`
 * (`tinker_cookbook/recipes/preference/datasets.py`): `train.shuffle(0)`, then test = `take(testSize)`, train = `skip(testSize)`.
 * Prompt = `[user: prompt]`, A = `[assistant: chosen[1].content]`, B = `[assistant: rejected[1].content]`, label
 * `"A"`; later turns are ignored, as in the cookbook. Rows without a second message are skipped (`invalid-row`,
 * where the cookbook would raise IndexError).
 * @param options - `split` (default `"train"`), `testSize` (default 1024), `shuffle` (default true), `seed`
 *   (default 0), Hub options, `onSkip`.
 * @returns A Dataset of LabeledComparison with id = the row's `id` column (else `<repo>/default/train/<index>`).
 */
export async function tulu3Preference(options: Tulu3PreferenceOptions = {}): Promise<Dataset<LabeledComparison>> {
  return loadComparisons(
    {
      name: "tulu3Preference",
      repo: TULU3_PREFERENCE_REPO,
      config: "default",
      plan: (split) => ({ hubSplit: "train", select: split === "train" ? "skip" : "take" }),
      transform: tulu3RowToComparison,
    },
    options,
  );
}

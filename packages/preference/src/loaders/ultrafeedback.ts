import type { Dataset } from "@crucible/core";
import type { LabeledComparison } from "@crucible/types";
import { assistant, loadComparisons, type PreferenceOptions, skip, str, type Transformed, user } from "../common.js";
import type { Row } from "../hub.js";

/** The UltraFeedback (argilla binarized preferences) repo id. */
export const ULTRAFEEDBACK_REPO = "argilla/ultrafeedback-binarized-preferences";

/** Options of {@link ultraFeedback}. */
export type UltraFeedbackOptions = PreferenceOptions;

/** The cookbook's UltraFeedback row transform. @internal */
export function ultraFeedbackRowToComparison(raw: Row): Transformed {
  const instruction = str(raw.instruction);
  const chosen = str(raw.chosen_response);
  const rejected = str(raw.rejected_response);
  if (instruction === undefined || chosen === undefined || rejected === undefined) {
    return skip("invalid-row", "instruction/chosen_response/rejected_response must be strings");
  }
  return { ok: true, prompt: [user(instruction)], completionA: [assistant(chosen)], completionB: [assistant(rejected)], label: "A" };
}

/**
 * Loads argilla/ultrafeedback-binarized-preferences as the cookbook's UltraFeedback builder
 * (`tinker_cookbook/recipes/preference/datasets.py`): `train.shuffle(0)`, then test = `take(testSize)`, train = `skip(testSize)`.
 * Prompt = `[user: instruction]`, A = `[assistant: chosen_response]`, B = `[assistant: rejected_response]`,
 * label `"A"`. No tie filter (as the cookbook; equal-rating pairs stay in).
 * @param options - `split` (default `"train"`), `testSize` (default 1024), `shuffle` (default true), `seed`
 *   (default 0), Hub options, `onSkip`.
 * @returns A Dataset of LabeledComparison with id `<repo>/default/train/<row index>` and `raw`.
 */
export async function ultraFeedback(options: UltraFeedbackOptions = {}): Promise<Dataset<LabeledComparison>> {
  return loadComparisons(
    {
      name: "ultraFeedback",
      repo: ULTRAFEEDBACK_REPO,
      config: "default",
      plan: (split) => ({ hubSplit: "train", select: split === "train" ? "skip" : "take" }),
      transform: ultraFeedbackRowToComparison,
    },
    options,
  );
}

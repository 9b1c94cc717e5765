import { type Dataset, pyStrip } from "@crucible/core";
import type { LabeledComparison, Message } from "@crucible/types";
import { assistant, loadComparisons, type PreferenceOptions, skip, str, type Transformed, user } from "../common.js";
import type { Row } from "../hub.js";

/** The hh-rlhf repo id. */
export const HH_RLHF_REPO = "Anthropic/hh-rlhf";

/** Options of {@link hhRlhf}. */
export type HhRlhfOptions = PreferenceOptions;

/**
 * Parses an hh-rlhf transcript (`"\n\nHuman: …\n\nAssistant: …"`) as the cookbook's `_hhh_parse_conversation`
 * (`tinker_cookbook/recipes/preference/datasets.py`): split on `(Human:|Assistant:)` keeping the markers (they match
 * anywhere, even inside a message), drop a whitespace-only first piece, then read (marker, content) pairs with both
 * trimmed (`Human:` → user, `Assistant:` → assistant). A final marker with nothing after it still makes a message
 * with empty content (`re.split` leaves an empty last piece). When text comes before the first marker the pairs are
 * read out of step, as in the cookbook, and give no messages.
 * @returns The messages, exactly as the cookbook builds them.
 */
export function parseHhConversation(text: string): Message[] {
  const parts = text.split(/(Human:|Assistant:)/);
  if (pyStrip(parts[0] ?? "") === "") parts.shift();
  const messages: Message[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const marker = pyStrip(parts[i] ?? "");
    const content = pyStrip(parts[i + 1] ?? "");
    if (marker === "Human:") messages.push(user(content));
    else if (marker === "Assistant:") messages.push(assistant(content));
  }
  return messages;
}

/** True when non-whitespace text comes before the first `Human:`/`Assistant:` marker. */
function hasPreamble(text: string): boolean {
  const first = text.search(/Human:|Assistant:/);
  return pyStrip(first < 0 ? text : text.slice(0, first)) !== "";
}

const sameMessage = (a: Message | undefined, b: Message | undefined) => a?.role === b?.role && a?.content === b?.content;

/** The cookbook's `hhh_example_to_comparison` on one raw row. @internal */
export function hhRowToComparison(raw: Row): Transformed {
  const chosenText = str(raw.chosen);
  const rejectedText = str(raw.rejected);
  if (chosenText === undefined || rejectedText === undefined) return skip("invalid-row", "chosen/rejected must be strings");
  // the cookbook parses such text to no usable messages and drops the row; say why
  if (hasPreamble(chosenText) || hasPreamble(rejectedText)) return skip("invalid-row", "text before the first Human:/Assistant: marker");
  const chosen = parseHhConversation(chosenText);
  const rejected = parseHhConversation(rejectedText);
  if (chosen.length !== rejected.length)
    return skip("mismatched-turns", `chosen has ${chosen.length} messages, rejected ${rejected.length}`);
  if (chosen.length === 0) return skip("mismatched-turns", "no messages");
  for (let i = 0; i < chosen.length - 1; i++) {
    if (!sameMessage(chosen[i], rejected[i])) return skip("mismatched-turns", `message ${i} differs before the last turn`);
  }
  const lastChosen = chosen[chosen.length - 1] as Message;
  const lastRejected = rejected[rejected.length - 1] as Message;
  if (sameMessage(lastChosen, lastRejected)) return skip("mismatched-turns", "the last messages are identical");
  return { ok: true, prompt: chosen.slice(0, -1), completionA: [lastChosen], completionB: [lastRejected], label: "A" };
}

/**
 * Loads Anthropic/hh-rlhf as the cookbook's `HHHComparisonBuilder` (`tinker_cookbook/recipes/preference/datasets.py`): no config
 * (every `*\/{train,test}.jsonl.gz` of the split), train = `train.shuffle(0)` (no holdout), test =
 * `test.shuffle(0).take(testSize)`. Each transcript pair is parsed by {@link parseHhConversation}; rows whose
 * conversations differ other than in the last message are skipped (`mismatched-turns`) and reported.
 * Prompt = the shared prefix, A = chosen's last message, B = rejected's last message, label `"A"`.
 * @param options - `split` (default `"train"`), `testSize` (default 1024), `shuffle` (default true), `seed`
 *   (default 0), Hub options, `onSkip`.
 * @returns A Dataset of LabeledComparison with id `Anthropic/hh-rlhf/default/<hub split>/<row index>` and `raw`.
 */
export async function hhRlhf(options: HhRlhfOptions = {}): Promise<Dataset<LabeledComparison>> {
  return loadComparisons(
    {
      name: "hhRlhf",
      repo: HH_RLHF_REPO,
      config: "default",
      plan: (split) => (split === "train" ? { hubSplit: "train", select: "all" } : { hubSplit: "test", select: "take" }),
      transform: hhRowToComparison,
    },
    options,
  );
}

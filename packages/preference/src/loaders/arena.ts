import type { Dataset } from "@crucible/core";
import type { LabeledComparison, Message } from "@crucible/types";
import { loadComparisons, obj, type PreferenceOptions, skip, str, type Transformed } from "../common.js";
import type { Row } from "../hub.js";

/** The LMArena 140k human preference repo id. */
export const ARENA_140K_REPO = "lmarena-ai/arena-human-preference-140k";

/** Options of {@link arena140k}. */
export type Arena140kOptions = PreferenceOptions;

/**
 * Parses one Arena conversation as the cookbook's `_arena_parse_conversation`: every content item must be
 * `{type: "text"}` (anything else rejects the conversation), text parts are joined with one space, and only
 * `user` / `assistant` messages with a non-empty content list are kept.
 * @returns The messages, or `undefined` when a content item is not text (or the value is not a list of messages).
 */
export function parseArenaConversation(conversation: unknown): Message[] | undefined {
  if (!Array.isArray(conversation)) return undefined;
  const out: Message[] = [];
  for (const m of conversation) {
    const msg = obj(m);
    if (!msg || !Array.isArray(msg.content)) return undefined;
    const texts: string[] = [];
    for (const item of msg.content) {
      const it = obj(item);
      const text = str(it?.text);
      if (it?.type !== "text" || text === undefined) return undefined;
      texts.push(text);
    }
    const role = msg.role;
    if ((role === "user" || role === "assistant") && texts.length > 0) out.push({ role, content: texts.join(" ") });
  }
  return out;
}

const usable = (c: Message[]) => c.length >= 2 && c[c.length - 1]?.role === "assistant";

/** The cookbook's Arena row transform. @internal */
export function arenaRowToComparison(raw: Row): Transformed {
  const winner = raw.winner;
  if (winner !== "model_a" && winner !== "model_b") {
    return typeof winner === "string" ? skip("tie", `winner is ${JSON.stringify(winner)}`) : skip("invalid-row", "winner is not a string");
  }
  const a = parseArenaConversation(raw.conversation_a);
  const b = parseArenaConversation(raw.conversation_b);
  if (!a || !b) return skip("non-text-content", 'a content item is not {type: "text"}');
  if (!usable(a) || !usable(b)) return skip("bad-conversation", "a conversation has < 2 messages or does not end with assistant");
  const id = str(raw.id);
  return {
    ok: true,
    prompt: a.slice(0, 1),
    completionA: a.slice(1),
    completionB: b.slice(1),
    label: winner === "model_a" ? "A" : "B",
    ...(id ? { id } : {}),
  };
}

/**
 * Loads lmarena-ai/arena-human-preference-140k as the cookbook's Arena builder (`tinker_cookbook/recipes/preference/datasets.py`):
 * `train.shuffle(0)`, then test = `take(testSize)`, train = `skip(testSize)`. Rows whose `winner` is not
 * `model_a`/`model_b` (`tie`), with non-text content (`non-text-content`) or with an unusable conversation
 * (`bad-conversation`) are skipped and reported. Prompt = the first message of `conversation_a` only;
 * A = `conversation_a[1:]`, B = `conversation_b[1:]` (later user turns stay inside the completions, and A's and
 * B's user turns are not compared — as in the cookbook). Label `"A"` when `winner == "model_a"`, else `"B"`.
 * @param options - `split` (default `"train"`), `testSize` (default 1024), `shuffle` (default true), `seed`
 *   (default 0), Hub options, `onSkip`.
 * @returns A Dataset of LabeledComparison with id = the row's `id` column (else `<repo>/default/train/<index>`).
 */
export async function arena140k(options: Arena140kOptions = {}): Promise<Dataset<LabeledComparison>> {
  return loadComparisons(
    {
      name: "arena140k",
      repo: ARENA_140K_REPO,
      config: "default",
      plan: (split) => ({ hubSplit: "train", select: split === "train" ? "skip" : "take" }),
      transform: arenaRowToComparison,
    },
    options,
  );
}

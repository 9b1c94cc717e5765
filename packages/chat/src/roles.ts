import type { Role } from "@crucible/types";

/**
 * The role aliases {@link normalizeRole} understands (keys are lower-case, trimmed).
 *
 * | Alias | Role | Seen in |
 * |---|---|---|
 * | `user`, `human`, `prompter` | `user` | OpenAI / ShareGPT (`human`) / OpenAssistant (`prompter`) |
 * | `assistant`, `gpt`, `bot`, `model`, `chatgpt` | `assistant` | OpenAI / ShareGPT (`gpt`) / `bot` / Gemini (`model`) |
 * | `system` | `system` | OpenAI, ShareGPT |
 * | `tool`, `function`, `ipython` | `tool` | OpenAI (`function` is its legacy tool-result role), Llama 3 (`ipython`) |
 */
export const ROLE_ALIASES: Readonly<Record<string, Role>> = Object.freeze({
  user: "user",
  human: "user",
  prompter: "user",
  assistant: "assistant",
  gpt: "assistant",
  bot: "assistant",
  model: "assistant",
  chatgpt: "assistant",
  system: "system",
  tool: "tool",
  function: "tool",
  ipython: "tool",
});

/**
 * Maps a dataset's role name to a chat role using {@link ROLE_ALIASES} (case-insensitive, surrounding whitespace
 * ignored): `human` → `user`, `gpt`/`bot` → `assistant`, and so on. A role not in the table is returned unchanged
 * (not lower-cased), since `Role` allows any string.
 * @param role - The role as written in the dataset.
 * @returns The normalised role.
 */
export function normalizeRole(role: string): Role {
  return ROLE_ALIASES[role.trim().toLowerCase()] ?? role;
}

/**
 * The OpenThoughts3 rule of the cookbook (`off_policy_reasoning.py`): `"user"` when `from === "human"`, otherwise
 * `"assistant"` — exactly, with no case folding, so a `system` turn becomes `assistant` as it does in Python.
 * @param from - The ShareGPT `from` field.
 * @returns `"user"` or `"assistant"`.
 */
export function cookbookShareGptRole(from: string): Role {
  return from === "human" ? "user" : "assistant";
}

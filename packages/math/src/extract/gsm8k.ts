import type { ExtractResult } from "./boxed.js";

/** Python's `str.splitlines()` line boundaries. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's line boundaries include \x1c-\x1e
const PY_LINES = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/**
 * Extracts GSM8K's final answer from its `answer` column exactly as the cookbook does
 * (`extract_gsm8k_final_answer` in the tinker cookbook's `tinker_cookbook/recipes/math_rl/math_env.py`): the last line that starts with `####` gives the text
 * after it, stripped, with a leading `:` dropped and every `,` removed; failing that, the last `####\s*(.+)` match
 * (commas kept).
 * @param answer - The `answer` column, e.g. `"…\n#### 1,234"`.
 * @returns `{ ok: true, value: "1234" }`, or `{ ok: false, reason: "no-answer" }` when there is no `####`.
 */
export function extractGsm8kAnswer(answer: string): ExtractResult {
  const lines = answer.split(PY_LINES);
  for (let k = lines.length - 1; k >= 0; k--) {
    const line = lines[k] as string;
    const s = line.trim();
    if (s.startsWith("####")) {
      let content = s.slice(4).trim();
      if (content.startsWith(":")) content = content.slice(1);
      content = content.replaceAll(",", "").trim();
      return { ok: true, value: content, start: Math.max(0, answer.lastIndexOf("####")) + 4 };
    }
  }
  const re = /####\s*(.+)/g;
  let last: RegExpExecArray | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(answer)) !== null) last = m;
  if (last?.[1] !== undefined) return { ok: true, value: last[1].trim(), start: last.index + last[0].length - last[1].length };
  return { ok: false, reason: "no-answer", message: "No #### final answer found" };
}

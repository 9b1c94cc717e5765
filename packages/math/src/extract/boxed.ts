/** Why an extraction found nothing. */
export type ExtractFailure =
  /** The text has no `\boxed` / `\fbox` (or no `####`, no answer at all). */
  | "no-answer"
  /** A `\boxed{` is never closed (e.g. a truncated model output). */
  | "unbalanced"
  /** Cookbook mode only: a `}` with no matching `{` somewhere in the text (the cookbook raises here). */
  | "unmatched-brace";

/** The result of an answer extraction: the answer, or a typed reason. Never an exception. */
export type ExtractResult =
  | { ok: true; value: string /** Offset of the answer's first character in the input. */; start: number }
  | { ok: false; reason: ExtractFailure; message: string };

/** Options of {@link extractBoxed}. */
export interface ExtractBoxedOptions {
  /**
   * `"lenient"` (default): the last `\boxed{…}` / `\fbox{…}` with balanced braces (escaped `\{ \}` skipped),
   * `\boxed 7`, `\boxed {7}`; stray braces elsewhere are ignored.
   * `"cookbook"`: exactly the cookbook's `extract_boxed` (`tinker_cookbook/recipes/math_rl/math_grading.py`): only `\boxed{` with the brace
   * adjacent, the `\boxed 7` fallback, and a stray `}` anywhere is a failure (`unmatched-brace`). Use it for parity.
   */
  mode?: "lenient" | "cookbook";
}

const fail = (reason: ExtractFailure, message: string): ExtractResult => ({ ok: false, reason, message });

/**
 * Extracts the last boxed answer from a solution or a model output: the `\boxed{…}` (or `\fbox{…}`) that closes
 * last, with nested braces kept (`\boxed{\frac{1}{2}}` → `\frac{1}{2}`), else `\boxed 7` → `7`.
 * @param text - A worked solution or a model's output.
 * @param options - `mode` (default `"lenient"`).
 * @returns `{ ok: true, value, start }`, or `{ ok: false, reason }` with reason `no-answer`, `unbalanced` or
 *   (cookbook mode) `unmatched-brace`.
 * @example extractBoxed("so $x = \\boxed{\\frac{1}{2}}$.") // { ok: true, value: "\\frac{1}{2}", start: 14 }
 */
export function extractBoxed(text: string, options: ExtractBoxedOptions = {}): ExtractResult {
  return options.mode === "cookbook" ? extractBoxedCookbook(text) : extractBoxedLenient(text);
}

function extractBoxedCookbook(text: string): ExtractResult {
  const stack: number[] = [];
  let found: { value: string; start: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{") stack.push(i);
    else if (ch === "}") {
      const open = stack.pop();
      if (open === undefined) return fail("unmatched-brace", `Unmatched } at offset ${i}`);
      if (open >= 6 && text.startsWith("\\boxed", open - 6)) found = { value: text.slice(open + 1, i), start: open + 1 };
    }
  }
  if (found) return { ok: true, ...found };
  const m = /\\boxed\s+([a-zA-Z0-9]+)/.exec(text);
  if (m?.[1] !== undefined) return { ok: true, value: m[1], start: m.index + m[0].length - m[1].length };
  return fail("no-answer", "No boxed strings found");
}

function extractBoxedLenient(text: string): ExtractResult {
  // one pass with a brace stack (linear time, whatever the input): each `{` remembers whether it opens a box
  let best: { value: string; start: number; end: number } | null = null;
  const stack: Array<{ pos: number; boxed: boolean }> = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") {
      let j = i - 1;
      while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
      const boxed = (j >= 5 && text.startsWith("\\boxed", j - 5)) || (j >= 4 && text.startsWith("\\fbox", j - 4));
      stack.push({ pos: i, boxed });
    } else if (ch === "}") {
      const open = stack.pop();
      if (open?.boxed && (!best || i > best.end)) best = { value: text.slice(open.pos + 1, i), start: open.pos + 1, end: i };
    }
  }
  const unclosed = stack.filter((o) => o.boxed).pop();
  if (unclosed && (!best || unclosed.pos > best.end)) {
    return fail("unbalanced", `\\boxed{ at offset ${unclosed.pos} is never closed`);
  }
  // \boxed 7 (no brace)
  const bareRe = /\\boxed[ \t]+([a-zA-Z0-9.+-]+)/g;
  for (let m = bareRe.exec(text); m !== null; m = bareRe.exec(text)) {
    const v = m[1] as string;
    const start = m.index + m[0].length - v.length;
    if (!best || start > best.end) best = { value: v.replace(/\.$/, ""), start, end: start + v.length };
  }
  if (best) return { ok: true, value: best.value, start: best.start };
  return fail("no-answer", "No \\boxed{} or \\fbox{} found");
}

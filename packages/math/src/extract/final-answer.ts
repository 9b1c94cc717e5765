import { extractBoxed, type ExtractResult } from "./boxed.js";

/** Where {@link extractFinalAnswer} found the answer. */
export type FinalAnswerSource = "boxed" | "hash" | "phrase" | "bold" | "number";

/** The result of {@link extractFinalAnswer}. */
export type FinalAnswerResult =
  | { ok: true; value: string; source: FinalAnswerSource }
  | { ok: false; reason: "no-answer" | "unbalanced"; message: string };

const PHRASE_RE = /(?:final answer|answer)\s*(?:is|:|=)\s*:?[ \t]*/gi;

/** The answer text right after an answer phrase: a `$…$` / `\(…\)` span, else up to the end of the sentence. */
function phraseValue(rest: string): string {
  const dollar = /^\$\$?([^$]+)\$/.exec(rest);
  if (dollar?.[1] !== undefined) return dollar[1];
  const paren = /^\\\(([\s\S]+?)\\\)/.exec(rest);
  if (paren?.[1] !== undefined) return paren[1];
  const line = rest.split("\n", 1)[0] ?? "";
  const end = line.search(/\.(?:\s|$)|\s+I hope/);
  return (end >= 0 ? line.slice(0, end) : line).trim();
}
/**
 * Narrows a sentence after "answer:" to the answer: `The largest $n$ is 34` → `34`; a trailing `$…$` span, else the
 * last number when the sentence has words; else the sentence without `$` and final punctuation.
 */
function tidyPhrase(v: string): string {
  const cleaned = v.replace(/[.,;]$/, "").trim();
  if (!/(?<![\\a-zA-Z])[a-zA-Z]{3,}/.test(cleaned.replace(/\\[a-zA-Z]+/g, "").replace(/\$[^$]*\$/g, ""))) {
    return cleaned.replace(/^\$+|\$+$/g, "").trim();
  }
  const spans = [...cleaned.matchAll(/\$([^$]+)\$/g)];
  const lastSpan = spans[spans.length - 1];
  if (lastSpan?.[1] !== undefined && lastSpan.index + lastSpan[0].length >= cleaned.length - 1) return lastSpan[1].trim();
  const nums = cleaned.match(/-?\d[\d,]*(?:\.\d+)?(?:\/\d+)?/g);
  if (nums && nums.length > 0) return (nums[nums.length - 1] as string).replace(/,(?=\d{3}\b)/g, "");
  return cleaned.replace(/^\$+|\$+$/g, "").trim();
}

const BOLD_RE = /\*\*([^*\n]{1,200})\*\*/g;
// a number glued to letters ("AZYUK2A", "x2") is not an answer
const NUMBER_RE = /(?<![A-Za-z])(?:-?\d[\d,]*(?:\.\d+)?(?:\s*\/\s*\d+)?|-?\.\d+)/g;

const MATH_SPAN_RE = /\$([^$\n]{1,200})\$|\\\(([^\n]{1,200}?)\\\)/g;

/**
 * The content of the inline math span (`$…$` or `\(…\)`) that holds position `at`, when it is a plain value such as
 * a tuple or a fraction (no relation sign, no words); else null.
 */
function enclosingMathSpan(text: string, at: number): string | null {
  MATH_SPAN_RE.lastIndex = 0;
  for (let m = MATH_SPAN_RE.exec(text); m !== null; m = MATH_SPAN_RE.exec(text)) {
    if (m.index > at) break;
    if (at < m.index + m[0].length) {
      const body = (m[1] ?? m[2] ?? "").trim();
      if (body === "" || /[=<>]|\\(?:approx|le|ge|lt|gt|neq?|in|times|cdot)(?![a-zA-Z])|[a-zA-Z]{2,}(?<!\\[a-zA-Z]*)/.test(body))
        return null;
      return body;
    }
  }
  return null;
}

/**
 * Extracts a final answer from free-form model output, leniently. Precedence (first that matches wins):
 * 1. the last `\boxed{…}` / `\fbox{…}` (see {@link extractBoxed}; an unclosed last `\boxed{` is reported as
 *    `unbalanced` rather than falling through);
 * 2. the last GSM8K-style `#### answer` line;
 * 3. the last phrase "final answer is X", "the answer is X", "answer: X" (X up to the end of the sentence or line,
 *    `$…$` unwrapped);
 * 4. the last bold `**X**`;
 * 5. the last number in the text (thousands commas removed; `a/b` kept as a fraction), or the whole inline math span
 *    (`$…$`, `\(…\)`) it sits in when that span is a plain value such as `$(7, 6)$` or `$\frac{2}{3}$`.
 * @param text - A model's output.
 * @returns The answer text and its source, or `{ ok: false }` when nothing looks like an answer.
 * @example extractFinalAnswer("so the answer is 42.") // { ok: true, value: "42", source: "phrase" }
 */
export function extractFinalAnswer(text: string): FinalAnswerResult {
  const boxed: ExtractResult = extractBoxed(text);
  if (boxed.ok) return { ok: true, value: boxed.value.trim(), source: "boxed" };
  if (boxed.reason === "unbalanced") return { ok: false, reason: "unbalanced", message: boxed.message };

  const hash = /####\s*([^\n]+)/g;
  let lastHash: string | undefined;
  for (let m = hash.exec(text); m !== null; m = hash.exec(text)) lastHash = m[1];
  if (lastHash !== undefined && lastHash.trim() !== "") return { ok: true, value: lastHash.trim().replace(/,/g, ""), source: "hash" };

  let phrase: string | undefined;
  PHRASE_RE.lastIndex = 0;
  for (let m = PHRASE_RE.exec(text); m !== null; m = PHRASE_RE.exec(text)) {
    const start = m.index + m[0].length;
    const v = phraseValue(text.slice(start, start + 2000)).trim();
    if (v !== "") phrase = v;
  }
  if (phrase !== undefined) return { ok: true, value: tidyPhrase(phrase), source: "phrase" };

  let bold: string | undefined;
  for (let m = BOLD_RE.exec(text); m !== null; m = BOLD_RE.exec(text)) bold = m[1];
  BOLD_RE.lastIndex = 0;
  if (bold !== undefined && bold.trim() !== "") return { ok: true, value: bold.trim().replace(/^\$+|\$+$/g, ""), source: "bold" };

  let num: string | undefined;
  let numAt = -1;
  for (let m = NUMBER_RE.exec(text); m !== null; m = NUMBER_RE.exec(text)) {
    num = m[0];
    numAt = m.index;
  }
  NUMBER_RE.lastIndex = 0;
  if (num !== undefined) {
    const span = enclosingMathSpan(text, numAt);
    if (span !== null) return { ok: true, value: span, source: "number" };
    const cleaned = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(num) ? num.replace(/,/g, "") : num.replace(/,+$/, "");
    return { ok: true, value: cleaned.replace(/\s+/g, ""), source: "number" };
  }
  return { ok: false, reason: "no-answer", message: "No boxed answer, answer phrase, bold text or number found" };
}

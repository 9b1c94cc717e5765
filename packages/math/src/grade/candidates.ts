/**
 * Finding the answer in text as a model (or a worked solution) writes it: boxed answers, answer phrases, LaTeX math
 * spans and plain numbers or expressions, in the order of preference Hugging Face's Math-Verify uses
 * (`math_verify/parser.py`): boxed first, then "final answer is" / "answer:" anchors, then the last math span or
 * plain expression in the text.
 */

/** Only the last this many characters of a text are searched for answers (answers sit at the end). */
export const MAX_TEXT_LENGTH = 20_000;

/** At most this many candidates are returned, and at most this many spans or boxes are joined into one list. */
const MAX_CANDIDATES = 12;
const MAX_PARTS = 32;

interface Span {
  /** The answer text inside the delimiters. */
  value: string;
  start: number;
  end: number;
}

const BOX_RE = /\\(?:boxed|fbox)\s*\{/g;

/** For every `{` of the text, the offset of its matching `}` (escaped `\{ \}` skipped); one linear pass. */
function braceMatches(text: string): Map<number, number> {
  const close = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === "{") stack.push(i);
    else if (ch === "}") {
      const open = stack.pop();
      if (open !== undefined) close.set(open, i);
    }
  }
  return close;
}

/** Every balanced `\boxed{…}` / `\fbox{…}` that is not inside another, in text order. */
function boxes(text: string): Span[] {
  if (!/\\(?:boxed|fbox)/.test(text)) return [];
  const close = braceMatches(text);
  const out: Span[] = [];
  BOX_RE.lastIndex = 0;
  for (let m = BOX_RE.exec(text); m !== null; m = BOX_RE.exec(text)) {
    const open = m.index + m[0].length - 1;
    const end = close.get(open);
    if (end === undefined) continue; // unclosed: look for the next box
    out.push({ value: text.slice(open + 1, end), start: m.index, end: end + 1 });
    BOX_RE.lastIndex = end + 1;
  }
  return out;
}

// Math spans: display ($$…$$, \[…\]) may span lines, inline ($…$, \(…\)) may not — a `$` a model leaves open on one
// line must not pair with one several lines later.
// Span contents are capped at 1,000 characters, so an unclosed delimiter costs bounded work.
const SPAN_RE =
  /(?<!\\)\$\$((?:[^$]|\$(?!\$)){1,1000}?)(?<!\\)\$\$|(?<!\\)\\\[([\s\S]{1,1000}?)(?<!\\)\\\]|(?<![\\\d])\$((?:\\\$|[^\n$]){1,1000}?)(?<!\\)\$|(?<!\\)\\\(((?:[^\\\n]|\\(?!\))){1,1000}?)(?<!\\)\\\)/g;

/** Every math span, in text order, with its delimiters' extent. */
function mathSpans(text: string): Span[] {
  const out: Span[] = [];
  SPAN_RE.lastIndex = 0;
  for (let m = SPAN_RE.exec(text); m !== null; m = SPAN_RE.exec(text)) {
    const value = m[1] ?? m[2] ?? m[3] ?? m[4] ?? "";
    if (value.trim() !== "") out.push({ value, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Separators between the parts of one answer written as several spans or boxes: `$1$, $2$ and $3$`. */
const SEP = String.raw`(?:\s|,|;|\\q?quad|\\text\s*\{\s*(?:[a-zA-Z]+\s+)?(?:and|or|,)?\s*\}|\\[,;!]|\$|\\\]|\\\[|\\\(|\\\))`;
/** What may stand between the parts of one answer: separators, and "and"/"or" after at most two words (`papers and`). */
const JOINER_RE = new RegExp(String.raw`^${SEP}*(?:(?:[a-zA-Z]{1,15}\s+){0,2}(?:and|or)\b)?${SEP}*$`);

/**
 * Joins the span at `i` with the spans before it that are only separated by commas, "and" or "or" (one answer
 * written as several spans or boxes) into one list, distinct items once each.
 */
function joinRun(spans: Span[], i: number, text: string, sameGroup?: (a: Span, b: Span) => boolean): string {
  const parts = [spans[i] as Span];
  for (let j = i - 1; j >= 0 && parts.length < MAX_PARTS; j--) {
    const a = spans[j] as Span;
    const b = parts[0] as Span;
    if (a.end > b.start) break;
    if (!JOINER_RE.test(text.slice(a.end, b.start)) && !sameGroup?.(a, b)) break;
    parts.unshift(a);
  }
  return distinctList(parts);
}

/** The spans' values as one comma-separated list, each distinct value once (whitespace ignored). */
function distinctList(parts: Span[]): string {
  const seen = new Set<string>();
  const values: string[] = [];
  for (const p of parts) {
    const key = p.value.replace(/\s+/g, "");
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    values.push(p.value.trim());
  }
  return values.join(", ");
}

/**
 * The boxed answer of a text: the last `\boxed{…}` (or `\fbox{…}`), together with the boxes written next to it as
 * parts of the same answer — separated only by commas, "and", "or", `\quad`, or in the same math span — as one
 * list with repeated values once (`\boxed{(2,2)} \text{ and } \boxed{(6,2)}` → `(2,2), (6,2)`).
 * @param text - A model output or a worked solution.
 * @returns The answer, or null when the text has no closed box.
 * @example boxedSet("so $x = \\boxed{1}$ or $x = \\boxed{3}$") // "1, 3"
 */
export function boxedSet(text: string): string | null {
  const t = tail(text);
  const all = boxes(t);
  // boxes() skips past each box it finds, so no box is nested in another here
  if (all.length === 0) return null;
  const spans = mathSpans(t);
  const spanOf = (b: Span): number => spans.findIndex((s) => s.start <= b.start && b.end <= s.end);
  // two boxes belong together when they sit in one math span or in spans joined by separators (`\(…\) and \(…\)`)
  const sameGroup = (a: Span, b: Span): boolean => {
    const i = spanOf(a);
    const j = spanOf(b);
    if (i < 0 || j < 0) return false;
    for (let k = i; k < j; k++) if (!JOINER_RE.test(t.slice((spans[k] as Span).end, (spans[k + 1] as Span).start))) return false;
    return true;
  };
  return joinRun(all, all.length - 1, t, sameGroup);
}

function tail(text: string): string {
  return text.length > MAX_TEXT_LENGTH ? text.slice(text.length - MAX_TEXT_LENGTH) : text;
}

const CURRENCY = "$€£¥₹₽₪₩₫฿";
// A plain number: thousands groups (1,234.5 / 1 234), a decimal with a point or a comma (1000,99), .5, or an integer;
// it must start the text or follow a space, `=` or a currency sign, so "AZYUK2A" holds no number, and not be the
// coefficient of a variable or a command (`99e`, `3\sqrt2`); a unit may follow (`1,000.99m²`).
const PLAIN_NUMBER = String.raw`(-?[1-9]\d{0,2}(?:[ ,]\d{3})+(?:\.\d+)?|-?\d+[.,]\d+|\.\d+|-?\d+)`;
// A plain expression: starts with a digit, has at least one operator (1/3, 2^10, (9+1)*2)
const PLAIN_EXPR = String.raw`(-?\(?-?\d[\d.\s+\-*×/^()÷]{0,60}[+\-*×/^()÷][\d.\s+\-*×/^()÷]{0,60}\d\)?)`;
const PLAIN_RE = new RegExp(
  String.raw`(?:^|(?<=[\s=*]))(?:${PLAIN_EXPR}(?=[.,:;\s)$*]|$)|[${CURRENCY}]?${PLAIN_NUMBER}(?!\d|\.\d|\s*\\[a-zA-Z]|[a-zA-Z](?![a-zA-Z²³]))(\s*(?:%|[Pp]ercent(?:age)?|[Pp]ct))?)`,
  "g",
);

/** A plain number as the grader reads it: thousands separators removed, a decimal comma made a point. */
function plainNumber(s: string): string {
  if (/^-?[1-9]\d{0,2}(?:[ ,]\d{3})+(?:\.\d+)?$/.test(s)) return s.replace(/[ ,]/g, "");
  return s.replace(",", ".");
}

/** Plain numbers and expressions, in text order. */
function plainCandidates(text: string): Span[] {
  const out: Span[] = [];
  PLAIN_RE.lastIndex = 0;
  for (let m = PLAIN_RE.exec(text); m !== null; m = PLAIN_RE.exec(text)) {
    const value = m[1] !== undefined ? m[1].trim() : plainNumber(m[2] as string) + (m[3] ? "\\%" : "");
    out.push({ value, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// answer phrases: "final answer … is", "answer:", "answer"
const ANCHOR_RE = /final answer.{0,100}?\s+is:?|answer\s*:|answer/gi;

/**
 * The places a text's answer may be, most likely first, each as a final-answer string for the grader:
 * 1. the boxed answer ({@link boxedSet}) — after "The final answer is X. I hope it is correct." when that ends later
 *    (the MATH few-shot format ranks with a box);
 * 2. after the last "final answer … is", "answer:" or "answer" (within 50 characters): the math span or plain
 *    number that follows;
 * 3. every math span (`$…$`, `$$…$$`, `\[…\]`, `\(…\)`; spans joined by commas, "and" or "or" as one list) and
 *    every plain number or expression (`1,000.99`, `1000,99` → `1000.99`, `10/9`, `12%`), the one that ends last
 *    first;
 * 4. the whole text, when it is short (a bare answer such as `x + 1` or `\{1, 2\}`).
 * Plain numbers must start the text or follow a space, `=` or a currency sign (`AZYUK2A` has none); inline spans do
 * not cross a line break. Only the last {@link MAX_TEXT_LENGTH} characters are searched.
 * @param text - A model output, a worked solution or a bare answer.
 * @returns Candidate answers, best first, without repeats, at most 12 (empty for an empty text).
 * @example answerCandidates("Thus $x \\le 2$ is our answer.") // ["x \\le 2", …]
 */
export function answerCandidates(text: string): string[] {
  const t = tail(text);
  const out: string[] = [];
  const add = (v: string | null | undefined): void => {
    // answers copied with doubled backslashes (`\\frac{\\pi}{2}`) read as the LaTeX they stand for
    const s = v?.trim().replace(/\\\\(?=[a-zA-Z]{2,})/g, "\\");
    if (s && !out.includes(s)) out.push(s);
  };
  const spans = mathSpans(t);
  const plain = plainCandidates(maskSpans(t, spans));
  const byEnd = [...spans.map((s, i) => ({ s, i, math: true })), ...plain.map((s, i) => ({ s, i, math: false }))].sort(
    (a, b) => b.s.end - a.s.end || a.s.start - b.s.start,
  );

  // "The final answer is X. I hope it is correct." (the MATH few-shot format) ranks with a box: the later one wins
  const lastBox = boxes(t).pop();
  const hope = finalAnswerHope(t);
  if (hope && (!lastBox || hope.end > lastBox.end)) add(hope.value);
  add(boxedSet(t));

  // anchored: the first candidate within 50 characters after an answer phrase, the last phrase first
  const anchored: Array<{ end: number; value: string }> = [];
  const phrases: number[] = [];
  ANCHOR_RE.lastIndex = 0;
  for (let m = ANCHOR_RE.exec(t); m !== null; m = ANCHOR_RE.exec(t)) phrases.push(m.index + m[0].length);
  for (const from of phrases.slice(-MAX_CANDIDATES)) {
    // the first math span and the first plain number after the phrase each compete; the one that ends last wins
    for (const math of [true, false]) {
      const next = byEnd
        .filter((c) => c.math === math && c.s.start >= from && c.s.start - from <= 50)
        .sort((a, b) => a.s.start - b.s.start)[0];
      if (next) anchored.push({ end: next.s.end, value: next.math ? joinForward(spans, next.i, t) : next.s.value });
    }
  }
  anchored.sort((a, b) => b.end - a.end);
  for (const a of anchored) add(a.value);

  // a text of thousands of identical spans must not cost thousands of joins: look at a bounded number of them
  for (const c of byEnd.slice(0, 4 * MAX_CANDIDATES)) {
    if (out.length >= MAX_CANDIDATES) break;
    add(c.math ? joinRun(spans, c.i, t) : c.s.value);
  }
  if (t.length <= 200 && !t.includes("\n")) add(t);
  return out.slice(0, MAX_CANDIDATES);
}

// what follows "final answer is" when "I hope" comes right after it: a math span (paired here, from the phrase, so
// currency dollars earlier in the text cannot shift the pairing) or a plain number
const HOPE_RE = new RegExp(
  String.raw`^(?:\$\$([\s\S]{1,1000}?)\$\$|\$((?:\\\$|[^\n$]){1,1000}?)\$|\\\(([\s\S]{1,1000}?)\\\)|\\\[([\s\S]{1,1000}?)\\\]|[${CURRENCY}]?${PLAIN_NUMBER})\s*\.?\s?I hope`,
  "i",
);

/** The answer after the last "final answer is" that is followed by "I hope", with where it ends; else undefined. */
function finalAnswerHope(t: string): { value: string; end: number } | undefined {
  const re = /final answer is:?\s*/gi;
  let found: { value: string; end: number } | undefined;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    const from = m.index + m[0].length;
    const h = HOPE_RE.exec(t.slice(from, from + 1100));
    if (!h) continue;
    const math = h[1] ?? h[2] ?? h[3] ?? h[4];
    found = { value: math ?? plainNumber(h[5] as string), end: from + h[0].length };
  }
  return found;
}

/** The span at `i` joined with the spans after it that continue the same answer (`$1$, $2$ and $3$`). */
function joinForward(spans: Span[], i: number, text: string): string {
  let last = i;
  while (
    last + 1 < spans.length &&
    last - i < MAX_PARTS &&
    JOINER_RE.test(text.slice((spans[last] as Span).end, (spans[last + 1] as Span).start))
  )
    last++;
  return distinctList(spans.slice(i, last + 1));
}

/**
 * The text with math spans blanked out (same length), so plain numbers are only searched outside them; a `$…$` or
 * `\(…\)` pair broken across lines is blanked too — what a model wrote inside it is not a plain number.
 */
function maskSpans(text: string, spans: Span[]): string {
  let out = "";
  let last = 0;
  for (const s of spans) {
    out += text.slice(last, s.start) + " ".repeat(s.end - s.start);
    last = s.end;
  }
  out += text.slice(last);
  return out.replace(BROKEN_SPAN_RE, (m) => " ".repeat(m.length));
}

const BROKEN_SPAN_RE =
  /(?<![\\\d])\$[^$]{0,1000}?\n[^$]{0,1000}?(?<!\\)\$|\\\((?:[^\\]|\\(?!\))){0,1000}?\n(?:[^\\]|\\(?!\))){0,1000}?\\\)/g;

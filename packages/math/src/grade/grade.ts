import type { MathNode } from "./ast.js";
import { Budget, BudgetExceeded } from "./budget.js";
import { answerCandidates } from "./candidates.js";
import { equivalent } from "./equivalent.js";
import { reduceMatrixExpression } from "./matrix.js";
import { FUNCTIONS, LatexParseError, parseLatex } from "./parse.js";
import { preprocess } from "./preprocess.js";
import { stripMathString } from "./strip.js";

/** Options of {@link gradeAnswer}. */
export interface GradeOptions {
  /**
   * Wall-clock limit for one decision, in milliseconds. Default 1000 (the cookbook's `safe_grade` timeout).
   * When it runs out the answer is judged not equivalent.
   */
  timeoutMs?: number;
  /** Cap on the number of grader work steps, independent of time (keeps results machine-independent). Default 2,000,000. */
  maxSteps?: number;
  /**
   * Apply the cookbook's / PRM800K's form rules on top of equivalence: when both answers are plain fractions
   * `a/b` they must match after normalisation (so `2/4` ≠ `1/2`), and an integer reference needs an integer answer
   * (so `\frac{4}{2}` ≠ `2`). Default `false` (mathematical equivalence only).
   */
  strictForms?: boolean;
  /**
   * Find the answer in each side first, as written by a model or in a worked solution: when the two texts are not
   * equivalent as they stand, each is reduced to its answer (the boxed answer, the span after "answer:", else the
   * last math span or plain number — see {@link answerCandidates}) and those are compared. Default `true`; `false`
   * compares the two strings as final answers only.
   */
  extract?: boolean;
}

/** How {@link gradeAnswerDetailed} reached its decision. */
export type GradeReason =
  | "empty"
  | "string-match"
  | "text"
  | "math"
  | "unparsed"
  | "timeout"
  | "too-long"
  /** `strictForms`: an unreduced fraction or a non-integer form of an integer reference. */
  | "form";

/** The result of {@link gradeAnswerDetailed}. */
export interface GradeResult {
  /** True when the answer is judged equivalent to the reference. */
  correct: boolean;
  /** Which stage decided. */
  reason: GradeReason;
}

/** Answers longer than this (characters) are only compared as normalised strings. */
export const MAX_ANSWER_LENGTH = 2000;

/** Words that are math, not prose: the parser's function names plus these. */
const KNOWN_WORDS = new Set([...FUNCTIONS, "sqrt", "frac", "pi", "inf", "infty", "infinity"]);

/**
 * How much the cleaned answer reads as words rather than math: `"word"` when it has a run of four or more letters
 * that is not a function name (`Evelyn`, `east`), `"maybe"` when its longest such run has three letters (`yes`, but
 * also the product `abc`), else `"none"`.
 */
function textiness(s: string): "word" | "maybe" | "none" {
  // environment names and subscripts (`S_{MBCN}`) are not words
  s = s.replace(/\\(?:begin|end)\s*\{[a-zA-Z*]*\}|_\{[a-zA-Z0-9]*\}/g, "");
  const re = /(?<![\\a-zA-Z])[a-zA-Z]{3,}/g;
  let result: "word" | "maybe" | "none" = "none";
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (KNOWN_WORDS.has(m[0].toLowerCase())) continue;
    if (m[0].length >= 4) return "word";
    result = "maybe";
  }
  return result;
}

function textKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/\\text\w*|\\mbox|\\mathrm/g, "")
    .replace(/[\s{}"'`.]/g, "")
    .replace(/^\((.*)\)$/, "$1");
}

/** A list that ends in an ellipsis: `1, 2, 3, \ldots`, `1, 2, ...`. */
const TRAILING_ELLIPSIS_RE = /,\s*(?:\.\.\.|…|\\[lc]?dots(?![a-zA-Z]))\s*[.}$)\]]*\s*$/;

const FRACTION_RE = /^-?(?:\d+\/\d+|\\frac\{\d+\}\{\d+\})$/;
const INTEGER_RE = /^-?\d{1,3}(?:,?\d{3})*(?:\.0*)?$|^-?\d+(?:\.0*)?$/;

/** The cookbook's per-element form rules, on MATH-stripped strings. */
function violatesForm(given: string, reference: string): boolean {
  if (FRACTION_RE.test(given) && FRACTION_RE.test(reference)) return given !== reference;
  return INTEGER_RE.test(reference) !== INTEGER_RE.test(given);
}

/**
 * Decides whether a model's final answer is mathematically equivalent to a reference answer, the way a careful
 * human grader would: MATH-style string normalisation first (`\dfrac`→`\frac`, `\left`/`\right`, degrees, `\$`,
 * units, `x = 5` → `5`, …), then real equivalence on parsed expressions: exact rational arithmetic for numbers,
 * numeric evaluation at several points for expressions with variables, and structure for tuples, intervals
 * (bracket types respected), sets and lists (order-free), matrices, equations and text answers.
 *
 * Either side may be raw text — a model's output, a worked solution: unless `extract` is false, when the two texts
 * are not equivalent as written, each is reduced to its answer ({@link answerCandidates}) and those are compared.
 *
 * Never throws and never hangs: a pathological input is judged not equivalent once `timeoutMs` has passed.
 * @param given - The answer to grade: a model's output or its final answer; null/undefined/empty is wrong.
 * @param reference - The reference answer, or a worked solution that contains it.
 * @param options - `timeoutMs` (default 1000), `maxSteps` (default 2,000,000), `strictForms` (default false),
 *   `extract` (default true).
 * @returns True when equivalent.
 * @example gradeAnswer("\\dfrac12", "0.5") // true
 * @example gradeAnswer("Thus $x <= 2$ is our answer.", "$x \\leq 2$") // true
 */
export function gradeAnswer(given: string | null | undefined, reference: string, options: GradeOptions = {}): boolean {
  return gradeAnswerDetailed(given, reference, options).correct;
}

/**
 * Like {@link gradeAnswer}, and also says which stage decided (for debugging graders and reporting timeouts).
 * @param given - The answer to grade.
 * @param reference - The reference answer.
 * @param options - As for {@link gradeAnswer}.
 */
export function gradeAnswerDetailed(given: string | null | undefined, reference: string, options: GradeOptions = {}): GradeResult {
  if (typeof given !== "string" || typeof reference !== "string") return { correct: false, reason: "empty" };
  const budget = new Budget(options.timeoutMs ?? 1000, options.maxSteps ?? 2_000_000);
  const direct = decide(given, reference, options, budget);
  if (direct.correct || options.extract === false || direct.reason === "timeout" || direct.reason === "form") return direct;
  try {
    if (budget.expired()) return { correct: false, reason: "timeout" };
    const g = pickAnswer(given, budget);
    if (budget.expired()) return { correct: false, reason: "timeout" };
    const r = pickAnswer(reference, budget);
    if (g === null || r === null) return direct;
    const [g2, r2] = decimalComma(g, r);
    if (g2 === given.trim() && r2 === reference.trim()) return direct;
    return decide(g2, r2, options, budget);
  } catch (error) {
    if (error instanceof BudgetExceeded || error instanceof RangeError) return { correct: false, reason: "timeout" };
    throw error;
  }
}

/** How many of a text's answer candidates are tried (parsed) before the first one is taken as it is. */
const MAX_PARSE_TRIES = 6;

/**
 * The answer in a text: the first of its {@link answerCandidates} the grader can parse (a bare answer stays whole),
 * else the first candidate; null when there is none.
 */
function pickAnswer(text: string, budget: Budget): string | null {
  const t = text.trim();
  if (isBareAnswer(t)) return t;
  const candidates = answerCandidates(t);
  for (const c of candidates.slice(0, MAX_PARSE_TRIES)) {
    if (tryParse(c, budget)) return c;
    // a chain the parser cannot read as a whole (`1 = \zzz = x = 0`) still ends in its value
    const last = lastOfChain(c);
    if (last !== null && tryParse(last, budget)) return last;
  }
  return candidates[0] ?? null;
}

/** The last part of a chain `a = b = c` (three or more parts, no list commas), else null. */
function lastOfChain(s: string): string | null {
  if (/[,;]/.test(s)) return null;
  const parts = s.split(/(?<![\\<>!])=/);
  return parts.length > 2 ? (parts[parts.length - 1] as string).trim() || null : null;
}

/**
 * A bare final answer, kept whole: one line without math delimiters, boxes, an answer phrase or words (three or
 * more letters, not a function name or "and") outside LaTeX commands and `\\text{}` (`x + 1`, `\{1, 2\}`, `(3, 2)`, `1, 2, 3`).
 */
function isBareAnswer(t: string): boolean {
  if (/\n|\$|\\[([]|\\boxed|\\fbox/.test(t)) return false;
  const words =
    t.replace(/\\(?:text\w*|mbox|mathrm)\s*\{[^{}]*\}|\\(?:begin|end)\s*\{[a-zA-Z*]*\}|\\[a-zA-Z]+/g, " ").match(/[a-zA-Z]{3,}/g) ?? [];
  for (const w of words) if (w !== "and" && !KNOWN_WORDS.has(w.toLowerCase())) return false;
  return true;
}

function tryParse(s: string, budget: Budget): boolean {
  if (s.length > MAX_ANSWER_LENGTH) return false;
  try {
    parseLatex(preprocess(s).text, budget);
    return true;
  } catch (error) {
    if (error instanceof LatexParseError) return false;
    throw error;
  }
}

/**
 * `1000,99` against `1000.99`: two integers separated by a comma can never equal one decimal, so against a decimal
 * the comma is read as a decimal comma (not for thousands groups such as `1,000`).
 */
function decimalComma(g: string, r: string): [string, string] {
  const comma = /^-?\d+,\d+$/;
  const thousands = /^-?[1-9]\d{0,2}(?:,\d{3})+$/;
  const point = /^-?\d*\.\d+$/;
  const fix = (a: string, b: string): string => (comma.test(a) && !thousands.test(a) && point.test(b) ? a.replace(",", ".") : a);
  return [fix(g, r), fix(r, g)];
}

function decide(given: string, reference: string, options: GradeOptions, budget: Budget): GradeResult {
  if (given.trim() === "" || reference.trim() === "") return { correct: false, reason: "empty" };
  // "1, 2, 3, \\ldots" (the sequence goes on) is a different answer from the finite list "1, 2, 3"
  if (TRAILING_ELLIPSIS_RE.test(given) !== TRAILING_ELLIPSIS_RE.test(reference)) return { correct: false, reason: "math" };
  const sg = stripMathString(given);
  const sr = stripMathString(reference);
  if (sg !== "" && sg === sr) return { correct: true, reason: "string-match" };
  if (given.length > MAX_ANSWER_LENGTH || reference.length > MAX_ANSWER_LENGTH) return { correct: false, reason: "too-long" };
  if (options.strictForms && violatesForm(sg, sr)) return { correct: false, reason: "form" };

  try {
    const pg = preprocess(given);
    const pr = preprocess(reference);
    if (pg.text === "") return { correct: false, reason: "empty" };
    if (pg.text === pr.text) return { correct: true, reason: "string-match" };
    const wordy = (p: { text: string; wholeText: boolean }): "word" | "maybe" | "none" =>
      p.wholeText && /^[a-zA-Z][a-zA-Z\s]+$/.test(p.text) && !KNOWN_WORDS.has(p.text.trim().toLowerCase()) ? "word" : textiness(p.text);
    const tr = wordy(pr);
    const tg = wordy(pg);
    if (tr === "word" || tg === "word" || pr.wholeText || pg.wholeText) {
      if (textKey(pr.text) === textKey(pg.text)) return { correct: true, reason: "text" };
      // a \text{} wrapper around math (\text{(B)}, \text{3 meters}) still goes on to the math stage
      if (tr === "word" || tg === "word") return { correct: false, reason: "text" };
    } else if (tr === "maybe" || tg === "maybe") {
      if (textKey(pr.text) === textKey(pg.text)) return { correct: true, reason: "text" };
    }
    let nr: MathNode;
    let ng: MathNode;
    try {
      nr = parseLatex(pr.text, budget);
      ng = parseLatex(pg.text, budget);
    } catch (error) {
      if (error instanceof LatexParseError) return { correct: textKey(pr.text) === textKey(pg.text), reason: "unparsed" };
      throw error;
    }
    return { correct: equivalent(reduceMatrixExpression(nr), reduceMatrixExpression(ng), { budget }), reason: "math" };
  } catch (error) {
    if (error instanceof BudgetExceeded) return { correct: false, reason: "timeout" };
    if (error instanceof RangeError) return { correct: false, reason: "timeout" }; // stack / BigInt limits
    throw error;
  }
}

/**
 * Parses a final answer (LaTeX or plain text) into the grader's expression tree, after the grader's cleaning
 * (delimiters, `\left`/`\right`, units, percent, thousands separators).
 * @param answer - The answer text, e.g. `\frac{\pi}{2}` or `(1, 2]`.
 * @param options - `timeoutMs` (default 1000), `maxSteps` (default 2,000,000).
 * @returns The tree, or null when the answer is outside the supported grammar, longer than
 *   {@link MAX_ANSWER_LENGTH}, or the budget ran out.
 */
export function parseAnswer(answer: string, options: GradeOptions = {}): MathNode | null {
  if (answer.length > MAX_ANSWER_LENGTH) return null;
  const budget = new Budget(options.timeoutMs ?? 1000, options.maxSteps ?? 2_000_000);
  try {
    return parseLatex(preprocess(answer).text, budget);
  } catch (error) {
    if (error instanceof LatexParseError || error instanceof BudgetExceeded || error instanceof RangeError) return null;
    throw error;
  }
}

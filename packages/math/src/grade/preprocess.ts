/**
 * Cleans a LaTeX / plain-text final answer before parsing: delimiters, spacing commands, `\left`/`\right`,
 * degrees, percent and dollar signs, unit text, thousands separators. Pure string work, linear time.
 * @internal
 */

/** Unit words stripped after a quantity (`3 cm`, `5\text{ inches}^2`, `12 square units`). @internal */
export const UNIT_WORDS = [
  "units?",
  "square units?",
  "sq units?",
  "cubic units?",
  "degrees?",
  "radians?",
  "cm",
  "centimeters?",
  "centimetres?",
  "mm",
  "millimeters?",
  "km",
  "kilometers?",
  "meters?",
  "metres?",
  "miles?",
  "mi",
  "seconds?",
  "sec",
  "minutes?",
  "min",
  "hours?",
  "hrs?",
  "days?",
  "weeks?",
  "months?",
  "years?",
  "feet",
  "foot",
  "ft",
  "inch",
  "inches",
  "yards?",
  "yd",
  "dollars?",
  "cents?",
  "mph",
  "kg",
  "kilograms?",
  "grams?",
  "g",
  "pounds?",
  "lbs?",
  "ounces?",
  "oz",
  "liters?",
  "litres?",
  "ml",
  "gallons?",
  "quarts?",
  "pints?",
  "cups?",
  "people",
  "persons?",
  "students?",
  "points?",
  "ways",
  "cubic feet",
  "square feet",
  "square inches",
  "square meters",
  "square centimeters",
  "square yards",
  "sq ft",
  "percent",
  "pct",
  "m",
  "s",
  "h",
  "calories",
  "pages",
  "marbles",
  "apples",
  "books",
  "coins",
  "times",
  "steps",
  "tiles",
  "boxes",
  "items",
  "games",
  "hats",
  "shirts",
  "dogs",
  "cats",
  "balls",
  "pieces",
  "rows",
  "seats",
];

const UNIT_ALT = UNIT_WORDS.join("|");
/** A unit text directly after a quantity, with an optional power (`cm^2`, `inches^{3}`). */
const TEXT_UNIT_RE = new RegExp(`^\\s*(?:(?:sq\\.?|square|cubic)\\s+)?(?:${UNIT_ALT})\\s*$`, "i");
const TRAILING_UNIT_RE = new RegExp(`([0-9}).])\\s+(?:(?:sq\\.?|square|cubic)\\s+)?(?:${UNIT_ALT})(?:\\s*\\^\\s*\\{?[23]\\}?)?\\s*$`, "i");

const TEXT_CMDS = [
  "text",
  "textbf",
  "textit",
  "textrm",
  "mbox",
  "mathrm",
  "mathbf",
  "mathit",
  "boldsymbol",
  "bm",
  "textnormal",
  "mathsf",
  "texttt",
  "mathbb",
  "operatorname",
  "hbox",
];
const TEXT_CMD_RE = new RegExp(`\\\\(?:${TEXT_CMDS.join("|")})\\s*\\{`, "g");

/** Finds the index of the `}` matching the `{` at `open`, or -1. */
export function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function unwrapWhole(s: string): string {
  for (let guard = 0; guard < 8; guard++) {
    const t = s.trim();
    let m: RegExpExecArray | null;
    if (t.length >= 2 && t.startsWith("$") && t.endsWith("$")) {
      s = t.replace(/^\$+/, "").replace(/\$+$/, "");
      continue;
    }
    if ((t.startsWith("\\(") && t.endsWith("\\)")) || (t.startsWith("\\[") && t.endsWith("\\]"))) {
      s = t.slice(2, -2);
      continue;
    }
    if ((m = /^\\(?:boxed|fbox|framebox)\s*\{/.exec(t)) && matchBrace(t, m[0].length - 1) === t.length - 1) {
      s = t.slice(m[0].length, -1);
      continue;
    }
    return t;
  }
  return s.trim();
}

/** Result of {@link preprocess}: the cleaned string and what was removed. @internal */
export interface Preprocessed {
  text: string;
  /** A `%` / `\%` / `percent` was removed. */
  percent: boolean;
  /** The whole answer was a `\text{…}` (or similar) wrapper. */
  wholeText: boolean;
}

/** @internal */
export function preprocess(input: string): Preprocessed {
  let s = input.replace(/\r?\n/g, " ");
  s = s
    .replace(/[\u2212\u2013]/g, "-")
    .replace(/π/g, "\\pi ")
    .replace(/√/g, "\\sqrt")
    .replace(/∞/g, "\\infty ")
    .replace(/×/g, "\\times ")
    .replace(/[·⋅]/g, "\\cdot ")
    .replace(/≤/g, "\\le ")
    .replace(/≥/g, "\\ge ")
    .replace(/≠/g, "\\ne ")
    .replace(/∪/g, "\\cup ")
    .replace(/°/g, "^\\circ ")
    .replace(/\u00a0/g, " ");
  s = unwrapWhole(s);
  // trailing sentence punctuation
  s = s.replace(/[\s.;]+$/, "").replace(/,\s*$/, "");
  s = unwrapWhole(s);

  let percent = false;
  // degrees inside a trig function are an angle: \sin 30^\circ = \sin(\pi/6) (elsewhere ^\circ is notation and is dropped)
  s = s.replace(
    /\\(sin|cos|tan|sec|csc|cot)\s*(\(?)\s*(\d+(?:\.\d+)?)\s*\^\s*(?:\{\s*\\circ\s*\}|\\circ)/g,
    (_m, fn: string, paren: string, deg: string) => `\\${fn}${paren}(\\frac{${deg}\\pi}{180})`,
  );
  // thousands separators written as ,\! or {,}
  s = s.replace(/(\d)\s*(?:,\\!|\{\s*,\s*\})\s*(?=\d)/g, "$1");
  s = s
    .replace(/\\[dtc]frac/g, "\\frac")
    .replace(/\\[dt]binom/g, "\\binom")
    .replace(/\\left\s*\./g, "")
    .replace(/\\right\s*\./g, "")
    .replace(/\\(?:left|right)(?![a-zA-Z])/g, "")
    .replace(/\\(?:bigg|Bigg|big|Big)[lr]?(?![a-zA-Z])/g, "")
    .replace(/\\displaystyle|\\limits/g, "")
    .replace(/\\lbrace(?![a-zA-Z])/g, "\\{")
    .replace(/\\rbrace(?![a-zA-Z])/g, "\\}")
    .replace(/\\langle(?![a-zA-Z])/g, "(")
    .replace(/\\rangle(?![a-zA-Z])/g, ")")
    .replace(/\\(?:ldots|cdots|dots|dotsm|dotsc)(?![a-zA-Z])/g, "")
    .replace(/\\q?quad/g, " ") // also `\quadx_2`: no command starts with "quad"
    .replace(/(?<!\\)\\[!,;: ]/g, " ")
    .replace(/~/g, " ")
    .replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree/g, "")
    .replace(/\\\$|\$/g, "");
  if (/\\%|%|\bpercent\b|\bpct\b/.test(s)) {
    percent = true;
    s = s.replace(/\\%|%/g, "").replace(/\s*\b(?:percent|pct)\b/g, "");
  }

  // the real line
  s = s.replace(/\\mathbb\s*\{?\s*R\s*\}?/g, "(-\\infty, \\infty)");
  // repeating decimals: 0.\overline{3} → 1/3, 1.2\overline{34}
  s = s.replace(/(\d*)\.(\d*)\\overline\s*\{(\d{1,30})\}/g, (_m, int: string, fixed: string, rep: string) =>
    repeatingToFrac(int, fixed, rep),
  );

  // \text{…}-like commands
  let wholeText = false;
  const t = s.trim();
  const whole = /^\\(?:text|textbf|textit|textrm|mbox|mathrm|textnormal|hbox)\s*\{/.exec(t);
  if (whole && matchBrace(t, whole[0].length - 1) === t.length - 1) {
    wholeText = true;
    s = t.slice(whole[0].length, -1);
  }
  s = replaceTextCommands(s).replace(/,(?:\s*,)+/g, ",");
  if (/^\s*(?:all\s+)?real\s+numbers\s*$/i.test(s)) s = "(-\\infty, \\infty)";

  // plain unit words after a quantity
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(TRAILING_UNIT_RE, "$1");
    if (s === before) break;
  }
  s = s.trim().replace(/[\s.;]+$/, "");
  // a number followed only by words ("5 oranges", "12 different ways"): the words are units
  const numberWords =
    /^([-+]?\d[\d,]*(?:\.\d+)?(?:\s*\/\s*\d+)?)\s+(?!(?:sin|cos|tan|cot|sec|csc|log|ln|exp|sqrt|pi|arc|sinh|cosh|tanh|inf)[a-z]*\b)[a-zA-Z]{3,}[a-zA-Z .'-]{0,60}$/.exec(
      s,
    );
  if (numberWords?.[1] !== undefined && !/\b(?:and|or)\b/.test(s)) s = numberWords[1];
  // plain-text mixed number: 7 3/4
  s = s.replace(/^(-?\d+)\s+(\d+)\s*\/\s*(\d+)$/, "$1\\frac{$2}{$3}");
  // "and" / "or" between items
  s = s
    .replace(/\s+(?:and|or)\s+/g, ", ")
    .replace(/(?<=[)\]])\s*(?:and|or)\s*(?=[([])/g, ", ") // "(11,7)or(7,11)"
    .replace(/,(?:\s*,)+/g, ",");
  s = assignmentGroups(s);
  // plain thousands separators: only when the whole answer is one number
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s.trim())) s = s.replace(/,/g, "");
  // a whole-answer thousands number with spaces: "1 000 000"
  if (/^-?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s.trim())) s = s.replace(/ /g, "");
  return { text: s.trim(), percent, wholeText };
}

/**
 * Solutions written as `;`-separated groups of assignments to the same variables (`p=5,q=2;p=7,q=2`) → the list of
 * tuples `(5,2), (7,2)`, the variables in the order written; anything else is returned unchanged.
 */
function assignmentGroups(s: string): string {
  if (!s.includes(";") || !s.includes("=")) return s;
  let names: string | null = null;
  const tuples: string[] = [];
  for (const group of s.split(";")) {
    const pairs = group.split(",").map((a) => /^\s*([a-zA-Z](?:_\{?\w+\}?)?)\s*=\s*([^=]+?)\s*$/.exec(a));
    if (pairs.some((p) => p === null)) return s;
    const key = pairs.map((p) => p?.[1]).join(",");
    if (names !== null && key !== names) return s;
    names = key;
    tuples.push(`(${pairs.map((p) => p?.[2]).join(",")})`);
  }
  return tuples.length > 1 ? tuples.join(", ") : s;
}

function replaceTextCommands(s: string): string {
  let out = "";
  let last = 0;
  TEXT_CMD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = TEXT_CMD_RE.exec(s)) !== null && guard++ < 200) {
    const open = m.index + m[0].length - 1;
    const close = matchBrace(s, open);
    if (close < 0) break;
    const content = s.slice(open + 1, close);
    const name = m[0].slice(1, m[0].indexOf("{")).trim();
    out += s.slice(last, m.index);
    let after = close + 1;
    const trimmed = content.trim();
    const isTextual = name.startsWith("text") || name === "mbox" || name === "hbox" || name === "mathrm";
    if (isTextual && /^(?:and|or|,)$/i.test(trimmed)) {
      out += ", ";
    } else if (
      isTextual &&
      out.trim() !== "" &&
      (TEXT_UNIT_RE.test(trimmed) || /^[a-zA-Z][a-zA-Z .]*$/.test(trimmed)) &&
      (/(?:[0-9}).]|\\[a-zA-Z]+)\s*$/.test(out) || /^\s/.test(content))
    ) {
      // units after a quantity: drop them and a following ^2 / ^3
      const pow = /^\s*\^\s*(?:\{\s*\d\s*\}|\d)/.exec(s.slice(after));
      if (pow) after += pow[0].length;
      out += " ";
    } else if (name === "operatorname") {
      out += `\\${trimmed} `;
    } else {
      out += content;
    }
    last = after;
    TEXT_CMD_RE.lastIndex = after;
  }
  out += s.slice(last);
  return out;
}

/** `int.fixed(rep)` with `rep` repeating, as an exact `\frac{p}{q}`. */
function repeatingToFrac(int: string, fixed: string, rep: string): string {
  const all = BigInt((int || "0") + fixed + rep);
  const head = BigInt((int || "0") + fixed);
  const num = all - head;
  const den = 10n ** BigInt(fixed.length) * (10n ** BigInt(rep.length) - 1n);
  return `\\frac{${num}}{${den}}`;
}

import { SplitNotFoundError, SplitSyntaxError } from "@crucible/types";

/** Percent rounding modes of Python `datasets` split slicing. */
export type SplitRounding = "closest" | "pct1_dropremainder";

/** One `name[from:to](rounding)` term of a split string, before it is resolved against split lengths. */
export interface SplitInstruction {
  /** Split name, e.g. `train` (word characters, optionally dotted: `a.b`). */
  split: string;
  /** Start boundary as written (may be negative); undefined when omitted. */
  from: number | undefined;
  /** End boundary as written (may be negative); undefined when omitted. */
  to: number | undefined;
  /** `"%"` when either boundary carries `%` (then both are percents, as in Python), else `"abs"`. */
  unit: "abs" | "%";
  /** Rounding for percent slices: `"closest"` by default; undefined for absolute slices. */
  rounding: SplitRounding | undefined;
  /** The term's text as written. */
  text: string;
  /** Offset of the term in the whole split string. */
  position: number;
}

/** A resolved term: rows `[start, end)` of `split`. */
export interface ResolvedSplit {
  /** Split name. */
  split: string;
  /** First row (inclusive), in [0, length]. */
  start: number;
  /**
   * End row (exclusive), in [0, length]. As in Python `datasets`, it is not raised to `start`: `train[5:3]`
   * resolves to start 5, end 3; read it as empty (`Math.max(0, end - start)` rows).
   */
  end: number;
}

/**
 * A {@link SplitSyntaxError} that also says where in the split string the problem is.
 */
export class SplitSpecError extends SplitSyntaxError {
  /** The whole split string. */
  readonly spec: string;
  /** Zero-based offset of the offending text in `spec`. */
  readonly position: number;

  /**
   * @param message - What is wrong (Python's wording where Python raises).
   * @param spec - The whole split string.
   * @param position - Zero-based offset of the offending text.
   */
  constructor(message: string, spec: string, position: number) {
    super(`${message} (in split ${JSON.stringify(spec)} at position ${position})`, {
      hint: 'Split strings look like "train", "train[10:20]", "train[:10%]", "test[-5:]", "train[:10%](pct1_dropremainder)+test"',
    });
    this.name = "SplitSyntaxError";
    this.spec = spec;
    this.position = position;
  }
}

// Python's `\w` on str patterns: letters, numbers and underscore (Unicode).
const WORD = /[\p{L}\p{N}_]/u;
const INT_LITERAL = /^-?[0-9]+(?:_[0-9]+)*$/;

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

/** Python's `int(s)` for the `-?[\d_]+` text the grammar allows (underscores only between digits). */
function parseIntLiteral(text: string, spec: string, position: number): number {
  if (!INT_LITERAL.test(text)) {
    throw new SplitSpecError(`invalid literal for int() with base 10: '${text}'`, spec, position);
  }
  return Number(text.replace(/_/g, "")) + 0; // + 0 turns -0 into 0
}

/**
 * Parses one term exactly as `datasets.arrow_reader._SUB_SPEC_RE` matches it (a hand-written scanner, so the
 * error can point at the first character that does not fit).
 */
function parseTerm(text: string, offset: number, spec: string): SplitInstruction {
  const chars = Array.from(text);
  // Code-unit offsets of each code point, for positions in the original string.
  const at: number[] = [];
  let acc = 0;
  for (const ch of chars) {
    at.push(acc);
    acc += ch.length;
  }
  at.push(acc);
  let i = 0;
  const fail = (expected: string): never => {
    const found = chars[i];
    const what = found === undefined ? "end of term" : JSON.stringify(found);
    throw new SplitSpecError(
      `Unrecognized instruction format: ${JSON.stringify(text)}: unexpected ${what}, expected ${expected}`,
      spec,
      offset + (at[i] ?? acc),
    );
  };
  const readWord = () => {
    const start = i;
    while (isWord(chars[i])) i++;
    if (i === start) fail("a split name (letters, digits, _)");
  };
  readWord();
  while (chars[i] === "." && isWord(chars[i + 1])) {
    i++;
    readWord();
  }
  const split = chars.slice(0, i).join("");
  let fromText: string | undefined;
  let toText: string | undefined;
  let fromPos = 0;
  let toPos = 0;
  let pct = false;
  const readBound = (): string | undefined => {
    const start = i;
    if (chars[i] === "-") i++;
    const digitsStart = i;
    while (chars[i] !== undefined && /[0-9_]/.test(chars[i] as string)) i++;
    if (i === digitsStart) {
      if (i !== start) fail("digits after '-'");
      return undefined;
    }
    return chars.slice(start, i).join("");
  };
  if (chars[i] === "[") {
    i++;
    fromPos = offset + (at[i] ?? acc);
    fromText = readBound();
    if (fromText !== undefined && chars[i] === "%") {
      pct = true;
      i++;
    }
    if (chars[i] !== ":") fail(fromText === undefined ? "a boundary or ':'" : "'%' or ':'");
    i++;
    toPos = offset + (at[i] ?? acc);
    toText = readBound();
    if (toText !== undefined && chars[i] === "%") {
      pct = true;
      i++;
    }
    if (chars[i] !== "]") fail(toText === undefined ? "a boundary or ']'" : "'%' or ']'");
    i++;
  }
  let rounding: string | undefined;
  let roundingPos = 0;
  if (chars[i] === "(") {
    i++;
    roundingPos = offset + (at[i] ?? acc);
    const start = i;
    while (chars[i] !== undefined && chars[i] !== ")") i++;
    if (chars[i] !== ")") fail("')'");
    rounding = chars.slice(start, i).join("");
    i++;
  }
  // Python's `$` also matches just before one trailing newline.
  if (chars[i] === "\n" && i === chars.length - 1) i++;
  if (i !== chars.length) fail(chars[i] === "[" || chars[i] === "(" ? "'[' only once, before '('" : "end of term");

  // Python's int() runs while building the ReadInstruction; the dataclass checks come after.
  const from = fromText === undefined ? undefined : parseIntLiteral(fromText, spec, fromPos);
  const to = toText === undefined ? undefined : parseIntLiteral(toText, spec, toPos);
  const unit = pct ? "%" : "abs";
  if (rounding !== undefined && rounding !== "closest" && rounding !== "pct1_dropremainder") {
    throw new SplitSpecError(`rounding must be either closest or pct1_dropremainder, got ${JSON.stringify(rounding)}`, spec, roundingPos);
  }
  if (unit !== "%" && rounding !== undefined) {
    throw new SplitSpecError("It is forbidden to specify rounding if not using percent slicing", spec, roundingPos);
  }
  if (unit === "%" && from !== undefined && Math.abs(from) > 100) {
    throw new SplitSpecError("Percent slice boundaries must be > -100 and < 100", spec, fromPos);
  }
  if (unit === "%" && to !== undefined && Math.abs(to) > 100) {
    throw new SplitSpecError("Percent slice boundaries must be > -100 and < 100", spec, toPos);
  }
  return {
    split,
    from,
    to,
    unit,
    rounding: unit === "%" ? ((rounding as SplitRounding | undefined) ?? "closest") : undefined,
    text,
    position: offset,
  };
}

/**
 * Parses a split string with Python `datasets`' `ReadInstruction.from_spec` grammar: terms
 * `name`, `name[from:to]`, `name[from%:to%]` and `name[...](rounding)` joined by `+` (spaces allowed around it).
 * Boundaries are integers (`1_000` allowed) and may be negative; a `%` on either boundary makes both percents.
 * @param spec - The split string, e.g. `train[:10%]+test[-5:]`.
 * @returns The terms in order.
 * @throws SplitSpecError (a SplitSyntaxError, code `SPLIT_SYNTAX`) with the offending text and its position, for
 *   every case where Python raises ValueError, including mixing roundings across `+`.
 */
export function parseSplit(spec: string): SplitInstruction[] {
  const terms: SplitInstruction[] = [];
  const sep = /\s*\+\s*/g;
  let start = 0;
  const pieces: Array<{ text: string; offset: number }> = [];
  for (const m of spec.matchAll(sep)) {
    pieces.push({ text: spec.slice(start, m.index), offset: start });
    start = (m.index ?? 0) + m[0].length;
  }
  pieces.push({ text: spec.slice(start), offset: start });
  for (const piece of pieces) {
    const term = parseTerm(piece.text, piece.offset, spec);
    const first = terms[0];
    if (first !== undefined && first.unit !== "abs" && term.unit !== "abs" && first.rounding !== term.rounding) {
      throw new SplitSpecError(
        `It is forbidden to sum ReadInstruction instances with different rounding values (${first.rounding} and ${term.rounding})`,
        spec,
        term.position,
      );
    }
    terms.push(term);
  }
  return terms;
}

/** Python's `round()` (half to even) of a double. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function pctToAbs(boundary: number, numExamples: number, rounding: SplitRounding | undefined, spec: string, position: number): number {
  if (rounding === "pct1_dropremainder") {
    if (numExamples < 100) {
      throw new SplitSpecError(
        'Using "pct1_dropremainder" rounding on a split with less than 100 elements is forbidden: it always results in an empty dataset',
        spec,
        position,
      );
    }
    return boundary * Math.trunc(numExamples / 100);
  }
  return roundHalfEven((boundary * numExamples) / 100);
}

/**
 * Resolves a split string (or parsed terms) against split lengths, exactly as Python `datasets`'
 * `ReadInstruction.to_absolute` does: percents become rows with `round(b * n / 100)` (half to even, `closest`)
 * or `b * trunc(n / 100)` (`pct1_dropremainder`, refused below 100 rows); negative boundaries count from the
 * end (floored at 0); both ends are capped at the split length.
 *
 * Loader note (Python `load_dataset`, checked with datasets 5.0.1): when every term resolves to `end === start`
 * (`train[3:3]`, `train[:0]`) Python raises `Instruction "…" corresponds to no data!`, while `end < start`
 * (`train[5:3]`) yields an empty dataset without error. This function returns the ranges either way.
 * @param spec - A split string or the result of {@link parseSplit}.
 * @param lengths - Number of rows of each split, e.g. `{ train: 7473, test: 1319 }`.
 * @returns One `{ split, start, end }` per term, in order (the same split may appear more than once).
 * @throws SplitNotFoundError for an unknown split name (with the available splits); SplitSpecError for syntax
 *   errors and `pct1_dropremainder` on a split with fewer than 100 rows.
 */
export function resolveSplit(spec: string | SplitInstruction[], lengths: Record<string, number>): ResolvedSplit[] {
  const terms = typeof spec === "string" ? parseSplit(spec) : spec;
  const specText = typeof spec === "string" ? spec : spec.map((t) => t.text).join("+");
  return terms.map((term) => {
    if (!Object.hasOwn(lengths, term.split)) {
      throw new SplitNotFoundError(`Unknown split "${term.split}" in split string ${JSON.stringify(specText)}`, {
        available: Object.keys(lengths),
      });
    }
    const n = lengths[term.split] as number;
    let from: number;
    let to: number;
    if (term.unit === "%") {
      from = term.from === undefined ? 0 : pctToAbs(term.from, n, term.rounding, specText, term.position);
      to = term.to === undefined ? n : pctToAbs(term.to, n, term.rounding, specText, term.position);
    } else {
      from = term.from ?? 0;
      to = term.to ?? n;
    }
    if (from < 0) from = Math.max(n + from, 0);
    if (to < 0) to = Math.max(n + to, 0);
    return { split: term.split, start: Math.min(from, n), end: Math.min(to, n) };
  });
}

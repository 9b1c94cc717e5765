import type { MathNode } from "./ast.js";
import type { Budget } from "./budget.js";
import { c, cabs, csub, isReal, type Complex } from "./complex.js";
import { exactValue, freeVariables, numericValue } from "./evaluate.js";
import * as R from "./rational.js";

/** Relative tolerance of the numeric check (documented in the README). @internal */
export const RELATIVE_TOLERANCE = 1e-9;
const ABSOLUTE_TOLERANCE = 1e-12;

/** Deterministic evaluation points for variables: irrational-looking values in [0.3, 2.9]. */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: sample points, not approximations of e or √5
const POINTS = [0.7391, 1.3247, 2.2361, 0.5772, 1.8393, 2.7183, 0.4142, 1.1892];

/** True when two complex values agree within the tolerances (infinities must agree in sign). @internal */
export function closeEnough(a: Complex, b: Complex): boolean {
  if (Number.isNaN(a.re) || Number.isNaN(b.re)) return false;
  if (!Number.isFinite(a.re) || !Number.isFinite(b.re)) return a.re === b.re && Number.isFinite(a.im) === Number.isFinite(b.im);
  if (Number.isNaN(a.im) || Number.isNaN(b.im)) return false;
  const diff = cabs(csub(a, b));
  const scale = Math.max(cabs(a), cabs(b));
  return diff <= RELATIVE_TOLERANCE * scale || diff <= ABSOLUTE_TOLERANCE;
}

function isScalar(n: MathNode): boolean {
  return ["num", "var", "const", "neg", "add", "mul", "div", "pow", "fn"].includes(n.kind);
}

function hasPm(n: MathNode): boolean {
  switch (n.kind) {
    case "add":
      return n.terms.some((t) => t.sign === "pm" || t.sign === "mp" || hasPm(t.node));
    case "neg":
      return hasPm(n.arg);
    case "mul":
    case "div":
    case "pow":
      return hasPm(n.args[0]) || hasPm(n.args[1]);
    case "fn":
      return n.args.some(hasPm);
    default:
      return false;
  }
}

/** Expands ± / ∓ into every sign choice (a ± b → [a + b, a − b]); more than three ± give no values (never equal). @internal */
export function expandPm(n: MathNode): MathNode[] {
  const out: MathNode[] = [];
  const walk = (choice: number): MathNode => {
    let k = 0;
    const rec = (m: MathNode): MathNode => {
      switch (m.kind) {
        case "add":
          return {
            kind: "add",
            terms: m.terms.map((t) => {
              if (t.sign === "pm" || t.sign === "mp") {
                const bit = (choice >> k++) & 1;
                const plus = t.sign === "pm" ? bit === 0 : bit === 1;
                return { sign: plus ? 1 : -1, node: rec(t.node) };
              }
              return { sign: t.sign, node: rec(t.node) };
            }),
          };
        case "neg":
          return { kind: "neg", arg: rec(m.arg) };
        case "mul":
        case "div":
        case "pow":
          return { kind: m.kind, args: [rec(m.args[0]), rec(m.args[1])] };
        case "fn":
          return { kind: "fn", name: m.name, args: m.args.map(rec) };
        default:
          return m;
      }
    };
    return rec(n);
  };
  let count = 0;
  const countPm = (m: MathNode): void => {
    if (m.kind === "add")
      for (const t of m.terms) {
        if (t.sign === "pm" || t.sign === "mp") count++;
        countPm(t.node);
      }
    else if (m.kind === "neg") countPm(m.arg);
    else if (m.kind === "mul" || m.kind === "div" || m.kind === "pow") m.args.forEach(countPm);
    else if (m.kind === "fn") m.args.forEach(countPm);
  };
  countPm(n);
  if (count > 3) return [];
  for (let choice = 0; choice < 1 << count; choice++) out.push(walk(choice));
  return out;
}

/** Options of the structural comparison. @internal */
export interface CompareContext {
  budget: Budget;
}

function isSimpleVar(n: MathNode): boolean {
  return n.kind === "var";
}

/** `x \in S` with a single variable on the left. */
function isMembership(n: Extract<MathNode, { kind: "rel" }>): boolean {
  return n.ops.length === 1 && n.ops[0] === "in" && isSimpleVar(n.terms[0] as MathNode);
}

/** Strips `x = …` / `x \in …` from the top of an answer (for comparing against a non-equation). */
function stripAssignment(n: MathNode): MathNode {
  if (n.kind === "rel" && n.ops.length === 1 && n.ops[0] === "in" && isSimpleVar(n.terms[0] as MathNode)) {
    return n.terms[1] as MathNode;
  }
  // x = 5, and chains x = 5 + 5 + 1 = 11 (the last value counts)
  if (n.kind === "rel" && n.ops.every((o) => o === "=") && isSimpleVar(n.terms[0] as MathNode)) {
    return n.terms[n.terms.length - 1] as MathNode;
  }
  // f(x) = …, e.g. "p(x) = x^2 + 1"
  if (n.kind === "rel" && n.ops.length === 1 && n.ops[0] === "=") {
    const lhs = n.terms[0] as MathNode;
    if (lhs.kind === "mul" && lhs.args[0].kind === "var" && lhs.args[1].kind === "var") return n.terms[1] as MathNode;
  }
  return n;
}

/** Names only — variables combined without numbers (`(p,q)`, `|AB|`, `\frac{NO}{BO}`, `V_1:V_2`, `f(x)`). */
function symbolsOnly(n: MathNode): boolean {
  switch (n.kind) {
    case "var":
      return true;
    case "num":
    case "const":
    case "based":
    case "rel":
      return false;
    case "neg":
      return symbolsOnly(n.arg);
    case "add":
      return n.terms.every((t) => symbolsOnly(t.node));
    case "mul":
    case "div":
    case "pow":
      return n.args.every(symbolsOnly);
    case "fn":
      return n.args.every(symbolsOnly);
    case "tuple":
    case "set":
    case "list":
    case "union":
      return n.items.length > 0 && n.items.every(symbolsOnly);
    case "matrix":
      return false;
  }
}

/** A list of items that each are `x = value` (e.g. `x = 1, y = 2`) → their values. */
function stripListAssignments(n: MathNode): MathNode {
  if (
    (n.kind === "list" || n.kind === "tuple" || n.kind === "set") &&
    n.items.every((i) => i.kind === "rel" && i.ops.length === 1 && i.ops[0] === "=" && isSimpleVar(i.terms[0] as MathNode))
  ) {
    return { ...n, items: n.items.map(stripAssignment) };
  }
  return n;
}

/**
 * Decides whether `given` is mathematically equivalent to `ref` (see README for the policy).
 * @internal
 */
export function equivalent(ref: MathNode, given: MathNode, ctx: CompareContext): boolean {
  ctx.budget.tick();
  // equations / inequalities on both sides
  if (ref.kind === "rel" && given.kind === "rel") {
    if (relationsEqual(ref, given, ctx)) return true;
    // x \in [-2, 7] against -2 \le x \le 7 (either side)
    if (isMembership(ref) !== isMembership(given)) {
      const ri = isMembership(ref) ? stripAssignment(ref) : relationToInterval(ref);
      const gi = isMembership(given) ? stripAssignment(given) : relationToInterval(given);
      if (ri !== null && gi !== null && ri.kind !== "rel" && gi.kind !== "rel") return equivalent(ri, gi, ctx);
    }
    return false;
  }
  if (ref.kind === "rel" || given.kind === "rel") {
    let r = stripAssignment(ref);
    let g = stripAssignment(given);
    // as Math-Verify: an equation given against a value counts by its last right-hand side (`\frac12 = \frac{10}{9}`
    // is `10/9`), and a reference that names its value (`(p,q) = (3,2)`, `|AB| = 1`, `A:B = 1`) by its value
    if (g === given && given.kind === "rel" && ref.kind !== "rel" && given.ops.every((o) => o === "="))
      g = given.terms[given.terms.length - 1] as MathNode;
    if (
      r === ref &&
      ref.kind === "rel" &&
      given.kind !== "rel" &&
      ref.ops.every((o) => o === "=") &&
      symbolsOnly(ref.terms[0] as MathNode)
    ) {
      r = ref.terms[ref.terms.length - 1] as MathNode;
    }
    if (r !== ref || g !== given) return equivalent(r, g, ctx);
    // an inequality against an interval: x \le 3 ≡ (-\infty, 3]
    const ri = ref.kind === "rel" ? relationToInterval(ref) : ref;
    const gi = given.kind === "rel" ? relationToInterval(given) : given;
    if (ri !== null && gi !== null && ri.kind !== "rel" && gi.kind !== "rel") return equivalent(ri, gi, ctx);
    return false;
  }
  ref = stripListAssignments(ref);
  given = stripListAssignments(given);

  // ± expands into a list of values
  if (isScalar(ref) && hasPm(ref)) ref = { kind: "list", items: expandPm(ref) };
  if (isScalar(given) && hasPm(given)) given = { kind: "list", items: expandPm(given) };
  if (ref.kind === "list" || ref.kind === "set")
    ref = { ...ref, items: ref.items.flatMap((i) => (isScalar(i) && hasPm(i) ? expandPm(i) : [i])) };
  if (given.kind === "list" || given.kind === "set")
    given = { ...given, items: given.items.flatMap((i) => (isScalar(i) && hasPm(i) ? expandPm(i) : [i])) };

  const unordered = (a: MathNode[], b: MathNode[]): boolean => multisetEqual(a, b, ctx);
  const ordered = (a: MathNode[], b: MathNode[]): boolean =>
    a.length === b.length && a.every((x, i) => equivalent(x, b[i] as MathNode, ctx));

  switch (ref.kind) {
    case "list":
    case "set":
    case "union": {
      if (given.kind === "list" || given.kind === "set" || given.kind === "union") {
        if ((ref.kind === "union") !== (given.kind === "union")) return false;
        return unordered(ref.items, given.items);
      }
      if (given.kind === "tuple" && ref.kind === "list" && given.open === "(" && given.close === ")")
        return ordered(ref.items, given.items);
      if (ref.items.length === 1) return equivalent(ref.items[0] as MathNode, given, ctx);
      return false;
    }
    case "tuple": {
      if (given.kind === "tuple") {
        if (given.open !== ref.open || given.close !== ref.close) return false;
        return ordered(ref.items, given.items);
      }
      if (given.kind === "list" && ref.open === "(" && ref.close === ")") return ordered(ref.items, given.items);
      if (given.kind === "matrix") return matrixAsVector(given, ref.items, ctx);
      return false;
    }
    case "matrix": {
      if (given.kind === "matrix") {
        if (given.rows.length !== ref.rows.length) return false;
        return ref.rows.every((row, i) => ordered(row, given.rows[i] as MathNode[]));
      }
      if (given.kind === "tuple" && given.open === "(" && given.close === ")") return matrixAsVector(ref, given.items, ctx);
      return false;
    }
    case "based": {
      if (given.kind === "based") return given.digits === ref.digits && normBase(given.base) === normBase(ref.base);
      if (given.kind === "num" && given.intLiteral) return R.eq(given.value, R.parseDecimal(ref.digits) ?? R.rat(-1n));
      return false;
    }
    default:
      break;
  }
  if (given.kind === "set" || given.kind === "list") return given.items.length === 1 && equivalent(ref, given.items[0] as MathNode, ctx);
  if (!isScalar(ref) || !isScalar(given)) return false;
  return scalarsEqual(ref, given, ctx);
}

const NEG_INF: MathNode = { kind: "neg", arg: { kind: "const", name: "inf" } };
const POS_INF: MathNode = { kind: "const", name: "inf" };

/** `x < a`, `a \le x`, `a < x \le b` (one variable or name, constant bounds) as an interval; otherwise null. */
function relationToInterval(rel: Extract<MathNode, { kind: "rel" }>): MathNode | null {
  // the middle may be any name without numbers: `0 < f(x) < 1` is the interval (0, 1) of values
  const isVar = (n: MathNode | undefined): boolean => n !== undefined && symbolsOnly(n);
  const isConst = (n: MathNode | undefined): boolean => n !== undefined && n.kind !== "var" && freeVariables(n).size === 0;
  const strict = (o: string): boolean => o === "<" || o === ">";
  const [a, b, c3] = rel.terms;
  if (rel.ops.length === 1 && a && b) {
    let op = rel.ops[0] as string;
    let bound: MathNode;
    if (isVar(a) && isConst(b)) bound = b;
    else if (isConst(a) && isVar(b)) {
      bound = a;
      op = FLIP[op] ?? op;
    } else return null;
    if (op === "<" || op === "<=") return { kind: "tuple", open: "(", close: strict(op) ? ")" : "]", items: [NEG_INF, bound] };
    if (op === ">" || op === ">=") return { kind: "tuple", open: strict(op) ? "(" : "[", close: ")", items: [bound, POS_INF] };
    return null;
  }
  if (rel.ops.length === 2 && a && b && c3 && isVar(b) && isConst(a) && isConst(c3)) {
    const [o1 = "", o2 = ""] = rel.ops;
    const up = (o: string): boolean => o === "<" || o === "<=";
    const down = (o: string): boolean => o === ">" || o === ">=";
    if (up(o1) && up(o2)) return { kind: "tuple", open: strict(o1) ? "(" : "[", close: strict(o2) ? ")" : "]", items: [a, c3] };
    if (down(o1) && down(o2)) return { kind: "tuple", open: strict(o2) ? "(" : "[", close: strict(o1) ? ")" : "]", items: [c3, a] };
  }
  return null;
}

function normBase(b: string): string {
  return b.replace(/[{}\s]/g, "");
}

function matrixAsVector(m: Extract<MathNode, { kind: "matrix" }>, items: MathNode[], ctx: CompareContext): boolean {
  const flat = m.rows.length === 1 ? (m.rows[0] ?? []) : m.rows.every((r) => r.length === 1) ? m.rows.map((r) => r[0] as MathNode) : null;
  if (flat === null || flat.length !== items.length) return false;
  return flat.every((x, i) => equivalent(x, items[i] as MathNode, ctx));
}

function multisetEqual(a: MathNode[], b: MathNode[], ctx: CompareContext): boolean {
  // lists of different lengths can still be the same set when one repeats an item (Math-Verify compares sets)
  if (a.length !== b.length) return covers(a, b, ctx) && covers(b, a, ctx);
  const used = new Array<boolean>(b.length).fill(false);
  outer: for (const x of a) {
    for (let j = 0; j < b.length; j++) {
      if (!used[j] && equivalent(x, b[j] as MathNode, ctx)) {
        used[j] = true;
        continue outer;
      }
    }
    return false;
  }
  return true;
}

/** Every item of `a` has an equivalent in `b`. */
function covers(a: MathNode[], b: MathNode[], ctx: CompareContext): boolean {
  return a.every((x) => b.some((y) => equivalent(x, y, ctx)));
}

const FLIP: Record<string, string> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "!=": "!=" };

function relationsEqual(a: Extract<MathNode, { kind: "rel" }>, b: Extract<MathNode, { kind: "rel" }>, ctx: CompareContext): boolean {
  const allEq = (r: Extract<MathNode, { kind: "rel" }>): boolean => r.ops.every((o) => o === "=");
  if (allEq(a) && allEq(b) && (a.ops.length > 1 || b.ops.length > 1)) {
    // chains: x = 5 + 5 + 1 = 11 vs x = 11 — the first and last terms decide
    return (
      equivalent(a.terms[0] as MathNode, b.terms[0] as MathNode, ctx) &&
      equivalent(a.terms[a.terms.length - 1] as MathNode, b.terms[b.terms.length - 1] as MathNode, ctx)
    );
  }
  if (a.ops.length !== b.ops.length) return false;
  let bTerms = b.terms;
  let bOps = b.ops;
  if (a.ops.join() !== b.ops.join()) {
    const flipped = [...b.ops].reverse().map((o) => FLIP[o] ?? o);
    if (flipped.join() !== a.ops.join()) return false;
    bTerms = [...b.terms].reverse();
    bOps = flipped;
  }
  if (a.ops.some((o) => o === "in" || o === "->")) {
    return a.terms.every((t, i) => equivalent(t, bTerms[i] as MathNode, ctx));
  }
  // termwise first (x = 2y + 1 vs x = 1 + 2y, or 1 < x < 3)
  if (a.terms.every((t, i) => equivalent(t, bTerms[i] as MathNode, ctx))) return true;
  if (a.ops.length !== 1) return false;
  const op = a.ops[0] as string;
  if (op === "=" || op === "!=") {
    // swapped sides
    if (equivalent(a.terms[0] as MathNode, bTerms[1] as MathNode, ctx) && equivalent(a.terms[1] as MathNode, bTerms[0] as MathNode, ctx))
      return true;
  }
  // the same relation up to a constant factor: (lhs - rhs) of one is k·(lhs - rhs) of the other
  const da: MathNode = {
    kind: "add",
    terms: [
      { sign: 1, node: a.terms[0] as MathNode },
      { sign: -1, node: a.terms[1] as MathNode },
    ],
  };
  const db: MathNode = {
    kind: "add",
    terms: [
      { sign: 1, node: bTerms[0] as MathNode },
      { sign: -1, node: bTerms[1] as MathNode },
    ],
  };
  void bOps;
  return proportional(da, db, op === "=" || op === "!=" ? "any" : "positive", ctx);
}

function proportional(a: MathNode, b: MathNode, sign: "any" | "positive", ctx: CompareContext): boolean {
  const vars = [...freeVariables(a, freeVariables(b))].filter((v) => v !== "i" && v !== "e");
  if (vars.length === 0) return false;
  let ratio: Complex | null = null;
  let valid = 0;
  for (let p = 0; p < 6; p++) {
    const env = bindings(vars, p);
    const va = numericValue(a, env, ctx.budget);
    const vb = numericValue(b, env, ctx.budget);
    if (!Number.isFinite(va.re) || !Number.isFinite(vb.re) || Number.isNaN(va.im) || Number.isNaN(vb.im)) continue;
    if (cabs(vb) < 1e-12) {
      if (cabs(va) < 1e-12) continue;
      return false;
    }
    const r: Complex = { re: 0, im: 0 };
    const d = vb.re * vb.re + vb.im * vb.im;
    r.re = (va.re * vb.re + va.im * vb.im) / d;
    r.im = (va.im * vb.re - va.re * vb.im) / d;
    if (ratio === null) {
      if (cabs(r) < 1e-12) return false;
      if (sign === "positive" && !(isReal(r) && r.re > 0)) return false;
      ratio = r;
    } else if (!closeEnough(ratio, r)) return false;
    valid++;
  }
  return valid >= 3;
}

/**
 * Values for the variables at sample point `point`: positive points 0–5; from {@link NEGATIVE_POINTS_FROM} on, the
 * variables are negated (so `|x| ≠ x`, `\sqrt{x^2} ≠ x`).
 */
function bindings(vars: string[], point: number): Map<string, Complex> {
  const env = new Map<string, Complex>();
  env.set("i", c(0, 1));
  env.set("e", c(Math.E));
  const sign = point >= NEGATIVE_POINTS_FROM ? -1 : 1;
  vars.forEach((v, k) => {
    if (v === "i" || v === "e") return;
    const base = POINTS[(point + 3 * k) % POINTS.length] as number;
    env.set(v, c(sign * (base + 0.1 * k)));
  });
  return env;
}

/** True when `n` has a radical, a logarithm, an inverse trig function or a non-integer power. */
function hasBranch(n: MathNode): boolean {
  switch (n.kind) {
    case "fn":
      return ["sqrt", "root", "log", "ln", "lg", "arcsin", "arccos", "arctan", "arccot"].includes(n.name) || n.args.some(hasBranch);
    case "pow": {
      const e = n.args[1];
      const integral =
        e.kind === "num" ? R.isInteger(e.value) : e.kind === "neg" && e.arg.kind === "num" ? R.isInteger(e.arg.value) : false;
      return !integral || hasBranch(n.args[0]);
    }
    case "neg":
      return hasBranch(n.arg);
    case "add":
      return n.terms.some((t) => hasBranch(t.node));
    case "mul":
    case "div":
      return hasBranch(n.args[0]) || hasBranch(n.args[1]);
    default:
      return false;
  }
}

/** Sample points at or after this index use negated variable values. */
const NEGATIVE_POINTS_FROM = 6;
/** Sample points in all (6 positive, 2 negative). */
const SAMPLE_POINTS = 8;

/**
 * Decimal places at which a decimal literal and an exact fraction are compared (both rounded, half to even).
 * Math-Verify's default `float_rounding`.
 */
export const DECIMAL_ROUNDING_PLACES = 6;

/**
 * Relative difference under which a decimal literal equals a value with no exact rational form here (`\cos(\pi/3)`,
 * `\sqrt2`): double precision, so only exact values and decimals written to ~15+ significant digits pass.
 */
export const IRRATIONAL_RELATIVE_TOLERANCE = 1e-14;

/** The decimal literal a side is written as (possibly negated), else null. */
function decimalLiteral(n: MathNode): Extract<MathNode, { kind: "num" }> | null {
  if (n.kind === "num" && !n.intLiteral && n.decimals > 0) return n;
  if (n.kind === "neg" && n.arg.kind === "num" && !n.arg.intLiteral && n.arg.decimals > 0) return n.arg;
  return null;
}

/** `r` rounded to `places` decimal places, half to even, as a scaled integer. */
function roundScaled(r: R.Rational, places: number): bigint {
  const scale = 10n ** BigInt(places);
  const n = r.num * scale;
  const d = r.den;
  let q = n / d;
  let rem = n % d;
  if (rem < 0n) {
    q -= 1n;
    rem += d;
  }
  const twice = 2n * rem;
  if (twice > d || (twice === d && q % 2n !== 0n)) q += 1n;
  return q;
}

/**
 * Largest relative difference between a decimal literal and the fraction it stands for (about six significant
 * digits). Keeps the 6-decimal-place rule from equating small values (`6.7\times10^{-5}` ≠ `6.72\times10^{-5}`,
 * `0.0` ≠ `10^{-7}`).
 */
const DECIMAL_RELATIVE_TOLERANCE = 5e-6;
/** `1 / DECIMAL_RELATIVE_TOLERANCE` as a bigint, for the exact comparison. */
const DECIMAL_TOLERANCE_INVERSE = BigInt(Math.round(1 / DECIMAL_RELATIVE_TOLERANCE));

/**
 * A decimal literal against an exact fraction: equal when both round to the same value at
 * {@link DECIMAL_ROUNDING_PLACES} decimal places and differ by at most {@link DECIMAL_RELATIVE_TOLERANCE}
 * relatively (`0.333333 = 1/3`, `0.0833333333 = 1/12`, `0.33 ≠ 1/3`, `0.666666 ≠ 2/3`).
 */
function decimalMatchesFraction(decimal: R.Rational, fraction: R.Rational): boolean {
  if (roundScaled(decimal, DECIMAL_ROUNDING_PLACES) !== roundScaled(fraction, DECIMAL_ROUNDING_PLACES)) return false;
  const diff = R.sub(decimal, fraction);
  const absDiff = diff.num < 0n ? -diff.num : diff.num;
  const absFrac = fraction.num < 0n ? -fraction.num : fraction.num;
  // |d - f| <= tol * |f|  ⇔  |dn| * fd / tol <= |fn| * dd
  return absDiff * fraction.den * DECIMAL_TOLERANCE_INVERSE <= absFrac * diff.den;
}

/**
 * A decimal literal against a value computed in floating point (radicals, π, e, trig, logs): a finite decimal is a
 * different number from an irrational one, so they are equal only within {@link IRRATIONAL_RELATIVE_TOLERANCE}
 * (`0.5 = \cos(\pi/3)`, `1.4142135623730951 = \sqrt2`, `1.414214 ≠ \sqrt2`).
 */
function approximatesIrrational(decimalValue: Complex, exact: Complex): boolean {
  if (!isReal(exact) || !Number.isFinite(exact.re)) return false;
  return Math.abs(decimalValue.re - exact.re) <= IRRATIONAL_RELATIVE_TOLERANCE * Math.max(Math.abs(exact.re), 0.1);
}

function hasInfinity(n: MathNode): boolean {
  switch (n.kind) {
    case "const":
      return n.name === "inf";
    case "neg":
      return hasInfinity(n.arg);
    case "add":
      return n.terms.some((t) => hasInfinity(t.node));
    case "mul":
    case "div":
    case "pow":
      return hasInfinity(n.args[0]) || hasInfinity(n.args[1]);
    case "fn":
      return n.args.some(hasInfinity);
    default:
      return false;
  }
}

function scalarsEqual(ref: MathNode, given: MathNode, ctx: CompareContext): boolean {
  const er = exactValue(ref, ctx.budget);
  const eg = exactValue(given, ctx.budget);
  const dr = decimalLiteral(ref);
  const dg = decimalLiteral(given);
  if (er !== null && eg !== null) {
    if (R.eq(er, eg)) return true;
    if ((dr === null) === (dg === null)) return false;
    return dr !== null ? decimalMatchesFraction(er, eg) : decimalMatchesFraction(eg, er);
  }
  const vars = [...freeVariables(ref, freeVariables(given))].filter((v) => v !== "i" && v !== "e");
  if (vars.length === 0) {
    const env = bindings([], 0);
    const vr = er !== null ? c(R.toNumber(er)) : numericValue(ref, env, ctx.budget);
    const vg = eg !== null ? c(R.toNumber(eg)) : numericValue(given, env, ctx.budget);
    if (!Number.isFinite(vr.re) && !Number.isFinite(vg.re) && !(hasInfinity(ref) && hasInfinity(given))) return false; // overflow
    if (dr === null && dg === null && closeEnough(vr, vg)) return true;
    // exactly one side is a decimal approximation of the other
    if (dr !== null && dg === null) return approximatesIrrational(vr, vg);
    if (dg !== null && dr === null) return approximatesIrrational(vg, vr);
    return closeEnough(vr, vg);
  }
  const varsRef = freeVariables(ref);
  const varsGiven = freeVariables(given);
  varsRef.delete("i");
  varsGiven.delete("i");
  varsRef.delete("e");
  varsGiven.delete("e");
  // a variable on one side only: equal only if it cancels (checked numerically below)
  const infinityAllowed = hasInfinity(ref) && hasInfinity(given);
  // negative points only where no branch can differ (radicals, logs, fractional powers: √x√y = √(xy) for x, y ≥ 0)
  const negativeSafe = !hasBranch(ref) && !hasBranch(given);
  let valid = 0;
  for (let p = 0; p < SAMPLE_POINTS; p++) {
    const env = bindings(vars, p);
    const vr = numericValue(ref, env, ctx.budget);
    const vg = numericValue(given, env, ctx.budget);
    const badR = Number.isNaN(vr.re) || Number.isNaN(vr.im);
    const badG = Number.isNaN(vg.re) || Number.isNaN(vg.im);
    if (badR || badG) continue; // outside a function's real domain (arcsin 2.2): no evidence at this point
    // at negative points only real values on both sides are evidence (branches of x^{1/3}, \ln x differ there)
    if (p >= NEGATIVE_POINTS_FROM && (!negativeSafe || !isReal(vr) || !isReal(vg))) continue;
    const infR = !Number.isFinite(vr.re) || !Number.isFinite(vr.im);
    const infG = !Number.isFinite(vg.re) || !Number.isFinite(vg.im);
    if (infR && infG && !infinityAllowed) continue; // overflow at this point: no information
    if (infR !== infG && !infinityAllowed) continue;
    if (!closeEnough(vr, vg)) return false;
    valid++;
  }
  return valid >= 2;
}

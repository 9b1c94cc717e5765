import type { MathNode } from "./ast.js";
import type { Budget } from "./budget.js";
import { c, cadd, cdiv, ccos, cexp, clog, cmul, cpow, croot, csin, csqrt, csub, isReal, realOnly, type Complex } from "./complex.js";
import * as R from "./rational.js";
import type { Rational } from "./rational.js";

/**
 * Evaluates a node exactly to a rational, or returns null when the value is not (provably) rational:
 * variables, π, non-perfect roots, functions, or intermediate results larger than {@link R.MAX_EXACT_BITS}.
 * @internal
 */
export function exactValue(node: MathNode, budget: Budget): Rational | null {
  const r = exactValueInner(node, budget);
  return r !== null && R.fits(r) ? r : null;
}

function exactValueInner(node: MathNode, budget: Budget): Rational | null {
  budget.tick();
  switch (node.kind) {
    case "num":
      return node.value;
    case "neg": {
      const a = exactValue(node.arg, budget);
      return a && R.neg(a);
    }
    case "add": {
      let acc = R.ZERO;
      for (const term of node.terms) {
        if (term.sign === "pm" || term.sign === "mp") return null;
        const v = exactValue(term.node, budget);
        if (v === null) return null;
        acc = term.sign === 1 ? R.add(acc, v) : R.sub(acc, v);
        if (!R.fits(acc)) return null;
      }
      return acc;
    }
    case "mul": {
      const a = exactValue(node.args[0], budget);
      if (a === null) return null;
      const b = exactValue(node.args[1], budget);
      return b && R.mul(a, b);
    }
    case "div": {
      const a = exactValue(node.args[0], budget);
      if (a === null) return null;
      const b = exactValue(node.args[1], budget);
      return b && R.div(a, b);
    }
    case "pow": {
      const a = exactValue(node.args[0], budget);
      if (a === null) return null;
      const b = exactValue(node.args[1], budget);
      if (b === null) return null;
      return R.powRational(a, b);
    }
    case "fn": {
      const args: Rational[] = [];
      for (const a of node.args) {
        const v = exactValue(a, budget);
        if (v === null) return null;
        args.push(v);
      }
      const [x, y] = args;
      if (x === undefined) return null;
      switch (node.name) {
        case "sqrt":
          return R.powRational(x, R.rat(1n, 2n));
        case "root":
          return y !== undefined && y.den === 1n && y.num > 0n && y.num <= 64n ? R.powRational(x, R.rat(1n, y.num)) : null;
        case "abs":
          return x.num < 0n ? R.neg(x) : x;
        case "floor":
          return R.rat(floorDiv(x.num, x.den));
        case "ceil":
          return R.rat(-floorDiv(-x.num, x.den));
        case "factorial": {
          if (x.den !== 1n || x.num < 0n || x.num > 300n) return null;
          let f = 1n;
          for (let k = 2n; k <= x.num; k++) f *= k;
          budget.tick(Number(x.num));
          return R.rat(f);
        }
        case "binom": {
          if (y === undefined || x.den !== 1n || y.den !== 1n || x.num > 2000n || y.num < 0n) return null;
          if (y.num > x.num || x.num < 0n) return x.num >= 0n ? R.ZERO : null;
          let r = 1n;
          // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min does not take them)
          const k = y.num < x.num - y.num ? y.num : x.num - y.num;
          for (let j = 1n; j <= k; j++) r = (r * (x.num - k + j)) / j;
          budget.tick(Number(k));
          return R.rat(r);
        }
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Free variables of a node (names), excluding constants. @internal */
export function freeVariables(node: MathNode, into = new Set<string>()): Set<string> {
  switch (node.kind) {
    case "var":
      into.add(node.name);
      break;
    case "neg":
      freeVariables(node.arg, into);
      break;
    case "add":
      for (const t of node.terms) freeVariables(t.node, into);
      break;
    case "mul":
    case "div":
    case "pow":
      freeVariables(node.args[0], into);
      freeVariables(node.args[1], into);
      break;
    case "fn":
      for (const a of node.args) freeVariables(a, into);
      break;
    default:
      break;
  }
  return into;
}

const NAN = c(NaN, NaN);

function gammaLn(x: number): number {
  // Lanczos approximation
  const g = 7;
  const p = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - gammaLn(1 - x);
  x -= 1;
  let a = p[0] as number;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += (p[i] as number) / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function factorialNum(x: number): number {
  if (Number.isInteger(x) && x >= 0 && x <= 170) {
    let f = 1;
    for (let k = 2; k <= x; k++) f *= k;
    return f;
  }
  return Math.exp(gammaLn(x + 1));
}

/**
 * Evaluates a scalar node numerically (complex arithmetic) with variables bound from `env`.
 * Returns NaN components for anything that has no scalar value (tuples, sets, unsupported functions).
 * @internal
 */
export function numericValue(node: MathNode, env: Map<string, Complex>, budget: Budget): Complex {
  budget.tick();
  switch (node.kind) {
    case "num":
      return c(R.toNumber(node.value));
    case "var":
      return env.get(node.name) ?? NAN;
    case "const":
      return node.name === "pi" ? c(Math.PI) : node.name === "e" ? c(Math.E) : node.name === "i" ? c(0, 1) : c(Infinity);
    case "neg": {
      const a = numericValue(node.arg, env, budget);
      return c(-a.re, a.im === 0 ? 0 : -a.im);
    }
    case "add": {
      let acc = c(0);
      for (const t of node.terms) {
        const v = numericValue(t.node, env, budget);
        if (t.sign === 1) acc = cadd(acc, v);
        else if (t.sign === -1) acc = csub(acc, v);
        else return NAN;
      }
      return acc;
    }
    case "mul": {
      const a = numericValue(node.args[0], env, budget);
      const b = numericValue(node.args[1], env, budget);
      if (a.im === 0 && b.im === 0) return c(a.re * b.re);
      return cmul(a, b);
    }
    case "div": {
      const a = numericValue(node.args[0], env, budget);
      const b = numericValue(node.args[1], env, budget);
      if (a.im === 0 && b.im === 0) return b.re === 0 ? NAN : c(a.re / b.re);
      return cdiv(a, b);
    }
    case "pow": {
      const a = numericValue(node.args[0], env, budget);
      const b = numericValue(node.args[1], env, budget);
      // a real odd root of a negative base, e.g. (-8)^(1/3)
      const exact = node.args[1].kind === "div" ? exactValueSafe(node.args[1], budget) : null;
      if (exact && a.im === 0 && a.re < 0 && exact.den % 2n === 1n && b.im === 0) {
        const root = -((-a.re) ** (1 / Number(exact.den)));
        return cpow(c(root), c(Number(exact.num)));
      }
      return cpow(a, b);
    }
    case "fn":
      return numericFn(
        node.name,
        node.args.map((a) => numericValue(a, env, budget)),
      );
    default:
      return NAN;
  }
}

function exactValueSafe(node: MathNode, budget: Budget): Rational | null {
  try {
    return exactValue(node, budget);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function numericFn(name: string, args: Complex[]): Complex {
  const [x, y] = args;
  if (x === undefined) return NAN;
  switch (name) {
    case "sqrt":
      return csqrt(x);
    case "root":
      return y === undefined ? NAN : croot(x, y);
    case "abs":
      return c(Math.hypot(x.re, x.im));
    case "floor":
      return realOnly(x, Math.floor);
    case "ceil":
      return realOnly(x, Math.ceil);
    case "factorial":
      return realOnly(x, factorialNum);
    case "binom":
      return y === undefined || !isReal(x) || !isReal(y)
        ? NAN
        : c(Math.round(Math.exp(gammaLn(x.re + 1) - gammaLn(y.re + 1) - gammaLn(x.re - y.re + 1))));
    case "sin":
      return csin(x);
    case "cos":
      return ccos(x);
    case "tan":
      return cdiv(csin(x), ccos(x));
    case "cot":
      return cdiv(ccos(x), csin(x));
    case "sec":
      return cdiv(c(1), ccos(x));
    case "csc":
      return cdiv(c(1), csin(x));
    case "arcsin":
      return realOnly(x, Math.asin);
    case "arccos":
      return realOnly(x, Math.acos);
    case "arctan":
      return realOnly(x, Math.atan);
    case "arccot":
      return realOnly(x, (v) => Math.atan(1 / v));
    case "sinh":
      return realOnly(x, Math.sinh);
    case "cosh":
      return realOnly(x, Math.cosh);
    case "tanh":
      return realOnly(x, Math.tanh);
    case "exp":
      return cexp(x);
    case "ln":
      return clog(x);
    case "log":
      return y === undefined ? clog(x) : cdiv(clog(x), clog(y));
    case "max":
    case "min":
      if (!args.every(isReal)) return NAN;
      return c((name === "max" ? Math.max : Math.min)(...args.map((a) => a.re)));
    case "gcd":
    case "lcm": {
      if (!args.every((a) => isReal(a) && Number.isInteger(a.re))) return NAN;
      const g = (p: number, q: number): number => (q === 0 ? Math.abs(p) : g(q, p % q));
      return c(args.map((a) => a.re).reduce((p, q) => (name === "gcd" ? g(p, q) : Math.abs(p * q) / g(p, q))));
    }
    default:
      return NAN;
  }
}

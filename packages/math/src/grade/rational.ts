/** An exact rational number `num/den` with `den > 0` and `gcd(|num|, den) = 1`. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * Builds a reduced rational. Throws RangeError when `den` is 0.
 * @internal
 */
export function rat(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError("division by zero");
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** @internal */
export const ZERO: Rational = { num: 0n, den: 1n };
/** @internal */
export const ONE: Rational = { num: 1n, den: 1n };

/** @internal */
export function add(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den + b.num * a.den, a.den * b.den);
}
/** @internal */
export function sub(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den - b.num * a.den, a.den * b.den);
}
/** @internal */
export function mul(a: Rational, b: Rational): Rational {
  return rat(a.num * b.num, a.den * b.den);
}
/** Division; returns null for division by zero. @internal */
export function div(a: Rational, b: Rational): Rational | null {
  if (b.num === 0n) return null;
  return rat(a.num * b.den, a.den * b.num);
}
/** @internal */
export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}
/** @internal */
export function eq(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}
/** @internal */
export function isInteger(a: Rational): boolean {
  return a.den === 1n;
}

function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  return x === 0n ? 0 : x.toString(2).length;
}

/** Largest bit size an exact intermediate result may reach before we fall back to floating point. */
export const MAX_EXACT_BITS = 65_536;

const LIMIT = 1n << BigInt(MAX_EXACT_BITS);

/** True when both parts of `r` are below 2^{@link MAX_EXACT_BITS}. @internal */
export function fits(r: Rational): boolean {
  return (r.num < 0n ? -r.num : r.num) < LIMIT && r.den < LIMIT;
}

/**
 * `a^e` for an integer exponent, or null when the result would be too large to keep exact
 * (more than {@link MAX_EXACT_BITS} bits) or is a division by zero.
 * @internal
 */
export function powInt(a: Rational, e: bigint): Rational | null {
  if (e === 0n) return ONE;
  const negExp = e < 0n;
  const n = negExp ? -e : e;
  if (a.den === 1n && (a.num === 1n || a.num === -1n)) return a.num === 1n || n % 2n === 0n ? ONE : a;
  if (a.num === 0n) return negExp ? null : ZERO;
  // size of the result in bits ≈ n · log2(max(|num|, den))
  const absNum = a.num < 0n ? -a.num : a.num;
  const big = absNum > a.den ? absNum : a.den;
  const log2 = big < 2n ** 52n ? Math.log2(Number(big)) : bitLength(big);
  if (log2 > 0 && log2 * Number(n) > MAX_EXACT_BITS) return null;
  if (n > 100000n) return null; // base is 0, 1 or -1 here; still bound the loop below
  let num = a.num ** n;
  let den = a.den ** n;
  if (negExp) {
    if (num === 0n) return null;
    [num, den] = [den, num];
  }
  return rat(num, den);
}

/** Exact integer k-th root of a non-negative bigint, or null when it is not a perfect power. */
function intRoot(x: bigint, k: bigint): bigint | null {
  if (x < 0n) return null;
  if (x < 2n) return x;
  const kn = Number(k);
  // Newton iteration from a float estimate
  let r = BigInt(Math.round(Number(x) ** (1 / kn)));
  if (bitLength(x) > 1000) return null;
  for (let i = 0; i < 200; i++) {
    if (r <= 0n) r = 1n;
    const rk1 = r ** (k - 1n);
    const next = ((k - 1n) * r + x / rk1) / k;
    if (next === r || next === r + 1n || next === r - 1n) {
      for (const c of [r - 1n, r, r + 1n]) if (c >= 0n && c ** k === x) return c;
      return null;
    }
    r = next;
  }
  for (const c of [r - 1n, r, r + 1n]) if (c >= 0n && c ** k === x) return c;
  return null;
}

/**
 * `a^(p/q)` when the result is rational (e.g. `4^(1/2) = 2`, `(-8)^(1/3) = -2`), else null.
 * @internal
 */
export function powRational(a: Rational, e: Rational): Rational | null {
  if (e.den === 1n) return powInt(a, e.num);
  if (e.den > 64n) return null;
  let negBase = false;
  let num = a.num;
  if (num < 0n) {
    if (e.den % 2n === 0n) return null;
    negBase = true;
    num = -num;
  }
  const rn = intRoot(num, e.den);
  const rd = intRoot(a.den, e.den);
  if (rn === null || rd === null) return null;
  return powInt(rat(negBase ? -rn : rn, rd), e.num);
}

/** Converts to a JS number (may lose precision). @internal */
export function toNumber(a: Rational): number {
  const n = Number(a.num);
  const d = Number(a.den);
  if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
  // scale down huge values
  const shift = BigInt(Math.max(bitLength(a.num), bitLength(a.den)) - 1000);
  if (shift <= 0n) return n / d;
  return Number(a.num >> shift) / Number(a.den >> shift);
}

/**
 * Parses a decimal literal such as `12`, `-0.5`, `.75`, `1.5e-3` exactly.
 * @returns The exact rational, or null when `text` is not a decimal literal.
 * @internal
 */
export function parseDecimal(text: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,5}))?$/.exec(text);
  if (!m) return null;
  const [, sign, intPart = "", frac = "", exp] = m;
  if (intPart === "" && frac === "") return null;
  let r = rat(BigInt((intPart || "0") + frac), 10n ** BigInt(frac.length));
  if (exp !== undefined) {
    const p = powInt(rat(10n), BigInt(exp));
    if (p === null) return null;
    r = mul(r, p);
  }
  return sign === "-" ? neg(r) : r;
}

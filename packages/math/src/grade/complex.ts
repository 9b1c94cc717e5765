/** A complex number used by the numeric equivalence check. @internal */
export interface Complex {
  re: number;
  im: number;
}

/** @internal */
export const c = (re: number, im = 0): Complex => ({ re, im });
/** @internal */
export const cadd = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
/** @internal */
export const csub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
/** @internal */
export const cmul = (a: Complex, b: Complex): Complex => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
/** @internal */
export function cdiv(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  if (d === 0) return c(NaN, NaN);
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
/** @internal */
export const cabs = (a: Complex): number => Math.hypot(a.re, a.im);
/** @internal */
export const isReal = (a: Complex): boolean => a.im === 0 || Math.abs(a.im) <= 1e-12 * Math.max(1, Math.abs(a.re));
/** @internal */
export function clog(a: Complex): Complex {
  return c(Math.log(cabs(a)), Math.atan2(a.im, a.re));
}
/** @internal */
export function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return a.im === 0 ? c(m) : c(m * Math.cos(a.im), m * Math.sin(a.im));
}
/** `a^b`; integer exponents by repeated squaring, real roots of negative reals for odd denominators stay real. @internal */
export function cpow(a: Complex, b: Complex): Complex {
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 1024) {
    let n = Math.abs(b.re);
    let result = c(1);
    let base = a;
    while (n > 0) {
      if (n & 1) result = cmul(result, base);
      base = cmul(base, base);
      n >>= 1;
    }
    return b.re < 0 ? cdiv(c(1), result) : result;
  }
  if (a.im === 0 && b.im === 0) {
    if (a.re >= 0) return c(a.re ** b.re);
  }
  if (a.re === 0 && a.im === 0) return b.re > 0 ? c(0) : c(NaN, NaN);
  return cexp(cmul(b, clog(a)));
}
/** Principal square root. @internal */
export function csqrt(a: Complex): Complex {
  if (a.im === 0) return a.re >= 0 ? c(Math.sqrt(a.re)) : c(0, Math.sqrt(-a.re));
  const r = cabs(a);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sign(a.im) * Math.sqrt((r - a.re) / 2);
  return c(re, im);
}
/** n-th root: the real root for a real radicand and odd n, else the principal root. @internal */
export function croot(a: Complex, n: Complex): Complex {
  if (a.im === 0 && n.im === 0 && Number.isInteger(n.re) && n.re % 2 !== 0 && a.re < 0) {
    return c(-((-a.re) ** (1 / n.re)));
  }
  return cpow(a, cdiv(c(1), n));
}
/** @internal */
export function csin(a: Complex): Complex {
  return a.im === 0 ? c(Math.sin(a.re)) : c(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
}
/** @internal */
export function ccos(a: Complex): Complex {
  return a.im === 0 ? c(Math.cos(a.re)) : c(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));
}
/** Applies a real function when `a` is real, else NaN. @internal */
export function realOnly(a: Complex, f: (x: number) => number): Complex {
  if (!isReal(a)) return c(NaN, NaN);
  const v = f(a.re);
  return c(v);
}

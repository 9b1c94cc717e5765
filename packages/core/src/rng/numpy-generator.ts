import { InvalidArgumentError } from "@crucible/types";
import { PCG64 } from "./pcg64.js";
import type { SeedSequence, SeedEntropy } from "./seed-sequence.js";

const MASK64 = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const TWO32 = 4294967296;

/** What `default_rng` accepts: a seed, a SeedSequence, or an existing PCG64 bit generator. */
export type NumpySeed = SeedEntropy | SeedSequence | PCG64;

/** A mutable array-like that {@link NumpyGenerator.shuffle} can permute in place. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/** Options of {@link NumpyGenerator.integers}. */
export interface IntegersOptions {
  /** Include `high` in the range (numpy's `endpoint`). Default false. */
  endpoint?: boolean;
}

/** Options of {@link NumpyGenerator.choice}. */
export interface ChoiceOptions {
  /** Sample with replacement. Default true (as numpy). */
  replace?: boolean;
  /** Shuffle the result of a sample without replacement (numpy's `shuffle`). Default true. */
  shuffle?: boolean;
  /**
   * Probabilities of each index (numpy's `p`): non-negative, summing to 1 within sqrt(eps). Default: uniform.
   */
  p?: ArrayLike<number>;
}

/** numpy's `kahan_sum` (used to validate `p`). */
function kahanSum(a: ArrayLike<number>): number {
  if (a.length === 0) return 0;
  let sum = a[0] as number;
  let c = 0;
  for (let i = 1; i < a.length; i++) {
    const y = (a[i] as number) - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** `np.cumsum(p); cdf /= cdf[-1]`. */
function normalizedCdf(p: ArrayLike<number>): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = acc += p[i] as number;
  const last = cdf[p.length - 1] as number;
  for (let i = 0; i < cdf.length; i++) cdf[i] = (cdf[i] as number) / last;
  return cdf;
}

/** `np.searchsorted(cdf, x, side="right")`. */
function searchSortedRight(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < (cdf[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// Scratch outputs of mul32 (avoid allocating a tuple on the hot path).
let mulHi = 0;
let mulLo = 0;

/** Full 64-bit product of two uint32 values into `mulHi`/`mulLo`, exact in doubles. */
function mul32(a: number, b: number): void {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  mulLo = ((mid << 16) | (ll & 0xffff)) >>> 0;
  mulHi = aH * bH + (lh >>> 16) + (hl >>> 16) + (mid >>> 16);
}

/** numpy's `buffered_bounded_lemire_uint32`: a value in [0, rng] for 0 < rng < 2^32 - 1. */
function lemire32(bg: PCG64, rng: number): number {
  const rngExcl = rng + 1;
  mul32(bg.nextUint32(), rngExcl);
  if (mulLo < rngExcl) {
    const threshold = (0xffffffff - rng) % rngExcl;
    while (mulLo < threshold) mul32(bg.nextUint32(), rngExcl);
  }
  return mulHi;
}

/** numpy's `bounded_lemire_uint64`: a value in [0, rng] for 2^32 <= rng < 2^64 - 1. */
function lemire64(bg: PCG64, rng: bigint): bigint {
  const rngExcl = rng + 1n;
  let m = bg.nextUint64() * rngExcl;
  let leftover = m & MASK64;
  if (leftover < rngExcl) {
    const threshold = (MASK64 - rng) % rngExcl;
    while (leftover < threshold) {
      m = bg.nextUint64() * rngExcl;
      leftover = m & MASK64;
    }
  }
  return m >> 64n;
}

/**
 * numpy's `random_bounded_uint64(off=0, rng, use_masked=False)` for a safe-integer `rng`: a value in [0, rng]
 * drawn with Lemire's method (32-bit draws when `rng < 2^32`).
 * @internal
 */
export function boundedLemire(bg: PCG64, rng: number): number {
  if (rng === 0) return 0;
  if (rng <= 0xffffffff) return rng === 0xffffffff ? bg.nextUint32() : lemire32(bg, rng);
  return Number(lemire64(bg, BigInt(rng)));
}

/** The same as {@link boundedLemire} for any 64-bit `rng` given as a bigint. */
function boundedLemireBig(bg: PCG64, rng: bigint): bigint {
  if (rng === 0n) return 0n;
  if (rng <= 0xffffffffn) return BigInt(rng === 0xffffffffn ? bg.nextUint32() : lemire32(bg, Number(rng)));
  if (rng === MASK64) return bg.nextUint64();
  return lemire64(bg, rng);
}

/** Smallest all-ones mask >= max, for max < 2^32. */
function mask32(max: number): number {
  let m = max;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/**
 * numpy's `random_interval(max)` (masked rejection): a value in [0, max]. 32-bit draws (`next_uint32 & mask`)
 * when `max <= 0xFFFFFFFF`, 64-bit draws otherwise.
 * @internal
 */
export function randomInterval(bg: PCG64, max: number): number {
  if (max === 0) return 0;
  if (max <= 0xffffffff) {
    const mask = mask32(max);
    let v: number;
    do v = (bg.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }
  // 64-bit path: the mask's high word covers max / 2^32, the low word is all ones.
  const maskHi = mask32(Math.floor(max / TWO32));
  let v: number;
  do {
    bg.nextUint64Parts();
    v = ((bg.lastHi & maskHi) >>> 0) * TWO32 + bg.lastLo;
  } while (v > max);
  return v;
}

function toInt64(value: number | bigint, name: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`${name}=${value} must be a safe integer (pass a bigint for larger values)`);
  }
  const v = BigInt(value);
  if (v < INT64_MIN || v > INT64_MAX) throw new InvalidArgumentError(`${name}=${v} is out of bounds for int64`);
  return v;
}

/**
 * numpy's `Generator` over {@link PCG64}, as returned by `np.random.default_rng(seed)`. Every method draws the
 * same numbers, in the same order, as numpy 2.x does for the same seed and calls.
 */
export class NumpyGenerator {
  /** The underlying bit generator. */
  readonly bitGenerator: PCG64;

  /**
   * @param seed - Seed (non-negative integer or array of them), a SeedSequence or a PCG64. Undefined draws OS
   *   entropy: non-deterministic, like `default_rng()`; read it back from `bitGenerator.seedSequence.entropy`.
   */
  constructor(seed?: NumpySeed) {
    this.bitGenerator = seed instanceof PCG64 ? seed : new PCG64(seed);
  }

  /** numpy's `random()`: a double in [0, 1) with 53 random bits. */
  random(): number {
    return this.bitGenerator.nextDouble();
  }

  /**
   * numpy's `uniform(low, high)`: `low + (high - low) * random()`.
   * @param low - Lower bound. Default 0.
   * @param high - Upper bound. Default 1.
   */
  uniform(low = 0, high = 1): number {
    const range = high - low;
    if (!Number.isFinite(range)) throw new InvalidArgumentError(`uniform: range ${low}..${high} is not finite`);
    return low + range * this.bitGenerator.nextDouble();
  }

  /**
   * numpy's `integers(low, high, endpoint=endpoint)` with the default int64 dtype (Lemire's bounded method).
   * With one argument the range is [0, low).
   * @param low - Lowest value (inclusive); the exclusive upper bound when `high` is omitted.
   * @param high - Upper bound, exclusive unless `endpoint`. Default: see `low`.
   * @param options - `endpoint` (default false).
   * @returns A safe integer.
   * @throws InvalidArgumentError when the range is empty or the bounds are not safe int64 integers.
   */
  integers(low: number, high?: number, options: IntegersOptions = {}): number {
    // Fast path: safe bounds and a range below 2^32 (no BigInt).
    const lo = high === undefined ? 0 : low;
    const hi = (high === undefined ? low : high) - (options.endpoint ? 0 : 1);
    if (Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && hi >= lo && hi - lo <= 0xffffffff) {
      return lo + boundedLemire(this.bitGenerator, hi - lo);
    }
    const r = this.integersBigInt(BigInt(toInt64(low, "low")), high === undefined ? undefined : toInt64(high, "high"), options);
    return Number(r);
  }

  /**
   * {@link NumpyGenerator.integers} for the full int64 range, with bigint bounds and result.
   * @param low - Lowest value (inclusive), or the exclusive upper bound when `high` is omitted.
   * @param high - Upper bound, exclusive unless `endpoint`.
   * @param options - `endpoint` (default false).
   */
  integersBigInt(low: bigint, high?: bigint, options: IntegersOptions = {}): bigint {
    let lo = toInt64(low, "low");
    let hi: bigint;
    if (high === undefined) {
      hi = lo;
      lo = 0n;
    } else hi = toInt64(high, "high");
    const closed = options.endpoint ?? false;
    if (!closed) hi -= 1n;
    if (lo > hi) throw new InvalidArgumentError(closed ? "integers: low > high" : "integers: low >= high");
    const rng = hi - lo;
    return lo + boundedLemireBig(this.bitGenerator, rng);
  }

  /**
   * Draws `count` values as `integers(low, high, size=count)` does (same stream as `count` scalar calls).
   * @param count - Number of values.
   * @param low - See {@link NumpyGenerator.integers}.
   * @param high - See {@link NumpyGenerator.integers}.
   * @param options - `endpoint` (default false).
   */
  integersArray(count: number, low: number, high?: number, options: IntegersOptions = {}): number[] {
    const out: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = this.integers(low, high, options);
    return out;
  }

  /**
   * numpy's `random_interval(max)`: masked rejection sampling of a value in [0, max] (used by shuffle).
   * @param max - Inclusive upper bound, a non-negative safe integer.
   */
  randomInterval(max: number): number {
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new InvalidArgumentError(`randomInterval: max must be a non-negative safe integer, got ${max}`);
    }
    return randomInterval(this.bitGenerator, max);
  }

  /**
   * numpy's `shuffle(x)` for a 1-D array: Fisher–Yates from the end, `j = random_interval(i)` for i = n-1 … 1.
   * @param array - Array or typed array, permuted in place.
   * @returns The same array.
   */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    if (array instanceof Uint32Array) {
      this.bitGenerator.shuffleUint32InPlace(array);
      return array;
    }
    const bg = this.bitGenerator;
    for (let i = array.length - 1; i > 0; i--) {
      const j = randomInterval(bg, i);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /**
   * numpy's `permutation(n)`: a shuffled `arange(n)`; or, given an array, a shuffled copy of it.
   * @param n - Length (at most 2^32), or an array to copy and shuffle.
   */
  permutation(n: number): Uint32Array;
  permutation<T>(array: ArrayLike<T>): T[];
  permutation<T>(n: number | ArrayLike<T>): Uint32Array | T[] {
    if (typeof n !== "number") return this.shuffle(Array.from(n));
    if (!Number.isSafeInteger(n) || n < 0 || n > TWO32) {
      throw new InvalidArgumentError(`permutation: n must be an integer in [0, 2^32], got ${n}`);
    }
    const arr = new Uint32Array(n);
    for (let i = 0; i < n; i++) arr[i] = i;
    // Every i < 2^32 draws 32-bit values, so the Uint32Array fast path covers all lengths.
    this.bitGenerator.shuffleUint32InPlace(arr);
    return arr;
  }

  /**
   * numpy's `choice(n, size, replace, p, shuffle)` for an integer population: indices in [0, n).
   * With replacement: `integers(0, n, size)`. Without: a tail partial shuffle when `n > 10000` and
   * `size > n // (shuffle ? 50 : 20)`, otherwise Floyd's algorithm followed by a shuffle, as numpy does.
   * With `p`: `searchsorted(cumsum(p) / sum, random(), side="right")` per draw; without replacement numpy's
   * redraw loop (zero the found entries, draw the missing ones, keep first occurrences).
   * @param n - Population size (at most 2^32).
   * @param size - Number of draws.
   * @param options - `replace` (default true), `shuffle` (default true), `p` (default uniform).
   * @throws InvalidArgumentError when `size > n` without replacement, or `n == 0` with `size > 0`.
   */
  choice(n: number, size: number, options: ChoiceOptions = {}): Uint32Array {
    const replace = options.replace ?? true;
    const doShuffle = options.shuffle ?? true;
    if (!Number.isSafeInteger(n) || n < 0 || n > TWO32) {
      throw new InvalidArgumentError(`choice: population size must be an integer in [0, 2^32], got ${n}`);
    }
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new InvalidArgumentError(`choice: size must be a non-negative integer, got ${size}`);
    }
    if (n === 0 && size > 0) {
      throw new InvalidArgumentError("choice: a cannot be empty unless no samples are taken");
    }
    const bg = this.bitGenerator;
    if (options.p !== undefined) return this.choiceWeighted(n, size, replace, options.p);
    const out = new Uint32Array(size);
    if (replace) {
      for (let i = 0; i < size; i++) out[i] = boundedLemire(bg, n - 1);
      return out;
    }
    if (size > n) {
      throw new InvalidArgumentError(`choice: cannot take a larger sample (${size}) than the population (${n}) when replace is false`);
    }
    const cutoff = doShuffle ? 50 : 20;
    if (n > 10000 && size > Math.floor(n / cutoff)) {
      // Tail shuffle: shuffle positions n-1 … n-size of arange(n), keep the tail.
      const idx = new Uint32Array(n);
      for (let i = 0; i < n; i++) idx[i] = i;
      const first = Math.max(n - size, 1);
      for (let i = n - 1; i >= first; i--) {
        const j = boundedLemire(bg, i);
        const t = idx[i] as number;
        idx[i] = idx[j] as number;
        idx[j] = t;
      }
      out.set(idx.subarray(n - size));
      return out;
    }
    // Floyd's algorithm with numpy's open-addressing hash set.
    const mask = mask32(Math.floor(1.2 * size));
    const setSize = mask + 1;
    const hashSet = new Float64Array(setSize).fill(-1);
    for (let j = n - size; j < n; j++) {
      const val = boundedLemire(bg, j);
      let loc = (val & mask) >>> 0;
      while (hashSet[loc] !== -1 && hashSet[loc] !== val) loc = (loc + 1) & mask;
      if (hashSet[loc] === -1) {
        hashSet[loc] = val;
        out[j - n + size] = val;
      } else {
        loc = (j & mask) >>> 0;
        while (hashSet[loc] !== -1) loc = (loc + 1) & mask;
        hashSet[loc] = j;
        out[j - n + size] = j;
      }
    }
    if (doShuffle) {
      for (let i = size - 1; i > 0; i--) {
        const j = boundedLemire(bg, i);
        const t = out[i] as number;
        out[i] = out[j] as number;
        out[j] = t;
      }
    }
    return out;
  }

  /** `choice(n, size, replace, p=p)`: cdf + searchsorted draws, and numpy's redraw loop without replacement. */
  private choiceWeighted(n: number, size: number, replace: boolean, p: ArrayLike<number>): Uint32Array {
    if (p.length !== n) throw new InvalidArgumentError(`choice: a and p must have same size (${n} and ${p.length})`);
    const pSum = kahanSum(p);
    if (Number.isNaN(pSum)) throw new InvalidArgumentError("choice: probabilities contain NaN");
    for (let i = 0; i < p.length; i++) {
      if ((p[i] as number) < 0) throw new InvalidArgumentError("choice: probabilities are not non-negative");
    }
    if (Math.abs(pSum - 1) > Math.sqrt(Number.EPSILON)) {
      throw new InvalidArgumentError(`choice: probabilities do not sum to 1 (sum ${pSum})`);
    }
    const out = new Uint32Array(size);
    if (replace) {
      const cdf = normalizedCdf(p);
      for (let i = 0; i < size; i++) out[i] = searchSortedRight(cdf, this.random());
      return out;
    }
    if (size > n) {
      throw new InvalidArgumentError(`choice: cannot take a larger sample (${size}) than the population (${n}) when replace is false`);
    }
    let nonZero = 0;
    for (let i = 0; i < p.length; i++) if ((p[i] as number) > 0) nonZero++;
    if (nonZero < size) throw new InvalidArgumentError("choice: fewer non-zero entries in p than size");
    const weights = Float64Array.from(p);
    let found = 0;
    while (found < size) {
      const x = new Float64Array(size - found);
      for (let i = 0; i < x.length; i++) x[i] = this.random();
      for (let i = 0; i < found; i++) weights[out[i] as number] = 0;
      const cdf = normalizedCdf(weights);
      // np.unique(new, return_index=True) then sorted first-occurrence positions: first occurrences in draw order.
      const seen = new Set<number>();
      for (const u of x) {
        const idx = searchSortedRight(cdf, u);
        if (!seen.has(idx)) {
          seen.add(idx);
          out[found++] = idx;
        }
      }
    }
    return out;
  }
}

/**
 * numpy's `np.random.default_rng(seed)`.
 * @param seed - See {@link NumpyGenerator}; undefined seeds from the OS (non-deterministic).
 */
export function defaultRng(seed?: NumpySeed): NumpyGenerator {
  return new NumpyGenerator(seed);
}

/**
 * `np.random.default_rng(seed).permutation(n)`: the order Python `datasets` uses for `Dataset.shuffle(seed=seed)`.
 * @param n - Number of rows (at most 2^32).
 * @param seed - Non-negative integer seed (number or bigint), or an array of them.
 * @returns A permutation of 0 … n-1.
 */
export function permutation(n: number, seed: SeedEntropy): Uint32Array {
  return new NumpyGenerator(seed).permutation(n);
}

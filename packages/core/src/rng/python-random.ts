import { createHash } from "node:crypto";
import { InvalidArgumentError } from "@crucible/types";
import { MT19937 } from "./mt19937.js";

/**
 * Seeds accepted by {@link PythonRandom}: integers of any size (the absolute value is used, as CPython does),
 * strings and byte arrays (version-2 seeding: the bytes followed by their SHA-512, read as a big-endian integer),
 * non-integral numbers (seeded by CPython's `(size_t)hash(float)`), or undefined/null for OS entropy.
 */
export type PythonSeed = number | bigint | string | Uint8Array | null | undefined;

const HASH_MODULUS = (1n << 61n) - 1n;

/** CPython's `hash(x)` for a finite, non-integral double (`_Py_HashDouble`): x = m·2^e mod 2^61-1, signed. */
function pythonFloatHash(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  // 2^61 ≡ 1 (mod 2^61 - 1), so 2^e ≡ 2^(e mod 61).
  const e = ((exp % 61) + 61) % 61;
  let h = ((mantissa % HASH_MODULUS) << BigInt(e)) % HASH_MODULUS;
  h *= sign;
  return h === -1n ? -2n : h;
}

/** Little-endian 32-bit words of a non-negative bigint (at least one word), the key CPython feeds init_by_array. */
function bigintToWords(n: bigint): number[] {
  if (n === 0n) return [0];
  const words: number[] = [];
  let v = n;
  while (v > 0n) {
    words.push(Number(v & 0xffffffffn));
    v >>= 32n;
  }
  return words;
}

function bytesToBigint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function bitLength(n: number): number {
  return n < 4294967296 ? 32 - Math.clz32(n) : 32 + (32 - Math.clz32(Math.floor(n / 4294967296)));
}

function bitLengthBig(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function checkInt(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`${name}=${value} must be a safe integer (pass bigints for larger values)`);
  }
}

function bisectRight(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  let l = lo;
  let h = hi;
  while (l < h) {
    const mid = (l + h) >>> 1;
    if (x < (a[mid] as number)) h = mid;
    else l = mid + 1;
  }
  return l;
}

/** Options of {@link PythonRandom.choices}. */
export interface ChoicesOptions {
  /** Relative weights (one per item). Default: uniform. */
  weights?: ArrayLike<number>;
  /** Cumulative weights (instead of `weights`). Default: none. */
  cumWeights?: ArrayLike<number>;
  /** Number of draws. Default 1. */
  k?: number;
}

/**
 * CPython's `random.Random(seed)`: MT19937 seeded with `init_by_array` exactly as CPython seeds it, so every
 * method returns the same values, in the same order, as Python 3.11+ (`random()`, `getrandbits`, `shuffle`,
 * `randrange`, `randint`, `choice`, `choices`, `sample`, `uniform`).
 */
export class PythonRandom {
  private readonly mt = new MT19937();

  /**
   * @param seed - See {@link PythonSeed}. Default undefined: seeded from the OS (non-deterministic).
   */
  constructor(seed?: PythonSeed) {
    this.seed(seed);
  }

  /**
   * `Random.seed(a)` with version 2 (the default).
   * @param a - See {@link PythonSeed}. Default undefined: OS entropy.
   * @throws InvalidArgumentError for NaN, infinities or unsafe-integer numbers (use a bigint).
   */
  seed(a?: PythonSeed): void {
    let n: bigint;
    if (a === undefined || a === null) {
      const words = new Uint32Array(624);
      globalThis.crypto.getRandomValues(words);
      this.mt.initByArray(words);
      return;
    }
    if (typeof a === "bigint") n = a < 0n ? -a : a;
    else if (typeof a === "number") {
      if (!Number.isFinite(a)) throw new InvalidArgumentError(`Cannot seed PythonRandom with ${a}`);
      if (Number.isInteger(a)) {
        checkInt(a, "seed");
        n = BigInt(Math.abs(a));
      } else {
        // CPython seeds with (size_t)hash(a): a negative hash wraps around 2^64.
        const h = pythonFloatHash(a);
        n = h < 0n ? h + (1n << 64n) : h;
      }
    } else {
      const bytes = typeof a === "string" ? new TextEncoder().encode(a) : a;
      const digest = createHash("sha512").update(bytes).digest();
      const all = new Uint8Array(bytes.length + digest.length);
      all.set(bytes, 0);
      all.set(digest, bytes.length);
      n = bytesToBigint(all);
    }
    this.mt.initByArray(bigintToWords(n));
  }

  /** `random()`: a double in [0, 1) with 53 random bits. */
  random(): number {
    return this.mt.nextDouble();
  }

  /**
   * `getrandbits(k)`: a non-negative integer with `k` random bits (any k), built from 32-bit words, least
   * significant first, the last word keeping its high bits.
   * @param k - Number of bits, >= 0.
   */
  getrandbits(k: number): bigint {
    if (!Number.isSafeInteger(k) || k < 0) throw new InvalidArgumentError(`number of bits must be non-negative, got ${k}`);
    if (k === 0) return 0n;
    if (k <= 32) return BigInt(this.mt.nextUint32() >>> (32 - k));
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32) {
      let r = this.mt.nextUint32();
      if (left < 32) r >>>= 32 - left;
      result |= BigInt(r) << shift;
      shift += 32n;
    }
    return result;
  }

  /** `getrandbits(k)` for k <= 53, as a number (same draws as {@link PythonRandom.getrandbits}). */
  private bitsNumber(k: number): number {
    if (k === 0) return 0;
    if (k <= 32) return this.mt.nextUint32() >>> (32 - k);
    const low = this.mt.nextUint32();
    const high = this.mt.nextUint32() >>> (64 - k);
    return high * 4294967296 + low;
  }

  /** `_randbelow_with_getrandbits(n)` for 0 < n <= 2^53. */
  private randbelow(n: number): number {
    const k = bitLength(n);
    let r = this.bitsNumber(k);
    while (r >= n) r = this.bitsNumber(k);
    return r;
  }

  private randbelowBig(n: bigint): bigint {
    const k = bitLengthBig(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /**
   * `randbelow(n)`: an integer in [0, n) by rejection on `getrandbits(n.bit_length())`.
   * @param n - Positive bound.
   */
  randbelowInt(n: number): number;
  randbelowInt(n: bigint): bigint;
  randbelowInt(n: number | bigint): number | bigint {
    if (typeof n === "bigint") {
      if (n <= 0n) throw new InvalidArgumentError(`randbelow: n must be positive, got ${n}`);
      return this.randbelowBig(n);
    }
    checkInt(n, "n");
    if (n <= 0) throw new InvalidArgumentError(`randbelow: n must be positive, got ${n}`);
    return this.randbelow(n);
  }

  /**
   * `randrange(start, stop?, step?)`: a random element of `range(start, stop, step)`.
   * @param start - Start (or the stop, when `stop` is omitted).
   * @param stop - Stop (exclusive). Default: see `start`.
   * @param step - Step. Default 1.
   * @throws InvalidArgumentError for an empty range or a zero step (CPython's ValueError).
   */
  randrange(start: number, stop?: number, step?: number): number;
  randrange(start: bigint, stop?: bigint, step?: bigint): bigint;
  randrange(start: number | bigint, stop?: number | bigint, step?: number | bigint): number | bigint {
    if (typeof start === "bigint") return this.randrangeBig(start, stop as bigint | undefined, step as bigint | undefined);
    checkInt(start, "start");
    if (stop === undefined) {
      if (step !== undefined && step !== 1) throw new InvalidArgumentError("Missing a non-None stop argument");
      if (start > 0) return this.randbelow(start);
      throw new InvalidArgumentError("empty range for randrange()");
    }
    const istop = stop as number;
    const istep = (step ?? 1) as number;
    checkInt(istop, "stop");
    checkInt(istep, "step");
    const width = istop - start;
    if (istep === 1) {
      if (width > 0) return start + this.randbelow(width);
      throw new InvalidArgumentError(`empty range in randrange(${start}, ${istop})`);
    }
    let n: number;
    if (istep > 0) n = Math.floor((width + istep - 1) / istep);
    else if (istep < 0) n = Math.floor((width + istep + 1) / istep);
    else throw new InvalidArgumentError("zero step for randrange()");
    if (n <= 0) throw new InvalidArgumentError(`empty range in randrange(${start}, ${istop}, ${istep})`);
    return start + istep * this.randbelow(n);
  }

  private randrangeBig(start: bigint, stop?: bigint, step?: bigint): bigint {
    if (stop === undefined) {
      if (step !== undefined && step !== 1n) throw new InvalidArgumentError("Missing a non-None stop argument");
      if (start > 0n) return this.randbelowBig(start);
      throw new InvalidArgumentError("empty range for randrange()");
    }
    const istep = step ?? 1n;
    const width = stop - start;
    if (istep === 1n) {
      if (width > 0n) return start + this.randbelowBig(width);
      throw new InvalidArgumentError(`empty range in randrange(${start}, ${stop})`);
    }
    const floorDiv = (a: bigint, b: bigint) => {
      const q = a / b;
      return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
    };
    let n: bigint;
    if (istep > 0n) n = floorDiv(width + istep - 1n, istep);
    else if (istep < 0n) n = floorDiv(width + istep + 1n, istep);
    else throw new InvalidArgumentError("zero step for randrange()");
    if (n <= 0n) throw new InvalidArgumentError(`empty range in randrange(${start}, ${stop}, ${istep})`);
    return start + istep * this.randbelowBig(n);
  }

  /**
   * `randint(a, b)`: an integer in [a, b], i.e. `randrange(a, b + 1)`.
   */
  randint(a: number, b: number): number;
  randint(a: bigint, b: bigint): bigint;
  randint(a: number | bigint, b: number | bigint): number | bigint {
    if (typeof a === "bigint") return this.randrangeBig(a, (b as bigint) + 1n);
    return this.randrange(a, (b as number) + 1);
  }

  /**
   * `choice(seq)`: one element, `seq[randbelow(len(seq))]`.
   * @throws InvalidArgumentError for an empty sequence (CPython's IndexError).
   */
  choice<T>(seq: ArrayLike<T>): T {
    if (seq.length === 0) throw new InvalidArgumentError("Cannot choose from an empty sequence");
    return seq[this.randbelow(seq.length)] as T;
  }

  /**
   * `choices(population, weights=None, *, cum_weights=None, k=1)`: `k` draws with replacement.
   * @param population - Items to draw from.
   * @param options - `weights` or `cumWeights` (default uniform), `k` (default 1).
   */
  choices<T>(population: ArrayLike<T>, options: ChoicesOptions = {}): T[] {
    const n = population.length;
    const k = options.k ?? 1;
    const out: T[] = [];
    let cum = options.cumWeights;
    if (cum === undefined) {
      if (options.weights === undefined) {
        for (let i = 0; i < k; i++) out.push(population[Math.floor(this.random() * n)] as T);
        return out;
      }
      const acc: number[] = [];
      let s = 0;
      for (let i = 0; i < options.weights.length; i++) acc.push((s += options.weights[i] as number));
      cum = acc;
    } else if (options.weights !== undefined) {
      throw new InvalidArgumentError("Cannot specify both weights and cumulative weights");
    }
    if (cum.length !== n) throw new InvalidArgumentError("The number of weights does not match the population");
    const total = n === 0 ? 0 : (cum[n - 1] as number);
    if (!(total > 0)) throw new InvalidArgumentError("Total of weights must be greater than zero");
    if (!Number.isFinite(total)) throw new InvalidArgumentError("Total of weights must be finite");
    for (let i = 0; i < k; i++) out.push(population[bisectRight(cum, this.random() * total, 0, n - 1)] as T);
    return out;
  }

  /**
   * `sample(range(n), k)`: `k` distinct indices in [0, n), in selection order.
   * @param n - Population size.
   * @param k - Sample size, 0 <= k <= n.
   */
  sampleIndices(n: number, k: number): number[] {
    checkInt(n, "n");
    checkInt(k, "k");
    if (!(k >= 0 && k <= n)) throw new InvalidArgumentError("Sample larger than population or is negative");
    const result: number[] = new Array<number>(k);
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setsize) {
      const pool: number[] = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result[i] = pool[j] as number;
        pool[j] = pool[n - i - 1] as number;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }

  /**
   * `sample(population, k, counts=None)`: `k` distinct elements (by position), in selection order.
   * @param population - Items.
   * @param k - Sample size, 0 <= k <= len(population).
   * @param options - `counts`: repeat counts per item (CPython's `counts`). Default none.
   * @throws InvalidArgumentError when k is out of range (CPython's ValueError).
   */
  sample<T>(population: ArrayLike<T>, k: number, options: { counts?: ArrayLike<number> } = {}): T[] {
    const n = population.length;
    if (options.counts !== undefined) {
      const counts = options.counts;
      if (counts.length !== n) throw new InvalidArgumentError("The number of counts does not match the population");
      const cum: number[] = [];
      let s = 0;
      for (let i = 0; i < n; i++) {
        const c = counts[i] as number;
        if (!Number.isInteger(c)) throw new InvalidArgumentError("Counts must be integers");
        cum.push((s += c));
      }
      const total = cum.pop() ?? 0;
      if (total <= 0) throw new InvalidArgumentError("Total of counts must be greater than zero");
      return this.sampleIndices(total, k).map((sel) => population[bisectRight(cum, sel, 0, cum.length)] as T);
    }
    return this.sampleIndices(n, k).map((i) => population[i] as T);
  }

  /**
   * `shuffle(x)`: Fisher–Yates from the end with `j = randbelow(i + 1)`, in place.
   * @returns The same array.
   */
  shuffle<A extends { length: number; [index: number]: unknown }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** `uniform(a, b)`: `a + (b - a) * random()`. */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** A copy of the generator state (the 624 MT words and the position). */
  getState(): { mt: Uint32Array; index: number } {
    return this.mt.copyState();
  }

  /** Restores a state from {@link PythonRandom.getState}. */
  setState(state: { mt: ArrayLike<number>; index: number }): void {
    this.mt.restoreState(state);
  }
}

import { InvalidArgumentError } from "@crucible/types";

/**
 * Entropy accepted by {@link SeedSequence} (and so by `default_rng`): a non-negative integer of any size, or a
 * (nested) list of them, exactly as numpy's `SeedSequence(entropy)` accepts. A JS `number` must be a safe integer.
 */
export type SeedEntropy = number | bigint | ReadonlyArray<SeedEntropy>;

// Constants of numpy/random/bit_generator.pyx.
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const DEFAULT_POOL_SIZE = 4;

/**
 * Converts an integer to little-endian 32-bit words as numpy's `_int_to_uint32_array` does (0 becomes `[0]`).
 * @throws InvalidArgumentError for a negative value or a non-integer number.
 */
export function intToUint32Words(value: number | bigint): number[] {
  let n: bigint;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(
        `Seed ${value} is not a safe integer; pass a bigint for seeds of 2**53 or more (numpy raises TypeError for floats)`,
      );
    }
    n = BigInt(value);
  } else n = value;
  if (n < 0n) {
    throw new InvalidArgumentError(`Seed ${n} is negative; numpy's SeedSequence expects a non-negative integer`);
  }
  if (n === 0n) return [0];
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return words;
}

/** numpy's `_coerce_to_uint32_array` for ints and (nested) sequences of ints. */
function coerceToWords(x: SeedEntropy): number[] {
  if (typeof x === "number" || typeof x === "bigint") return intToUint32Words(x);
  if (!Array.isArray(x)) throw new InvalidArgumentError("Seed entropy must be an integer or an array of integers");
  const out: number[] = [];
  for (const v of x as ReadonlyArray<SeedEntropy>) for (const w of coerceToWords(v)) out.push(w);
  return out;
}

function hashmix(value: number, hc: { v: number }): number {
  let x = (value ^ hc.v) >>> 0;
  hc.v = Math.imul(hc.v, MULT_A) >>> 0;
  x = Math.imul(x, hc.v) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function mix(x: number, y: number): number {
  const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  return (r ^ (r >>> 16)) >>> 0;
}

/** Draws 128 bits of entropy from the OS, as numpy does for `SeedSequence()` without entropy. */
function osEntropy128(): bigint {
  const words = new Uint32Array(4);
  globalThis.crypto.getRandomValues(words);
  let n = 0n;
  for (let i = 3; i >= 0; i--) n = (n << 32n) | BigInt(words[i] ?? 0);
  return n;
}

/** Options of {@link SeedSequence}. */
export interface SeedSequenceOptions {
  /** The spawn key (used by `spawn`). Default `[]`. */
  spawnKey?: ReadonlyArray<number | bigint>;
  /** Size of the entropy pool in 32-bit words. Default 4 (numpy's `DEFAULT_POOL_SIZE`). */
  poolSize?: number;
}

/**
 * numpy's `SeedSequence`: hashes user entropy into a pool of 32-bit words and expands it into seed state
 * (`generate_state`) with numpy's exact constants and mixing, so `new SeedSequence(s).generateState(4)` equals
 * `np.random.SeedSequence(s).generate_state(4)`.
 */
export class SeedSequence {
  /** The entropy the sequence was built from. When none was given, the 128 bits drawn from the OS. */
  readonly entropy: SeedEntropy;
  /** The spawn key. Default `[]`. */
  readonly spawnKey: ReadonlyArray<number | bigint>;
  /** Size of the pool in 32-bit words. Default 4. */
  readonly poolSize: number;
  /** How many children `spawn` has created so far. */
  private childrenSpawned = 0;
  private readonly pool: Uint32Array;

  /**
   * @param entropy - Seed; when undefined, 128 bits are drawn from `crypto.getRandomValues` (non-deterministic,
   *   like numpy) and kept in `entropy`.
   * @param options - Spawn key and pool size (defaults `[]` and 4).
   * @throws InvalidArgumentError for negative or non-integer entropy.
   */
  constructor(entropy?: SeedEntropy, options: SeedSequenceOptions = {}) {
    this.entropy = entropy ?? osEntropy128();
    this.spawnKey = options.spawnKey ?? [];
    this.poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(this.poolSize) || this.poolSize < DEFAULT_POOL_SIZE) {
      throw new InvalidArgumentError(`poolSize must be an integer >= ${DEFAULT_POOL_SIZE}, got ${this.poolSize}`);
    }
    this.pool = new Uint32Array(this.poolSize);
    this.mixEntropy(this.assembledEntropy());
  }

  private assembledEntropy(): number[] {
    let run = coerceToWords(this.entropy);
    const spawn = coerceToWords([...this.spawnKey]);
    if (spawn.length > 0 && run.length < this.poolSize) {
      run = run.concat(new Array<number>(this.poolSize - run.length).fill(0));
    }
    return run.concat(spawn);
  }

  private mixEntropy(entropy: number[]): void {
    const pool = this.pool;
    const hc = { v: INIT_A };
    for (let i = 0; i < pool.length; i++) pool[i] = hashmix(i < entropy.length ? (entropy[i] as number) : 0, hc);
    for (let src = 0; src < pool.length; src++) {
      for (let dst = 0; dst < pool.length; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst] as number, hashmix(pool[src] as number, hc));
      }
    }
    for (let src = pool.length; src < entropy.length; src++) {
      for (let dst = 0; dst < pool.length; dst++) {
        pool[dst] = mix(pool[dst] as number, hashmix(entropy[src] as number, hc));
      }
    }
  }

  /**
   * numpy's `generate_state(nWords, dtype)`.
   * @param nWords - Number of words to produce.
   * @param dtype - `"uint32"` (default) or `"uint64"` (then pairs of 32-bit words, little-endian, as bigints).
   * @returns A Uint32Array for `"uint32"`, a BigUint64Array for `"uint64"`.
   */
  generateState(nWords: number, dtype?: "uint32"): Uint32Array;
  generateState(nWords: number, dtype: "uint64"): BigUint64Array;
  generateState(nWords: number, dtype: "uint32" | "uint64" = "uint32"): Uint32Array | BigUint64Array {
    if (!Number.isInteger(nWords) || nWords < 0) {
      throw new InvalidArgumentError(`nWords must be a non-negative integer, got ${nWords}`);
    }
    const n32 = dtype === "uint64" ? nWords * 2 : nWords;
    const state = new Uint32Array(n32);
    let hc = INIT_B;
    for (let i = 0; i < n32; i++) {
      let v = (this.pool[i % this.poolSize] as number) ^ hc;
      hc = Math.imul(hc, MULT_B) >>> 0;
      v = Math.imul(v >>> 0, hc) >>> 0;
      state[i] = (v ^ (v >>> 16)) >>> 0;
    }
    if (dtype === "uint32") return state;
    const out = new BigUint64Array(nWords);
    for (let i = 0; i < nWords; i++) {
      out[i] = (BigInt(state[2 * i + 1] as number) << 32n) | BigInt(state[2 * i] as number);
    }
    return out;
  }

  /**
   * numpy's `spawn(n)`: `n` independent child sequences (spawn keys extended by the child index).
   * @param n - Number of children.
   */
  spawn(n: number): SeedSequence[] {
    const children: SeedSequence[] = [];
    for (let i = this.childrenSpawned; i < this.childrenSpawned + n; i++) {
      children.push(new SeedSequence(this.entropy, { spawnKey: [...this.spawnKey, i], poolSize: this.poolSize }));
    }
    this.childrenSpawned += n;
    return children;
  }
}

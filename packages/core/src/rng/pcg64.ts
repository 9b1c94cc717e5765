import { InvalidArgumentError } from "@crucible/types";
import { SeedSequence, type SeedEntropy } from "./seed-sequence.js";

const MASK128 = (1n << 128n) - 1n;
/** PCG's default 128-bit multiplier (`PCG_DEFAULT_MULTIPLIER_128`). */
const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;

// The multiplier as 24-bit limbs, least significant first (the top limb holds the last 8 bits).
const K0 = 0xccf645;
const K1 = 0xdf649f;
const K2 = 0xa44385;
const K3 = 0x1fc65d;
const K4 = 0x60ed05;
const K5 = 0x23;
const INV24 = 1 / 16777216;

/** numpy's `PCG64.state` dictionary, with 128-bit values as bigints. */
export interface PCG64State {
  /** The 128-bit LCG state. */
  state: bigint;
  /** The 128-bit (odd) increment. */
  inc: bigint;
  /** Whether a buffered 32-bit half is waiting (`has_uint32`). */
  hasUint32: boolean;
  /** The buffered upper 32 bits of the last 64-bit draw (`uinteger`). */
  uinteger: number;
}

/**
 * numpy's `PCG64` bit generator: a 128-bit LCG (`state = state * MULT + inc`) with the XSL-RR output function,
 * stepped before each output. `nextUint32` returns the low 32 bits of a 64-bit draw and keeps the high 32 bits
 * for the next call, exactly as numpy does.
 *
 * The state is kept as six 24-bit limbs in plain numbers so the hot path never allocates a BigInt.
 */
export class PCG64 {
  /** The SeedSequence this generator was seeded from. */
  readonly seedSequence: SeedSequence;
  // State and increment as 24-bit limbs, least significant first (a5/i5 hold bits 120..127). Column sums of
  // 24x24-bit products stay below 2^51, exact in doubles, and need 21 multiplications per step.
  private a0 = 0;
  private a1 = 0;
  private a2 = 0;
  private a3 = 0;
  private a4 = 0;
  private a5 = 0;
  private i0 = 0;
  private i1 = 0;
  private i2 = 0;
  private i3 = 0;
  private i4 = 0;
  private i5 = 0;
  private hasUint32 = false;
  private uinteger = 0;
  /** Low 32 bits of the last 64-bit output (set by `step`). */
  private outLo = 0;
  /** High 32 bits of the last 64-bit output (set by `step`). */
  private outHi = 0;

  /**
   * @param seed - A seed (non-negative integer, array of them) or a {@link SeedSequence}; undefined draws
   *   entropy from the OS (non-deterministic), as `np.random.PCG64()` does.
   */
  constructor(seed?: SeedEntropy | SeedSequence) {
    this.seedSequence = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const val = this.seedSequence.generateState(4, "uint64");
    const initState = ((val[0] as bigint) << 64n) | (val[1] as bigint);
    const initSeq = ((val[2] as bigint) << 64n) | (val[3] as bigint);
    // pcg_setseq_128_srandom_r
    const inc = ((initSeq << 1n) | 1n) & MASK128;
    let state = (0n * MULTIPLIER + inc) & MASK128;
    state = (state + initState) & MASK128;
    state = (state * MULTIPLIER + inc) & MASK128;
    this.state = { state, inc, hasUint32: false, uinteger: 0 };
  }

  /** The full state as numpy reports it in `bit_generator.state["state"]` (plus the 32-bit buffer). */
  get state(): PCG64State {
    const join = (l: number[]) => l.reduceRight((acc, v) => (acc << 24n) | BigInt(v), 0n);
    return {
      state: join([this.a0, this.a1, this.a2, this.a3, this.a4, this.a5]),
      inc: join([this.i0, this.i1, this.i2, this.i3, this.i4, this.i5]),
      hasUint32: this.hasUint32,
      uinteger: this.uinteger,
    };
  }

  /** Restores a state obtained from `state` (or from numpy's `bit_generator.state`). */
  set state(value: PCG64State) {
    if (value.state < 0n || value.state > MASK128 || value.inc < 0n || value.inc > MASK128) {
      throw new InvalidArgumentError("PCG64 state and inc must be 128-bit unsigned integers");
    }
    const limb = (v: bigint, i: number) => Number((v >> BigInt(24 * i)) & 0xffffffn);
    this.a0 = limb(value.state, 0);
    this.a1 = limb(value.state, 1);
    this.a2 = limb(value.state, 2);
    this.a3 = limb(value.state, 3);
    this.a4 = limb(value.state, 4);
    this.a5 = limb(value.state, 5);
    this.i0 = limb(value.inc, 0);
    this.i1 = limb(value.inc, 1);
    this.i2 = limb(value.inc, 2);
    this.i3 = limb(value.inc, 3);
    this.i4 = limb(value.inc, 4);
    this.i5 = limb(value.inc, 5);
    this.hasUint32 = value.hasUint32;
    this.uinteger = value.uinteger >>> 0;
  }

  /** Advances the LCG one step and computes the XSL-RR output into `outLo`/`outHi`. */
  private step(): void {
    let a0 = this.a0;
    let a1 = this.a1;
    let a2 = this.a2;
    let a3 = this.a3;
    let a4 = this.a4;
    let a5 = this.a5;
    const i0 = this.i0;
    const i1 = this.i1;
    const i2 = this.i2;
    const i3 = this.i3;
    const i4 = this.i4;
    const i5 = this.i5;
    let c = a0 * K0 + i0;
    const n0 = c & 0xffffff;
    c = (c - n0) * INV24;
    c += a0 * K1 + a1 * K0 + i1;
    const n1 = c & 0xffffff;
    c = (c - n1) * INV24;
    c += a0 * K2 + a1 * K1 + a2 * K0 + i2;
    const n2 = c & 0xffffff;
    c = (c - n2) * INV24;
    c += a0 * K3 + a1 * K2 + a2 * K1 + a3 * K0 + i3;
    const n3 = c & 0xffffff;
    c = (c - n3) * INV24;
    c += a0 * K4 + a1 * K3 + a2 * K2 + a3 * K1 + a4 * K0 + i4;
    const n4 = c & 0xffffff;
    c = (c - n4) * INV24;
    c += a0 * K5 + a1 * K4 + a2 * K3 + a3 * K2 + a4 * K1 + a5 * K0 + i5;
    const n5 = c & 0xff;
    a0 = n0;
    a1 = n1;
    a2 = n2;
    a3 = n3;
    a4 = n4;
    a5 = n5;
    // XSL-RR: rotate (high64 ^ low64) right by the top 6 bits of the state.
    let xlo = (n0 | (n1 << 24)) ^ ((n2 >>> 16) | (n3 << 8));
    let xhi = ((n1 >>> 8) | (n2 << 16)) ^ (n4 | (n5 << 24));
    const rot = n5 >>> 2;
    if (rot & 32) {
      const t = xlo;
      xlo = xhi;
      xhi = t;
    }
    const r = rot & 31;
    if (r !== 0) {
      const lo = (xlo >>> r) | (xhi << (32 - r));
      xhi = (xhi >>> r) | (xlo << (32 - r));
      xlo = lo;
    }
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
    this.a4 = a4;
    this.a5 = a5;
    this.outLo = xlo >>> 0;
    this.outHi = xhi >>> 0;
  }

  /**
   * numpy's `next_uint32`: the low half of a fresh 64-bit draw, or the buffered high half of the previous one.
   * @returns An integer in [0, 2^32).
   */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.step();
    this.hasUint32 = true;
    this.uinteger = this.outHi;
    return this.outLo;
  }

  /**
   * The hot loop of numpy's `shuffle` for a Uint32Array: for i = n-1 … 1, `j = random_interval(i)` (masked
   * rejection on `next_uint32`) and swap. Same draws as calling `nextUint32` in a loop, but with the generator
   * state held in local variables (about 3x faster than the method-per-draw version).
   * @param arr - Array to shuffle in place; its length must be at most 2^32.
   * @internal
   */
  shuffleUint32InPlace(arr: Uint32Array): void {
    let a0 = this.a0;
    let a1 = this.a1;
    let a2 = this.a2;
    let a3 = this.a3;
    let a4 = this.a4;
    let a5 = this.a5;
    const i0 = this.i0;
    const i1 = this.i1;
    const i2 = this.i2;
    const i3 = this.i3;
    const i4 = this.i4;
    const i5 = this.i5;
    let has = this.hasUint32;
    let buffered = this.uinteger;
    const n = arr.length;
    let mask = n - 1;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (let i = n - 1; i > 0; i--) {
      if (i <= mask >>> 1) mask >>>= 1;
      let j: number;
      for (;;) {
        let u: number;
        if (has) {
          has = false;
          u = buffered;
        } else {
          let c = a0 * K0 + i0;
          const n0 = c & 0xffffff;
          c = (c - n0) * INV24;
          c += a0 * K1 + a1 * K0 + i1;
          const n1 = c & 0xffffff;
          c = (c - n1) * INV24;
          c += a0 * K2 + a1 * K1 + a2 * K0 + i2;
          const n2 = c & 0xffffff;
          c = (c - n2) * INV24;
          c += a0 * K3 + a1 * K2 + a2 * K1 + a3 * K0 + i3;
          const n3 = c & 0xffffff;
          c = (c - n3) * INV24;
          c += a0 * K4 + a1 * K3 + a2 * K2 + a3 * K1 + a4 * K0 + i4;
          const n4 = c & 0xffffff;
          c = (c - n4) * INV24;
          c += a0 * K5 + a1 * K4 + a2 * K3 + a3 * K2 + a4 * K1 + a5 * K0 + i5;
          const n5 = c & 0xff;
          a0 = n0;
          a1 = n1;
          a2 = n2;
          a3 = n3;
          a4 = n4;
          a5 = n5;
          // XSL-RR: rotate (high64 ^ low64) right by the top 6 bits of the state.
          let xlo = (n0 | (n1 << 24)) ^ ((n2 >>> 16) | (n3 << 8));
          let xhi = ((n1 >>> 8) | (n2 << 16)) ^ (n4 | (n5 << 24));
          const rot = n5 >>> 2;
          if (rot & 32) {
            const t = xlo;
            xlo = xhi;
            xhi = t;
          }
          const r = rot & 31;
          if (r !== 0) {
            const lo = (xlo >>> r) | (xhi << (32 - r));
            xhi = (xhi >>> r) | (xlo << (32 - r));
            xlo = lo;
          }
          has = true;
          buffered = xhi >>> 0;
          u = xlo;
        }
        j = (u & mask) >>> 0;
        if (j <= i) break;
      }
      const t = arr[i] as number;
      arr[i] = arr[j] as number;
      arr[j] = t;
    }
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
    this.a4 = a4;
    this.a5 = a5;
    this.hasUint32 = has;
    this.uinteger = buffered;
  }

  /**
   * numpy's `next_uint64` as two 32-bit halves, without allocating: call, then read `lastHi` / `lastLo`.
   * Does not touch the 32-bit buffer (as in numpy).
   */
  nextUint64Parts(): void {
    this.step();
  }

  /** High 32 bits of the last {@link PCG64.nextUint64Parts} draw. */
  get lastHi(): number {
    return this.outHi;
  }

  /** Low 32 bits of the last {@link PCG64.nextUint64Parts} draw. */
  get lastLo(): number {
    return this.outLo;
  }

  /** numpy's `next_uint64` (`random_raw()`): a 64-bit draw as a bigint. */
  nextUint64(): bigint {
    this.step();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  /** numpy's `next_double`: `(next_uint64 >> 11) * 2^-53`, a double in [0, 1). */
  nextDouble(): number {
    this.step();
    return (this.outHi * 2097152 + (this.outLo >>> 11)) / 9007199254740992;
  }

  /**
   * numpy's `random_raw(size)`: `count` raw 64-bit outputs.
   * @param count - How many outputs. Default 1.
   */
  randomRaw(count = 1): BigUint64Array {
    const out = new BigUint64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.nextUint64();
    return out;
  }

  /**
   * numpy's `PCG64.advance(delta)`: jumps the LCG ahead by `delta` steps (mod 2^128) and clears the 32-bit buffer.
   * @param delta - Number of steps (non-negative bigint or safe integer).
   */
  advance(delta: number | bigint): this {
    let d = BigInt(delta) & MASK128;
    const st = this.state;
    let curMult = MULTIPLIER;
    let curPlus = st.inc;
    let accMult = 1n;
    let accPlus = 0n;
    while (d > 0n) {
      if (d & 1n) {
        accMult = (accMult * curMult) & MASK128;
        accPlus = (accPlus * curMult + curPlus) & MASK128;
      }
      curPlus = ((curMult + 1n) * curPlus) & MASK128;
      curMult = (curMult * curMult) & MASK128;
      d >>= 1n;
    }
    this.state = { state: (accMult * st.state + accPlus) & MASK128, inc: st.inc, hasUint32: false, uinteger: 0 };
    return this;
  }
}

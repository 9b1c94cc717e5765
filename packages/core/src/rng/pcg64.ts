import { InvalidArgumentError } from "@crucible/types";
import { SeedSequence, type SeedEntropy } from "./seed-sequence.js";

const MASK128 = (1n << 128n) - 1n;
/** PCG's default 128-bit multiplier (`PCG_DEFAULT_MULTIPLIER_128`). */
const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;

// The multiplier as eight 16-bit limbs, least significant first.
const M0 = 0xf645;
const M1 = 0x9fcc;
const M2 = 0xdf64;
const M3 = 0x4385;
const M4 = 0x5da4;
const M5 = 0x1fc6;
const M6 = 0xed05;
const M7 = 0x2360;

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
 * The state is kept as eight 16-bit limbs in plain numbers so the hot path never allocates a BigInt.
 */
export class PCG64 {
  /** The SeedSequence this generator was seeded from. */
  readonly seedSequence: SeedSequence;
  // State limbs, least significant first.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private s5 = 0;
  private s6 = 0;
  private s7 = 0;
  // Increment limbs.
  private i0 = 0;
  private i1 = 0;
  private i2 = 0;
  private i3 = 0;
  private i4 = 0;
  private i5 = 0;
  private i6 = 0;
  private i7 = 0;
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
    const lo = (a: number, b: number, c: number, d: number) =>
      (BigInt(d) << 48n) | (BigInt(c) << 32n) | (BigInt(b) << 16n) | BigInt(a);
    return {
      state: (lo(this.s4, this.s5, this.s6, this.s7) << 64n) | lo(this.s0, this.s1, this.s2, this.s3),
      inc: (lo(this.i4, this.i5, this.i6, this.i7) << 64n) | lo(this.i0, this.i1, this.i2, this.i3),
      hasUint32: this.hasUint32,
      uinteger: this.uinteger,
    };
  }

  /** Restores a state obtained from `state` (or from numpy's `bit_generator.state`). */
  set state(value: PCG64State) {
    if (value.state < 0n || value.state > MASK128 || value.inc < 0n || value.inc > MASK128) {
      throw new InvalidArgumentError("PCG64 state and inc must be 128-bit unsigned integers");
    }
    const limb = (v: bigint, i: number) => Number((v >> BigInt(16 * i)) & 0xffffn);
    this.s0 = limb(value.state, 0);
    this.s1 = limb(value.state, 1);
    this.s2 = limb(value.state, 2);
    this.s3 = limb(value.state, 3);
    this.s4 = limb(value.state, 4);
    this.s5 = limb(value.state, 5);
    this.s6 = limb(value.state, 6);
    this.s7 = limb(value.state, 7);
    this.i0 = limb(value.inc, 0);
    this.i1 = limb(value.inc, 1);
    this.i2 = limb(value.inc, 2);
    this.i3 = limb(value.inc, 3);
    this.i4 = limb(value.inc, 4);
    this.i5 = limb(value.inc, 5);
    this.i6 = limb(value.inc, 6);
    this.i7 = limb(value.inc, 7);
    this.hasUint32 = value.hasUint32;
    this.uinteger = value.uinteger >>> 0;
  }

  /** Advances the LCG one step and computes the XSL-RR output into `outLo`/`outHi`. */
  private step(): void {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const s4 = this.s4;
    const s5 = this.s5;
    const s6 = this.s6;
    const s7 = this.s7;
    // Schoolbook multiplication mod 2^128 in 16-bit columns; every column sum stays below 2^37 (exact in a double).
    let c = s0 * M0 + this.i0;
    const n0 = c & 0xffff;
    c = (c - n0) / 65536;
    c += s0 * M1 + s1 * M0 + this.i1;
    const n1 = c & 0xffff;
    c = (c - n1) / 65536;
    c += s0 * M2 + s1 * M1 + s2 * M0 + this.i2;
    const n2 = c & 0xffff;
    c = (c - n2) / 65536;
    c += s0 * M3 + s1 * M2 + s2 * M1 + s3 * M0 + this.i3;
    const n3 = c & 0xffff;
    c = (c - n3) / 65536;
    c += s0 * M4 + s1 * M3 + s2 * M2 + s3 * M1 + s4 * M0 + this.i4;
    const n4 = c & 0xffff;
    c = (c - n4) / 65536;
    c += s0 * M5 + s1 * M4 + s2 * M3 + s3 * M2 + s4 * M1 + s5 * M0 + this.i5;
    const n5 = c & 0xffff;
    c = (c - n5) / 65536;
    c += s0 * M6 + s1 * M5 + s2 * M4 + s3 * M3 + s4 * M2 + s5 * M1 + s6 * M0 + this.i6;
    const n6 = c & 0xffff;
    c = (c - n6) / 65536;
    c += s0 * M7 + s1 * M6 + s2 * M5 + s3 * M4 + s4 * M3 + s5 * M2 + s6 * M1 + s7 * M0 + this.i7;
    const n7 = c & 0xffff;
    this.s0 = n0;
    this.s1 = n1;
    this.s2 = n2;
    this.s3 = n3;
    this.s4 = n4;
    this.s5 = n5;
    this.s6 = n6;
    this.s7 = n7;
    // XSL-RR: rotate (high64 ^ low64) right by the top 6 bits of the state.
    let xlo = (n0 | (n1 << 16)) ^ (n4 | (n5 << 16));
    let xhi = (n2 | (n3 << 16)) ^ (n6 | (n7 << 16));
    const rot = n7 >>> 10;
    if (rot & 32) {
      const t = xlo;
      xlo = xhi;
      xhi = t;
    }
    const r = rot & 31;
    if (r !== 0) {
      const lo = (xlo >>> r) | (xhi << (32 - r));
      const hi = (xhi >>> r) | (xlo << (32 - r));
      xlo = lo;
      xhi = hi;
    }
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
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let s4 = this.s4;
    let s5 = this.s5;
    let s6 = this.s6;
    let s7 = this.s7;
    const i0 = this.i0;
    const i1 = this.i1;
    const i2 = this.i2;
    const i3 = this.i3;
    const i4 = this.i4;
    const i5 = this.i5;
    const i6 = this.i6;
    const i7 = this.i7;
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
          let c = s0 * M0 + i0;
          const n0 = c & 0xffff;
          c = (c - n0) / 65536;
          c += s0 * M1 + s1 * M0 + i1;
          const n1 = c & 0xffff;
          c = (c - n1) / 65536;
          c += s0 * M2 + s1 * M1 + s2 * M0 + i2;
          const n2 = c & 0xffff;
          c = (c - n2) / 65536;
          c += s0 * M3 + s1 * M2 + s2 * M1 + s3 * M0 + i3;
          const n3 = c & 0xffff;
          c = (c - n3) / 65536;
          c += s0 * M4 + s1 * M3 + s2 * M2 + s3 * M1 + s4 * M0 + i4;
          const n4 = c & 0xffff;
          c = (c - n4) / 65536;
          c += s0 * M5 + s1 * M4 + s2 * M3 + s3 * M2 + s4 * M1 + s5 * M0 + i5;
          const n5 = c & 0xffff;
          c = (c - n5) / 65536;
          c += s0 * M6 + s1 * M5 + s2 * M4 + s3 * M3 + s4 * M2 + s5 * M1 + s6 * M0 + i6;
          const n6 = c & 0xffff;
          c = (c - n6) / 65536;
          c += s0 * M7 + s1 * M6 + s2 * M5 + s3 * M4 + s4 * M3 + s5 * M2 + s6 * M1 + s7 * M0 + i7;
          const n7 = c & 0xffff;
          s0 = n0;
          s1 = n1;
          s2 = n2;
          s3 = n3;
          s4 = n4;
          s5 = n5;
          s6 = n6;
          s7 = n7;
          let xlo = (n0 | (n1 << 16)) ^ (n4 | (n5 << 16));
          let xhi = (n2 | (n3 << 16)) ^ (n6 | (n7 << 16));
          const rot = n7 >>> 10;
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
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    this.s4 = s4;
    this.s5 = s5;
    this.s6 = s6;
    this.s7 = s7;
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

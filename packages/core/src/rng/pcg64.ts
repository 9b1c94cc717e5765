import { InvalidArgumentError } from "@crucible/types";
import { SeedSequence, type SeedEntropy } from "./seed-sequence.js";

const MASK128 = (1n << 128n) - 1n;
/** PCG's default 128-bit multiplier (`PCG_DEFAULT_MULTIPLIER_128`). */
const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;

const INV24 = 1 / 16777216;
/** Steps per batch of the shuffle loop's output buffer (a multiple of 4). */
const BATCH_STEPS = 128;
/** Swap targets drawn ahead of the swaps in the shuffle loop. */
const CHUNK = 1024;
// Multipliers M^j mod 2^128 (j = 1..4) as 24-bit limbs, least significant first (the top limb holds the last 8
// bits), for computing four LCG steps from one state. A1 is the multiplier itself, which single steps use too.
const A1_0 = 0xccf645;
const A1_1 = 0xdf649f;
const A1_2 = 0xa44385;
const A1_3 = 0x1fc65d;
const A1_4 = 0x60ed05;
const A1_5 = 0x23;
const A2_0 = 0xe0ae99;
const A2_1 = 0xd9eb20;
const A2_2 = 0x3c529e;
const A2_3 = 0xdf6974;
const A2_4 = 0xbce35b;
const A2_5 = 0x17;
const A3_0 = 0x42153d;
const A3_1 = 0xe837ed;
const A3_2 = 0x82eb5a;
const A3_3 = 0x4bd80e;
const A3_4 = 0xf04140;
const A3_5 = 0x25;
const A4_0 = 0xd45771;
const A4_1 = 0xdfbe42;
const A4_2 = 0x9bd194;
const A4_3 = 0x27db7a;
const A4_4 = 0xdd4173;
const A4_5 = 0xf4;

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
  /** Increments of 1..4 steps, (M^(j-1) + … + M + 1)·inc mod 2^128, as 24-bit limbs (j-major). */
  private readonly incPowers = new Float64Array(24);
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
    let c = 0n;
    let mPow = 1n;
    for (let j = 0; j < 4; j++) {
      c = (c + mPow * value.inc) & MASK128;
      mPow = (mPow * MULTIPLIER) & MASK128;
      for (let k = 0; k < 6; k++) this.incPowers[j * 6 + k] = limb(c, k);
    }
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
    let c = a0 * A1_0 + i0;
    const n0 = c & 0xffffff;
    c = (c - n0) * INV24;
    c += a0 * A1_1 + a1 * A1_0 + i1;
    const n1 = c & 0xffffff;
    c = (c - n1) * INV24;
    c += a0 * A1_2 + a1 * A1_1 + a2 * A1_0 + i2;
    const n2 = c & 0xffffff;
    c = (c - n2) * INV24;
    c += a0 * A1_3 + a1 * A1_2 + a2 * A1_1 + a3 * A1_0 + i3;
    const n3 = c & 0xffffff;
    c = (c - n3) * INV24;
    c += a0 * A1_4 + a1 * A1_3 + a2 * A1_2 + a3 * A1_1 + a4 * A1_0 + i4;
    const n4 = c & 0xffffff;
    c = (c - n4) * INV24;
    c += a0 * A1_5 + a1 * A1_4 + a2 * A1_3 + a3 * A1_2 + a4 * A1_1 + a5 * A1_0 + i5;
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
   * rejection on `next_uint32`) and swap. Same draws, and the same final state, as calling `nextUint32` in a
   * loop, but the raw outputs come in batches from {@link PCG64.fillRaw} (four independent steps at a time).
   * @param arr - Array to shuffle in place; its length must be at most 2^32.
   * @internal
   */
  shuffleUint32InPlace(arr: Uint32Array): void {
    const n = arr.length;
    if (n < 2) return;
    const buf = new Uint32Array(BATCH_STEPS * 2);
    let pos = buf.length;
    let has = this.hasUint32;
    const buffered = this.uinteger;
    let batched = false;
    // State at the start of the current batch, to rewind the steps the shuffle did not use.
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let b4 = 0;
    let b5 = 0;
    let mask = n - 1;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    // Two passes per chunk: first draw the swap targets (branchy rejection sampling, no cache misses), then do the
    // swaps in a tight loop whose random loads can overlap (a mispredicted branch would cancel them).
    const targets = new Uint32Array(CHUNK);
    for (let top = n - 1; top > 0; ) {
      const stop = top > CHUNK ? top - CHUNK : 0;
      let m = 0;
      for (let i = top; i > stop; i--) {
        if (i <= mask >>> 1) mask >>>= 1;
        let j: number;
        do {
          let u: number;
          if (has) {
            has = false;
            u = buffered;
          } else {
            if (pos === buf.length) {
              b0 = this.a0;
              b1 = this.a1;
              b2 = this.a2;
              b3 = this.a3;
              b4 = this.a4;
              b5 = this.a5;
              this.fillRaw(buf);
              batched = true;
              pos = 0;
            }
            u = buf[pos++] as number;
          }
          j = (u & mask) >>> 0;
        } while (j > i);
        targets[m++] = j;
      }
      m = 0;
      for (let i = top; i > stop; i--) {
        const j = targets[m++] as number;
        const t = arr[i] as number;
        arr[i] = arr[j] as number;
        arr[j] = t;
      }
      top = stop;
    }
    if (!batched) {
      this.hasUint32 = has;
      return;
    }
    // Keep exactly the steps whose outputs were used; a half-used step leaves its high half buffered.
    this.a0 = b0;
    this.a1 = b1;
    this.a2 = b2;
    this.a3 = b3;
    this.a4 = b4;
    this.a5 = b5;
    for (let k = (pos + 1) >>> 1; k > 0; k--) this.step();
    // As in numpy, `uinteger` keeps the last high half even after it was consumed.
    this.hasUint32 = (pos & 1) === 1;
    this.uinteger = (this.hasUint32 ? buf[pos] : buf[pos - 1]) as number;
  }

  /**
   * Fills `out` with raw 64-bit outputs as (low, high) uint32 pairs, advancing the LCG by `out.length / 2` steps
   * (a multiple of 4). Four steps are computed from the same state with the multipliers M, M², M³, M⁴, so the
   * four multiplications are independent and overlap in the CPU (the carry chain of one 128-bit multiply is the
   * bottleneck otherwise). The 32-bit buffer is not touched.
   */
  private fillRaw(out: Uint32Array): void {
    let a0 = this.a0;
    let a1 = this.a1;
    let a2 = this.a2;
    let a3 = this.a3;
    let a4 = this.a4;
    let a5 = this.a5;
    const cj = this.incPowers;
    const c1_0 = cj[0] as number;
    const c1_1 = cj[1] as number;
    const c1_2 = cj[2] as number;
    const c1_3 = cj[3] as number;
    const c1_4 = cj[4] as number;
    const c1_5 = cj[5] as number;
    const c2_0 = cj[6] as number;
    const c2_1 = cj[7] as number;
    const c2_2 = cj[8] as number;
    const c2_3 = cj[9] as number;
    const c2_4 = cj[10] as number;
    const c2_5 = cj[11] as number;
    const c3_0 = cj[12] as number;
    const c3_1 = cj[13] as number;
    const c3_2 = cj[14] as number;
    const c3_3 = cj[15] as number;
    const c3_4 = cj[16] as number;
    const c3_5 = cj[17] as number;
    const c4_0 = cj[18] as number;
    const c4_1 = cj[19] as number;
    const c4_2 = cj[20] as number;
    const c4_3 = cj[21] as number;
    const c4_4 = cj[22] as number;
    const c4_5 = cj[23] as number;
    for (let o = 0; o < out.length; o += 8) {
      let c1 = a0 * A1_0 + c1_0;
      const r1_0 = c1 & 0xffffff;
      c1 = (c1 - r1_0) * INV24;
      c1 += a0 * A1_1 + a1 * A1_0 + c1_1;
      const r1_1 = c1 & 0xffffff;
      c1 = (c1 - r1_1) * INV24;
      c1 += a0 * A1_2 + a1 * A1_1 + a2 * A1_0 + c1_2;
      const r1_2 = c1 & 0xffffff;
      c1 = (c1 - r1_2) * INV24;
      c1 += a0 * A1_3 + a1 * A1_2 + a2 * A1_1 + a3 * A1_0 + c1_3;
      const r1_3 = c1 & 0xffffff;
      c1 = (c1 - r1_3) * INV24;
      c1 += a0 * A1_4 + a1 * A1_3 + a2 * A1_2 + a3 * A1_1 + a4 * A1_0 + c1_4;
      const r1_4 = c1 & 0xffffff;
      c1 = (c1 - r1_4) * INV24;
      c1 += a0 * A1_5 + a1 * A1_4 + a2 * A1_3 + a3 * A1_2 + a4 * A1_1 + a5 * A1_0 + c1_5;
      const r1_5 = c1 & 0xff;
      let c2 = a0 * A2_0 + c2_0;
      const r2_0 = c2 & 0xffffff;
      c2 = (c2 - r2_0) * INV24;
      c2 += a0 * A2_1 + a1 * A2_0 + c2_1;
      const r2_1 = c2 & 0xffffff;
      c2 = (c2 - r2_1) * INV24;
      c2 += a0 * A2_2 + a1 * A2_1 + a2 * A2_0 + c2_2;
      const r2_2 = c2 & 0xffffff;
      c2 = (c2 - r2_2) * INV24;
      c2 += a0 * A2_3 + a1 * A2_2 + a2 * A2_1 + a3 * A2_0 + c2_3;
      const r2_3 = c2 & 0xffffff;
      c2 = (c2 - r2_3) * INV24;
      c2 += a0 * A2_4 + a1 * A2_3 + a2 * A2_2 + a3 * A2_1 + a4 * A2_0 + c2_4;
      const r2_4 = c2 & 0xffffff;
      c2 = (c2 - r2_4) * INV24;
      c2 += a0 * A2_5 + a1 * A2_4 + a2 * A2_3 + a3 * A2_2 + a4 * A2_1 + a5 * A2_0 + c2_5;
      const r2_5 = c2 & 0xff;
      let c3 = a0 * A3_0 + c3_0;
      const r3_0 = c3 & 0xffffff;
      c3 = (c3 - r3_0) * INV24;
      c3 += a0 * A3_1 + a1 * A3_0 + c3_1;
      const r3_1 = c3 & 0xffffff;
      c3 = (c3 - r3_1) * INV24;
      c3 += a0 * A3_2 + a1 * A3_1 + a2 * A3_0 + c3_2;
      const r3_2 = c3 & 0xffffff;
      c3 = (c3 - r3_2) * INV24;
      c3 += a0 * A3_3 + a1 * A3_2 + a2 * A3_1 + a3 * A3_0 + c3_3;
      const r3_3 = c3 & 0xffffff;
      c3 = (c3 - r3_3) * INV24;
      c3 += a0 * A3_4 + a1 * A3_3 + a2 * A3_2 + a3 * A3_1 + a4 * A3_0 + c3_4;
      const r3_4 = c3 & 0xffffff;
      c3 = (c3 - r3_4) * INV24;
      c3 += a0 * A3_5 + a1 * A3_4 + a2 * A3_3 + a3 * A3_2 + a4 * A3_1 + a5 * A3_0 + c3_5;
      const r3_5 = c3 & 0xff;
      let c4 = a0 * A4_0 + c4_0;
      const r4_0 = c4 & 0xffffff;
      c4 = (c4 - r4_0) * INV24;
      c4 += a0 * A4_1 + a1 * A4_0 + c4_1;
      const r4_1 = c4 & 0xffffff;
      c4 = (c4 - r4_1) * INV24;
      c4 += a0 * A4_2 + a1 * A4_1 + a2 * A4_0 + c4_2;
      const r4_2 = c4 & 0xffffff;
      c4 = (c4 - r4_2) * INV24;
      c4 += a0 * A4_3 + a1 * A4_2 + a2 * A4_1 + a3 * A4_0 + c4_3;
      const r4_3 = c4 & 0xffffff;
      c4 = (c4 - r4_3) * INV24;
      c4 += a0 * A4_4 + a1 * A4_3 + a2 * A4_2 + a3 * A4_1 + a4 * A4_0 + c4_4;
      const r4_4 = c4 & 0xffffff;
      c4 = (c4 - r4_4) * INV24;
      c4 += a0 * A4_5 + a1 * A4_4 + a2 * A4_3 + a3 * A4_2 + a4 * A4_1 + a5 * A4_0 + c4_5;
      const r4_5 = c4 & 0xff;
      let xlo1 = (r1_0 | (r1_1 << 24)) ^ ((r1_2 >>> 16) | (r1_3 << 8));
      let xhi1 = ((r1_1 >>> 8) | (r1_2 << 16)) ^ (r1_4 | (r1_5 << 24));
      const rot1 = r1_5 >>> 2;
      if (rot1 & 32) {
        const t = xlo1;
        xlo1 = xhi1;
        xhi1 = t;
      }
      const rr1 = rot1 & 31;
      if (rr1 !== 0) {
        const lo = (xlo1 >>> rr1) | (xhi1 << (32 - rr1));
        xhi1 = (xhi1 >>> rr1) | (xlo1 << (32 - rr1));
        xlo1 = lo;
      }
      out[o + 0] = xlo1;
      out[o + 1] = xhi1;
      let xlo2 = (r2_0 | (r2_1 << 24)) ^ ((r2_2 >>> 16) | (r2_3 << 8));
      let xhi2 = ((r2_1 >>> 8) | (r2_2 << 16)) ^ (r2_4 | (r2_5 << 24));
      const rot2 = r2_5 >>> 2;
      if (rot2 & 32) {
        const t = xlo2;
        xlo2 = xhi2;
        xhi2 = t;
      }
      const rr2 = rot2 & 31;
      if (rr2 !== 0) {
        const lo = (xlo2 >>> rr2) | (xhi2 << (32 - rr2));
        xhi2 = (xhi2 >>> rr2) | (xlo2 << (32 - rr2));
        xlo2 = lo;
      }
      out[o + 2] = xlo2;
      out[o + 3] = xhi2;
      let xlo3 = (r3_0 | (r3_1 << 24)) ^ ((r3_2 >>> 16) | (r3_3 << 8));
      let xhi3 = ((r3_1 >>> 8) | (r3_2 << 16)) ^ (r3_4 | (r3_5 << 24));
      const rot3 = r3_5 >>> 2;
      if (rot3 & 32) {
        const t = xlo3;
        xlo3 = xhi3;
        xhi3 = t;
      }
      const rr3 = rot3 & 31;
      if (rr3 !== 0) {
        const lo = (xlo3 >>> rr3) | (xhi3 << (32 - rr3));
        xhi3 = (xhi3 >>> rr3) | (xlo3 << (32 - rr3));
        xlo3 = lo;
      }
      out[o + 4] = xlo3;
      out[o + 5] = xhi3;
      let xlo4 = (r4_0 | (r4_1 << 24)) ^ ((r4_2 >>> 16) | (r4_3 << 8));
      let xhi4 = ((r4_1 >>> 8) | (r4_2 << 16)) ^ (r4_4 | (r4_5 << 24));
      const rot4 = r4_5 >>> 2;
      if (rot4 & 32) {
        const t = xlo4;
        xlo4 = xhi4;
        xhi4 = t;
      }
      const rr4 = rot4 & 31;
      if (rr4 !== 0) {
        const lo = (xlo4 >>> rr4) | (xhi4 << (32 - rr4));
        xhi4 = (xhi4 >>> rr4) | (xlo4 << (32 - rr4));
        xlo4 = lo;
      }
      out[o + 6] = xlo4;
      out[o + 7] = xhi4;
      a0 = r4_0;
      a1 = r4_1;
      a2 = r4_2;
      a3 = r4_3;
      a4 = r4_4;
      a5 = r4_5;
    }
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
    this.a4 = a4;
    this.a5 = a5;
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

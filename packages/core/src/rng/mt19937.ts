const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * The Mersenne Twister MT19937 core shared by CPython's `random` module and numpy's legacy `RandomState`:
 * `init_genrand`, `init_by_array` and `genrand_uint32`, bit for bit as in the reference C code.
 */
export class MT19937 {
  /** The 624-word state. */
  readonly mt = new Uint32Array(N);
  /** Position of the next word to temper (624 = regenerate first). */
  index = N;

  /** Seeds from one 32-bit value (`init_genrand`). */
  initGenrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] as number;
      mt[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
    this.index = N;
  }

  /** Seeds from a non-empty array of 32-bit words (`init_by_array`). */
  initByArray(key: ArrayLike<number>): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    const keyLength = key.length;
    let i = 1;
    let j = 0;
    // biome-ignore lint/complexity/useMathMinMax: kept as in the reference init_by_array (mt19937ar.c)
    for (let k = N > keyLength ? N : keyLength; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = (((mt[i] as number) ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1664525)) + ((key[j] as number) >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= keyLength) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = (((mt[i] as number) ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = N;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
      mt[kk] = ((mt[kk + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
    }
    for (; kk < N - 1; kk++) {
      y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
      mt[kk] = ((mt[kk + (M - N)] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
    }
    y = ((mt[N - 1] as number) & UPPER_MASK) | ((mt[0] as number) & LOWER_MASK);
    mt[N - 1] = ((mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
    this.index = 0;
  }

  /** `genrand_uint32`: the next tempered 32-bit output, in [0, 2^32). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `genrand_res53`: `(a >> 5) * 2^26 + (b >> 6)` over 2^53, a double in [0, 1). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Copies the state (for getstate/setstate). */
  copyState(): { mt: Uint32Array; index: number } {
    return { mt: Uint32Array.from(this.mt), index: this.index };
  }

  /** Restores a state from {@link MT19937.copyState}. */
  restoreState(state: { mt: ArrayLike<number>; index: number }): void {
    this.mt.set(Array.from(state.mt, (v) => v >>> 0));
    this.index = state.index;
  }
}

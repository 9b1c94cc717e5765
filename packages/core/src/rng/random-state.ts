import { InvalidArgumentError } from "@crucible/types";
import { MT19937 } from "./mt19937.js";
import type { MutableArrayLike } from "./numpy-generator.js";

/**
 * numpy's legacy `np.random.RandomState(seed)` (MT19937 seeded with `init_genrand(seed)`), enough of it to
 * reproduce what scikit-learn does with `random_state=seed`: `shuffle`, `permutation`, `random_sample`.
 * The current numpy API ({@link NumpyGenerator}) is a different stream.
 */
export class NumpyRandomState {
  private readonly mt = new MT19937();

  /**
   * @param seed - Integer in [0, 2^32 - 1] (numpy's legacy seeding). Undefined draws a seed from the OS.
   * @throws InvalidArgumentError for a seed out of range (numpy's "Seed must be between 0 and 2**32 - 1").
   */
  constructor(seed?: number) {
    let s = seed;
    if (s === undefined) s = globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
    if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
      throw new InvalidArgumentError(`Seed must be between 0 and 2**32 - 1, got ${s}`);
    }
    this.mt.initGenrand(s);
  }

  /** `random_sample()`: a double in [0, 1) with 53 bits. */
  random(): number {
    return this.mt.nextDouble();
  }

  /** `random_interval(max)` on MT19937 (masked rejection; 64-bit draws are `next32 << 32 | next32`). */
  randomInterval(max: number): number {
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new InvalidArgumentError(`randomInterval: max must be a non-negative safe integer, got ${max}`);
    }
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      let mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      let v: number;
      do v = (this.mt.nextUint32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    let maskHi = Math.floor(max / 4294967296);
    maskHi |= maskHi >>> 1;
    maskHi |= maskHi >>> 2;
    maskHi |= maskHi >>> 4;
    maskHi |= maskHi >>> 8;
    maskHi |= maskHi >>> 16;
    let v: number;
    do {
      const hi = (this.mt.nextUint32() & maskHi) >>> 0;
      v = hi * 4294967296 + this.mt.nextUint32();
    } while (v > max);
    return v;
  }

  /** `shuffle(x)` for a 1-D array, in place: `j = random_interval(i)` for i = n-1 … 1. */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** `permutation(n)`: a shuffled `arange(n)` (n at most 2^32). */
  permutation(n: number): Uint32Array {
    if (!Number.isSafeInteger(n) || n < 0 || n > 4294967296) {
      throw new InvalidArgumentError(`permutation: n must be an integer in [0, 2^32], got ${n}`);
    }
    const arr = new Uint32Array(n);
    for (let i = 0; i < n; i++) arr[i] = i;
    return this.shuffle(arr);
  }
}

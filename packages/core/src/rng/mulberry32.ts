/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a tiny, fast, seeded PRNG for test data and fault injection.
 * Not numpy- or Python-compatible (use `NumpyGenerator` or `PythonRandom` for parity) and not
 * cryptographic.
 * @param seed - Any integer; only its low 32 bits are used.
 * @returns A function giving the next float in [0, 1) each call.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

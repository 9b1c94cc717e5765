import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { CrucibleError } from "@crucible/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NumpyGenerator, PCG64, SeedSequence, defaultRng, permutation } from "./index.js";
import { NumpyRandomState } from "./random-state.js";

// Fixture made once by __fixtures__/generate.py with numpy 2.4.6 (see the file's `_generated`).
interface NumpyFixture {
  seedSequence: Array<{ seed: string | string[]; state32: number[]; state64: string[] }>;
  pcg64Raw: Array<{ seed: string; raw: string[] }>;
  permutationsSmall: Array<{ seed: string; n: number; perm: number[] }>;
  permutationsLarge: Array<{ seed: string; n: number; head: number[]; sha256: string }>;
  integers: Array<{ seed: string; calls: Array<{ low: string; high: string; endpoint: boolean; values: string[] }> }>;
  random: Array<{ seed: string; values: string[] }>;
  choice: Array<{ seed: string; n: number; size: number; replace: boolean; shuffle: boolean; values: number[] }>;
  randomStatePermutations: Array<{ seed: number; n: number; perm: number[] }>;
  shuffleNumbers: { seed: number; result: number[]; next: string };
  choiceP: Array<{ seed: string; n: number; size: number; replace: boolean; p: number[]; values: number[] }>;
}
const fixture = JSON.parse(readFileSync(new URL("./__fixtures__/numpy.json", import.meta.url), "utf8")) as NumpyFixture;

const seedOf = (s: string | string[]) => (Array.isArray(s) ? s.map((x) => BigInt(x)) : BigInt(s));
const sha256u32 = (a: Uint32Array) =>
  createHash("sha256")
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest("hex");

describe("SeedSequence / PCG64 (numpy check values)", () => {
  it("matches numpy for seed 0", () => {
    expect(Array.from(new SeedSequence(0).generateState(4))).toEqual([2968811710, 3677149159, 745650761, 2884920346]);
    const bg = new PCG64(0);
    expect(bg.nextUint64()).toBe(11749869230777074271n);
    expect(bg.nextUint64()).toBe(4976686463289251617n);
  });

  it("generate_state matches numpy for int, big-int and list seeds", () => {
    expect(fixture.seedSequence.length).toBeGreaterThan(6);
    for (const c of fixture.seedSequence) {
      const ss = new SeedSequence(seedOf(c.seed));
      expect(Array.from(ss.generateState(8)), `seed ${String(c.seed)}`).toEqual(c.state32);
      expect(Array.from(ss.generateState(4, "uint64"), String)).toEqual(c.state64);
    }
  });

  it("random_raw matches numpy", () => {
    for (const c of fixture.pcg64Raw) {
      expect(Array.from(new PCG64(BigInt(c.seed)).randomRaw(6), String), `seed ${c.seed}`).toEqual(c.raw);
    }
  });

  it("accepts a number seed and the equal bigint seed alike", () => {
    expect(new PCG64(42).nextUint64()).toBe(new PCG64(42n).nextUint64());
  });

  it("rejects negative and non-integer seeds", () => {
    expect(() => new SeedSequence(-1)).toThrow(/negative/);
    expect(() => new SeedSequence(1.5)).toThrow(CrucibleError);
    expect(() => permutation(3, -5)).toThrow(/negative/);
  });

  it("draws fresh entropy when no seed is given and exposes it", () => {
    const a = new SeedSequence();
    const b = new SeedSequence();
    expect(typeof a.entropy).toBe("bigint");
    expect(a.entropy).not.toBe(b.entropy);
    // The recorded entropy reproduces the stream.
    expect(new SeedSequence(a.entropy).generateState(4)).toEqual(a.generateState(4));
  });

  it("state round-trips and advance(k) equals k steps", () => {
    const a = new PCG64(7);
    a.nextUint32();
    const saved = a.state;
    expect(saved.hasUint32).toBe(true);
    const x = [a.nextUint32(), a.nextUint32(), a.nextUint32()];
    a.state = saved;
    expect([a.nextUint32(), a.nextUint32(), a.nextUint32()]).toEqual(x);
    const b = new PCG64(9);
    const c = new PCG64(9);
    for (let i = 0; i < 37; i++) b.nextUint64();
    c.advance(37);
    expect(c.nextUint64()).toBe(b.nextUint64());
  });

  it("spawned children differ from the parent and from each other", () => {
    const [c0, c1] = new SeedSequence(5).spawn(2);
    const s0 = Array.from(c0!.generateState(4));
    const s1 = Array.from(c1!.generateState(4));
    expect(s0).not.toEqual(s1);
    expect(s0).not.toEqual(Array.from(new SeedSequence(5).generateState(4)));
  });
});

describe("NumpyGenerator (default_rng parity)", () => {
  it("permutation matches numpy's default_rng(0).permutation", () => {
    expect(Array.from(permutation(10, 0))).toEqual([4, 6, 2, 7, 3, 5, 9, 0, 8, 1]);
    expect(Array.from(permutation(20, 0))).toEqual([4, 19, 6, 2, 13, 16, 3, 11, 10, 8, 0, 12, 7, 5, 18, 17, 14, 9, 1, 15]);
    expect(Array.from(permutation(10, 42))).toEqual([5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
  });

  it("permutation matches numpy for small sizes over 6 seeds", () => {
    expect(fixture.permutationsSmall.length).toBe(54);
    for (const c of fixture.permutationsSmall) {
      expect(Array.from(permutation(c.n, BigInt(c.seed))), `n=${c.n} seed=${c.seed}`).toEqual(c.perm);
    }
  });

  it("permutation matches numpy for n = 12345 and 100000 (sha256 of the uint32 array)", () => {
    for (const c of fixture.permutationsLarge) {
      const p = permutation(c.n, BigInt(c.seed));
      expect(Array.from(p.subarray(0, 20))).toEqual(c.head);
      expect(sha256u32(p), `n=${c.n} seed=${c.seed}`).toBe(c.sha256);
    }
  });

  it("integers (Lemire, 32- and 64-bit ranges) match numpy", () => {
    for (const s of fixture.integers) {
      const g = defaultRng(BigInt(s.seed));
      for (const call of s.calls) {
        const got = call.values.map(() => String(g.integersBigInt(BigInt(call.low), BigInt(call.high), { endpoint: call.endpoint })));
        expect(got, `seed ${s.seed} integers(${call.low}, ${call.high}, endpoint=${call.endpoint})`).toEqual(call.values);
      }
    }
  });

  it("integers with number bounds (fast path) matches numpy too", () => {
    for (const s of fixture.integers) {
      const g = defaultRng(BigInt(s.seed));
      for (const call of s.calls) {
        const [low, high] = [Number(call.low), Number(call.high)];
        if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
          // Keep the stream aligned with numpy's by drawing through the bigint variant.
          for (const _ of call.values) g.integersBigInt(BigInt(call.low), BigInt(call.high), { endpoint: call.endpoint });
          continue;
        }
        const got = call.values.map(() => String(g.integers(low, high, { endpoint: call.endpoint })));
        expect(got, `seed ${s.seed} integers(${low}, ${high})`).toEqual(call.values);
      }
    }
  });

  it("integers with number bounds equals the bigint variant", () => {
    const a = defaultRng(3);
    const b = defaultRng(3);
    for (let i = 0; i < 50; i++) expect(BigInt(a.integers(-7, 2 ** 40))).toBe(b.integersBigInt(-7n, 2n ** 40n));
    expect(defaultRng(1).integers(5)).toBeLessThan(5);
    expect(() => defaultRng(1).integers(5, 5)).toThrow(/low >= high/);
    expect(() => defaultRng(1).integers(5, 4, { endpoint: true })).toThrow(/low > high/);
  });

  it("random() matches numpy's 53-bit doubles", () => {
    for (const s of fixture.random) {
      const g = defaultRng(BigInt(s.seed));
      expect(
        s.values.map(() => g.random()),
        `seed ${s.seed}`,
      ).toEqual(s.values.map(Number));
    }
  });

  it("choice (Floyd, tail shuffle, with replacement) matches numpy", () => {
    expect(fixture.choice.length).toBe(36);
    for (const c of fixture.choice) {
      const got = defaultRng(BigInt(c.seed)).choice(c.n, c.size, { replace: c.replace, shuffle: c.shuffle });
      expect(Array.from(got), JSON.stringify({ ...c, values: undefined })).toEqual(c.values);
    }
    expect(() => defaultRng(0).choice(3, 4, { replace: false })).toThrow(/larger sample/);
  });

  it("choice with probabilities p (with and without replacement) matches numpy", () => {
    expect(fixture.choiceP.length).toBe(30);
    for (const c of fixture.choiceP) {
      const got = defaultRng(BigInt(c.seed)).choice(c.n, c.size, { replace: c.replace, p: c.p });
      expect(Array.from(got), JSON.stringify({ ...c, values: undefined })).toEqual(c.values);
    }
    expect(() => defaultRng(0).choice(3, 1, { p: [0.5, 0.5, 0.5] })).toThrow(/sum to 1/);
    expect(() => defaultRng(0).choice(3, 1, { p: [1.5, -0.5, 0] })).toThrow(/non-negative/);
    expect(() => defaultRng(0).choice(3, 2, { p: [1, 0, 0], replace: false })).toThrow(/non-zero/);
  });

  it("shuffle of an arbitrary array uses the same draws as numpy", () => {
    const g = defaultRng(fixture.shuffleNumbers.seed);
    const arr = Array.from({ length: 30 }, (_, i) => i);
    g.shuffle(arr);
    expect(arr).toEqual(fixture.shuffleNumbers.result);
    expect(g.random()).toBe(Number(fixture.shuffleNumbers.next));
  });

  it("permutation(array) returns a shuffled copy", () => {
    const src = ["a", "b", "c", "d", "e"];
    const out = defaultRng(0).permutation(src);
    expect(src).toEqual(["a", "b", "c", "d", "e"]);
    expect([...out].sort()).toEqual(src);
    const idx = Array.from(defaultRng(0).permutation(5));
    expect(out).toEqual(idx.map((i) => src[i]));
  });

  it("property: permutation(n, seed) is a permutation of 0..n-1, and the fast path equals the generic shuffle", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }), (n, seed) => {
        const p = permutation(n, seed);
        expect(p.length).toBe(n);
        const seen = new Uint8Array(n);
        for (const v of p) {
          expect(v).toBeLessThan(n);
          expect(seen[v]).toBe(0);
          seen[v] = 1;
        }
        const generic = defaultRng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
        expect(Array.from(p)).toEqual(generic);
      }),
      { numRuns: 60 },
    );
  });

  it("property: the generator state continues identically after permutation (incl. a buffered half)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.nat(), fc.integer({ min: 0, max: 3 }), (n, seed, pre) => {
        const a = defaultRng(seed);
        const b = defaultRng(seed);
        for (let k = 0; k < pre; k++) expect(a.bitGenerator.nextUint32()).toBe(b.bitGenerator.nextUint32());
        const pa = a.permutation(n);
        const pb = b.shuffle(Array.from({ length: n }, (_, i) => i));
        expect(Array.from(pa)).toEqual(pb);
        expect(a.bitGenerator.state).toEqual(b.bitGenerator.state);
        expect([a.bitGenerator.nextUint32(), a.random()]).toEqual([b.bitGenerator.nextUint32(), b.random()]);
      }),
      { numRuns: 80 },
    );
  });

  it("rejects bad sizes", () => {
    expect(() => permutation(-1, 0)).toThrow(CrucibleError);
    expect(() => permutation(1.5, 0)).toThrow(CrucibleError);
    expect(() => new NumpyGenerator(0).randomInterval(-1)).toThrow(CrucibleError);
  });

  it("randomInterval stays within [0, max] for 32- and 64-bit bounds", () => {
    const g = defaultRng(11);
    for (const max of [0, 1, 2, 1000, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      for (let i = 0; i < 20; i++) {
        const v = g.randomInterval(max);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(max);
      }
    }
  });
});

describe("NumpyRandomState (legacy MT19937, scikit-learn's random_state)", () => {
  it("permutation matches np.random.RandomState(seed).permutation(n)", () => {
    for (const c of fixture.randomStatePermutations) {
      expect(Array.from(new NumpyRandomState(c.seed).permutation(c.n)), `seed ${c.seed} n ${c.n}`).toEqual(c.perm);
    }
  });

  it("rejects seeds outside [0, 2^32 - 1]", () => {
    expect(() => new NumpyRandomState(-1)).toThrow(/between 0 and 2\*\*32 - 1/);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(CrucibleError);
  });
});

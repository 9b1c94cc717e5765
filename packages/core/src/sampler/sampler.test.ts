import { readFileSync } from "node:fs";
import { CrucibleError } from "@crucible/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultRng } from "../rng/index.js";
import { kFold, randomSample, stratifiedSample, stratifiedSampleWithAllocation } from "./index.js";

// Made once by ../rng/__fixtures__/generate.py with scikit-learn 1.9.1 (KFold(...).split).
const sklearn = JSON.parse(readFileSync(new URL("../rng/__fixtures__/sklearn.json", import.meta.url), "utf8")) as {
  kFold: Array<{ n: number; k: number; shuffle: boolean; seed: number | null; folds: Array<{ train: number[]; test: number[] }> }>;
};
// Made once with numpy 2.4.6 (default_rng(seed).choice(n, size, replace=...)).
const numpy = JSON.parse(readFileSync(new URL("../rng/__fixtures__/numpy.json", import.meta.url), "utf8")) as {
  choice: Array<{ seed: string; n: number; size: number; replace: boolean; shuffle: boolean; values: number[] }>;
};

describe("kFold (scikit-learn KFold parity)", () => {
  for (const c of sklearn.kFold) {
    it(`n=${c.n} k=${c.k} shuffle=${c.shuffle} seed=${c.seed}`, () => {
      const folds = kFold(c.n, { k: c.k, shuffle: c.shuffle, seed: c.seed ?? undefined });
      expect(folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }))).toEqual(c.folds);
    });
  }

  it("shuffles by default when a seed is given", () => {
    expect(kFold(10, { k: 3, seed: 0 })).toEqual(kFold(10, { k: 3, seed: 0, shuffle: true }));
  });

  it("raises like scikit-learn", () => {
    expect(() => kFold(3, { k: 4 })).toThrow(/greater than the number of samples/);
    expect(() => kFold(10, { k: 1 })).toThrow(CrucibleError);
    expect(() => kFold(10, { k: 2, seed: 1, shuffle: false })).toThrow(/no effect/);
  });

  it("property: every row is in exactly one test fold; fold sizes differ by at most one, larger first", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 2, max: 20 }),
        fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
        (n, kRaw, seed) => {
          const k = Math.min(kRaw, n);
          const folds = kFold(n, { k, seed });
          expect(folds.length).toBe(k);
          const count = new Uint32Array(n);
          for (const [i, f] of folds.entries()) {
            expect(f.test.length).toBe(Math.floor(n / k) + (i < n % k ? 1 : 0));
            expect(f.train.length + f.test.length).toBe(n);
            const inTest = new Set(f.test);
            for (const r of f.train) expect(inTest.has(r)).toBe(false);
            for (const r of f.test) count[r]! += 1;
          }
          expect(Array.from(count).every((c) => c === 1)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("randomSample (numpy Generator.choice parity)", () => {
  it("equals default_rng(seed).choice(n, size, replace)", () => {
    const cases = numpy.choice.filter((c) => c.shuffle);
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      const got = randomSample(c.n, { size: c.size, seed: BigInt(c.seed), replace: c.replace });
      expect(Array.from(got)).toEqual(c.values);
    }
  });

  it("property: without replacement the indices are distinct and in range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30000 }), fc.nat(), fc.nat(), (n, sizeRaw, seed) => {
        const size = n === 0 ? 0 : sizeRaw % (n + 1);
        const s = randomSample(n, { size, seed });
        expect(s.length).toBe(size);
        expect(new Set(s).size).toBe(size);
        expect(s.every((v) => v < n)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it("raises for impossible sizes", () => {
    expect(() => randomSample(3, { size: 4, seed: 0 })).toThrow(/without replacement/);
    expect(randomSample(3, { size: 10, seed: 0, replace: true }).length).toBe(10);
  });
});

describe("stratifiedSample", () => {
  it("allocates by largest remainder with exact totals", () => {
    // 6 a, 3 b, 1 c; size 5 → exact shares 3, 1.5, 0.5 → a 3, then b (remainder tie with c, larger stratum) 2.
    const labels = ["a", "a", "b", "a", "a", "b", "c", "a", "b", "a"];
    const { indices, strata } = stratifiedSampleWithAllocation(labels, { size: 5, seed: 0 });
    expect(strata).toEqual([
      { label: "a", count: 6, drawn: 3 },
      { label: "b", count: 3, drawn: 2 },
      { label: "c", count: 1, drawn: 0 },
    ]);
    expect(indices.length).toBe(5);
    expect(Array.from(indices)).toEqual([...indices].sort((x, y) => x - y));
  });

  it("is deterministic for a seed and draws each stratum with numpy's choice", () => {
    const labels = Array.from({ length: 100 }, (_, i) => i % 3);
    const a = stratifiedSample(labels, { fraction: 0.3, seed: 42 });
    expect(Array.from(a)).toEqual(Array.from(stratifiedSample(labels, { fraction: 0.3, seed: 42 })));
    // Reproduce by hand: strata 0 (34 rows), 1 (33), 2 (33); total 30 → 10.2, 9.9, 9.9 → 10, 10, 10.
    const g = defaultRng(42);
    const rows = [0, 1, 2].map((s) => labels.flatMap((l, i) => (l === s ? [i] : [])));
    const expected = rows.flatMap((r) => Array.from(g.choice(r.length, 10, { replace: false }), (c) => r[c]!));
    expect(Array.from(a)).toEqual(expected.sort((x, y) => x - y));
  });

  it("property: total is exact, each stratum gets floor or ceil of its share, no duplicates", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("x", "y", "z", 1, 2, null), { minLength: 0, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        (labels, fraction, seed) => {
          const { indices, strata } = stratifiedSampleWithAllocation(labels, { fraction, seed });
          const total = Math.round(fraction * labels.length);
          expect(indices.length).toBe(total);
          expect(new Set(indices).size).toBe(total);
          for (const s of strata) {
            const share = (total * s.count) / labels.length;
            expect(s.drawn).toBeGreaterThanOrEqual(Math.floor(share));
            expect(s.drawn).toBeLessThanOrEqual(Math.ceil(share));
          }
          for (const i of indices) expect(strata.some((s) => s.label === labels[i])).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("validates options", () => {
    expect(() => stratifiedSample([1, 2], { seed: 0 })).toThrow(/exactly one/);
    expect(() => stratifiedSample([1, 2], { size: 1, fraction: 0.5 })).toThrow(/exactly one/);
    expect(() => stratifiedSample([1, 2], { size: 3 })).toThrow(CrucibleError);
    expect(() => stratifiedSample([1, 2], { fraction: 1.5 })).toThrow(CrucibleError);
  });
});

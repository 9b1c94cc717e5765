import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "@crucible/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { permutation } from "../rng/index.js";
import { trainTestSplitIndices } from "./index.js";

// Made once by ../rng/__fixtures__/generate.py with Python `datasets` 5.0.1 (Dataset.train_test_split).
const fixture = JSON.parse(readFileSync(new URL("../rng/__fixtures__/datasets.json", import.meta.url), "utf8")) as {
  trainTestSplit: Array<{
    n: number;
    testSize: number | null;
    trainSize: number | null;
    seed: number | null;
    shuffle: boolean;
    train?: number[];
    test?: number[];
    error?: string;
  }>;
  stratified: Array<{
    labels: number[];
    testSize: number | null;
    trainSize: number | null;
    seed: number;
    train?: number[];
    test?: number[];
    error?: string;
  }>;
};

const opt = <T>(v: T | null) => (v === null ? undefined : v);

describe("trainTestSplitIndices (Python datasets train_test_split parity)", () => {
  const cases = fixture.trainTestSplit.filter(
    // Python's 1.0 / 0.0 floats have no JS counterpart (they become the ints 1 / 0): checked separately below.
    (c) => !(c.testSize === 1 && c.error?.includes("1.0")) && !(c.testSize === 0 && c.error?.includes("0.0")),
  );

  it("covers success and error cases", () => {
    expect(cases.filter((c) => c.error).length).toBeGreaterThan(6);
    expect(cases.filter((c) => c.train).length).toBeGreaterThan(15);
  });

  for (const c of cases) {
    const title = `n=${c.n} test=${c.testSize} train=${c.trainSize} seed=${c.seed} shuffle=${c.shuffle}`;
    it(title, () => {
      const run = () =>
        trainTestSplitIndices(c.n, {
          testSize: opt(c.testSize),
          trainSize: opt(c.trainSize),
          seed: opt(c.seed),
          shuffle: c.shuffle,
        });
      if (c.error) {
        expect(run).toThrow(InvalidArgumentError);
        expect(run).toThrow(c.error);
      } else {
        const { train, test } = run();
        expect(Array.from(train)).toEqual(c.train);
        expect(Array.from(test)).toEqual(c.test);
      }
    });
  }

  it("stratified splits (stratify_by_column on a ClassLabel) match Python datasets", () => {
    expect(fixture.stratified.length).toBe(10);
    for (const c of fixture.stratified) {
      const run = () =>
        trainTestSplitIndices(c.labels.length, {
          testSize: opt(c.testSize),
          trainSize: opt(c.trainSize),
          seed: c.seed,
          stratify: c.labels,
        });
      if (c.error) {
        expect(run).toThrow(c.error);
        continue;
      }
      const { train, test } = run();
      expect(Array.from(train), JSON.stringify(c.labels.slice(0, 10))).toEqual(c.train);
      expect(Array.from(test)).toEqual(c.test);
    }
    expect(() => trainTestSplitIndices(4, { stratify: [0, 0, 1, 1], shuffle: false })).toThrow(/shuffle=False/);
  });

  it("stratifies string labels in sorted order", () => {
    const labels = ["b", "a", "b", "a", "c", "c", "a", "b"];
    const asNumbers = labels.map((l) => ({ a: 0, b: 1, c: 2 })[l as "a" | "b" | "c"]);
    const s1 = trainTestSplitIndices(8, { testSize: 3, seed: 5, stratify: labels });
    const s2 = trainTestSplitIndices(8, { testSize: 3, seed: 5, stratify: asNumbers });
    expect(s1).toEqual(s2);
  });

  it("treats integral sizes as row counts and raises Python's message for 0 and n", () => {
    expect(() => trainTestSplitIndices(10, { testSize: 0 })).toThrow(
      "test_size=0 should be either positive and smaller than the number of samples 10",
    );
    expect(() => trainTestSplitIndices(10, { testSize: 1 })).not.toThrow();
    expect(trainTestSplitIndices(10, { testSize: 1, seed: 0 }).test.length).toBe(1);
  });

  it("uses a fresh random seed when none is given", () => {
    const a = trainTestSplitIndices(1000, {});
    const b = trainTestSplitIndices(1000, {});
    expect(a.test.length).toBe(250);
    expect(Array.from(a.test)).not.toEqual(Array.from(b.test));
  });

  it("property: train and test are disjoint, in range, sized by the Python rules, and follow the permutation", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2000 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.nat(), (n, frac, seed) => {
        if (Number.isInteger(frac)) return;
        let res;
        try {
          res = trainTestSplitIndices(n, { testSize: frac, seed });
        } catch (e) {
          // Only the "train set will be empty" case can fail here.
          expect((e as Error).message).toContain("resulting train set will be empty");
          expect(Math.ceil(frac * n)).toBe(n);
          return;
        }
        const { train, test } = res;
        expect(test.length).toBe(Math.ceil(frac * n));
        expect(train.length).toBe(n - test.length);
        const seen = new Set<number>();
        for (const v of [...test, ...train]) {
          expect(v).toBeLessThan(n);
          seen.add(v);
        }
        expect(seen.size).toBe(n);
        const perm = permutation(n, seed);
        expect(Array.from(test)).toEqual(Array.from(perm.subarray(0, test.length)));
      }),
      { numRuns: 150 },
    );
  });
});

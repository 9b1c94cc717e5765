import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { CrucibleError } from "@crucible/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PythonRandom, type PythonSeed } from "./index.js";

// Fixture made once by __fixtures__/generate.py with CPython 3.11.7 (see the file's `_generated`).
interface Case {
  seed: { int?: string; str?: string; float?: number };
  random: string[];
  getrandbits: Array<[number, string]>;
  shuffle20: number[];
  randrange: Array<number | string>;
  randint: number[];
  sample: number[][];
  sampleCounts: string[];
  choices: number[][];
  choice: string[];
  uniform: string[];
}
const fixture = JSON.parse(readFileSync(new URL("./__fixtures__/cpython.json", import.meta.url), "utf8")) as {
  cases: Case[];
  shuffle100k: { seed: number; head: number[]; sha256: string };
};

const seedOf = (s: Case["seed"]): PythonSeed => (s.int !== undefined ? BigInt(s.int) : s.str !== undefined ? s.str : (s.float as number));
const label = (s: Case["seed"]) => JSON.stringify(s);

describe("PythonRandom (CPython random.Random parity)", () => {
  it("matches CPython's values for Random(0)", () => {
    const r = new PythonRandom(0);
    expect([r.random(), r.random(), r.random()]).toEqual([0.8444218515250481, 0.7579544029403025, 0.420571580830845]);
    const xs = Array.from({ length: 10 }, (_, i) => i);
    new PythonRandom(0).shuffle(xs);
    expect(xs).toEqual([7, 8, 1, 5, 3, 4, 2, 0, 9, 6]);
    const g = new PythonRandom(0);
    expect([g.getrandbits(32), g.getrandbits(32), g.getrandbits(32)]).toEqual([3626764237n, 1654615998n, 3255389356n]);
  });

  it("covers the fixture's seeds (ints incl. negative and big, strings, floats)", () => {
    expect(fixture.cases.length).toBe(14);
  });

  for (const c of fixture.cases) {
    it(`seed ${label(c.seed)}: random, getrandbits, shuffle, randrange, randint, sample, choices, choice, uniform`, () => {
      const seed = seedOf(c.seed);
      let r = new PythonRandom(seed);
      expect(c.random.map(() => r.random())).toEqual(c.random.map(Number));
      r = new PythonRandom(seed);
      expect(c.getrandbits.map(([k]) => String(r.getrandbits(k)))).toEqual(c.getrandbits.map(([, v]) => v));
      r = new PythonRandom(seed);
      expect(r.shuffle(Array.from({ length: 20 }, (_, i) => i))).toEqual(c.shuffle20);
      r = new PythonRandom(seed);
      const rr = [
        r.randrange(10),
        r.randrange(5, 100),
        r.randrange(100, 5, -3),
        r.randrange(-50, 50, 7),
        r.randrange(2 ** 40),
        Number(r.randrange(2n ** 53n)),
        String(r.randrange(2n ** 70n)),
        String(r.randrange(-(2n ** 80n), 2n ** 80n, 3n)),
      ];
      expect(rr).toEqual(c.randrange);
      r = new PythonRandom(seed);
      expect(c.randint.map(() => r.randint(1, 6))).toEqual(c.randint);
      r = new PythonRandom(seed);
      expect([r.sampleIndices(10, 10), r.sampleIndices(1000, 7), r.sampleIndices(100000, 50), r.sampleIndices(25, 3)]).toEqual(c.sample);
      r = new PythonRandom(seed);
      expect(r.sample(["a", "b", "c"], 6, { counts: [3, 2, 4] })).toEqual(c.sampleCounts);
      r = new PythonRandom(seed);
      const range = (n: number) => Array.from({ length: n }, (_, i) => i);
      expect([
        r.choices(range(10), { k: 8 }),
        r.choices(range(4), { weights: [1, 0, 2.5, 0.5], k: 8 }),
        r.choices(range(3), { cumWeights: [1, 1, 3], k: 5 }),
      ]).toEqual(c.choices);
      r = new PythonRandom(seed);
      expect(c.choice.map(() => r.choice("abcdefg"))).toEqual(c.choice);
      r = new PythonRandom(seed);
      expect(c.uniform.map(() => r.uniform(-3, 8))).toEqual(c.uniform.map(Number));
    });
  }

  it("shuffles 100k items like CPython (sha256)", () => {
    const xs = new Uint32Array(100000);
    for (let i = 0; i < xs.length; i++) xs[i] = i;
    new PythonRandom(fixture.shuffle100k.seed).shuffle(xs);
    expect(Array.from(xs.subarray(0, 20))).toEqual(fixture.shuffle100k.head);
    expect(createHash("sha256").update(new Uint8Array(xs.buffer)).digest("hex")).toBe(fixture.shuffle100k.sha256);
  });

  it("uses the absolute value of negative seeds", () => {
    expect(new PythonRandom(-42).random()).toBe(new PythonRandom(42).random());
    expect(new PythonRandom(-(2n ** 70n)).random()).toBe(new PythonRandom(2n ** 70n).random());
  });

  it("raises where CPython raises", () => {
    const r = new PythonRandom(1);
    expect(() => r.randrange(0)).toThrow(/empty range/);
    expect(() => r.randrange(5, 5)).toThrow(/empty range/);
    expect(() => r.randrange(0, 10, 0)).toThrow(/zero step/);
    expect(() => r.choice([])).toThrow(/empty sequence/);
    expect(() => r.sample([1, 2], 3)).toThrow(/Sample larger than population/);
    expect(() => r.getrandbits(-1)).toThrow(CrucibleError);
    expect(() => new PythonRandom(Number.NaN)).toThrow(CrucibleError);
    expect(() => r.choices([1, 2], { weights: [0, 0] })).toThrow(/greater than zero/);
  });

  it("getState/setState round-trips", () => {
    const r = new PythonRandom(3);
    r.random();
    const st = r.getState();
    const a = [r.random(), r.random()];
    r.setState(st);
    expect([r.random(), r.random()]).toEqual(a);
  });

  it("property: shuffle permutes, sample gives distinct in-range indices, randrange stays in range", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(1n << 100n), max: 1n << 100n }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (seed, n, kRaw) => {
          const r = new PythonRandom(seed);
          const xs = r.shuffle(Array.from({ length: n }, (_, i) => i));
          expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
          const k = Math.min(kRaw, n);
          const s = r.sampleIndices(n, k);
          expect(new Set(s).size).toBe(k);
          for (const v of s) expect(v >= 0 && v < n).toBe(true);
          const v = r.randrange(-n - 1, n + 1);
          expect(v >= -n - 1 && v < n + 1).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

import { type CrucibleError, InvalidArgumentError } from "@crucible/types";
import { describe, expect, it } from "vitest";
import { meanPassAtK, passAtK } from "./pass-at-k.js";

// Expected values computed independently with Python's exact binomials:
//   from math import comb; 1 - comb(n - c, k) / comb(n, k)
describe("passAtK", () => {
  it("matches 1 - C(n-c,k)/C(n,k) on known values", () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 14); // 1 - 7/10
    expect(passAtK(10, 3, 5)).toBeCloseTo(11 / 12, 14); // 1 - C(7,5)/C(10,5) = 1 - 21/252
    expect(passAtK(10, 3, 2)).toBeCloseTo(8 / 15, 14); // 1 - C(7,2)/C(10,2) = 1 - 21/45
    expect(passAtK(200, 13, 10)).toBeCloseTo(0.4975511147306061, 12); // 1 - comb(187,10)/comb(200,10)
    expect(passAtK(5, 0, 1)).toBe(0);
    expect(passAtK(5, 5, 3)).toBe(1);
  });

  it("returns exactly 1 when n - c < k", () => {
    expect(passAtK(10, 8, 3)).toBe(1);
    expect(passAtK(10, 9, 2)).toBe(1);
  });

  it("stays finite for large n (product form, no factorials)", () => {
    const v = passAtK(100_000, 50, 1000);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(0.39);
    expect(v).toBeLessThan(0.4);
    // pass@1 is always c/n
    expect(passAtK(100_000, 1234, 1)).toBeCloseTo(0.01234, 12);
  });

  it("throws InvalidArgumentError on bad input", () => {
    for (const [n, c, k] of [
      [0, 0, 1],
      [10, 11, 1],
      [10, 3, 0],
      [10, 3, 11],
      [10, -1, 1],
      [10.5, 3, 1],
      [Number.NaN, 3, 1],
    ] as const) {
      let caught: unknown;
      try {
        passAtK(n, c, k);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidArgumentError);
      expect((caught as CrucibleError).code).toBe("INVALID_ARGUMENT");
    }
  });

  it("matches exact BigInt binomials at n = 200", () => {
    const C = (n: bigint, k: bigint): bigint => {
      let r = 1n;
      for (let i = 0n; i < k; i++) r = (r * (n - i)) / (i + 1n);
      return r;
    };
    const exact = 1 - Number((C(190n, 10n) * 10n ** 15n) / C(200n, 10n)) / 1e15;
    expect(Math.abs(passAtK(200, 10, 10) - exact)).toBeLessThan(1e-12);
    expect(passAtK(200, 0, 10)).toBe(0);
  });

  it("refuses k > n instead of estimating 1 (even when no sample is correct)", () => {
    expect(() => passAtK(2, 0, 5)).toThrow(/k must be in \[1, n\] = \[1, 2\], got 5/);
    expect(() =>
      meanPassAtK(
        [
          { n: 10, c: 3 },
          { n: 2, c: 0 },
        ],
        5,
      ),
    ).toThrow(InvalidArgumentError);
  });

  it("meanPassAtK averages over problems", () => {
    expect(
      meanPassAtK(
        [
          { n: 10, c: 3 },
          { n: 10, c: 0 },
        ],
        1,
      ),
    ).toBeCloseTo(0.15, 14);
    expect(() => meanPassAtK([], 1)).toThrow(InvalidArgumentError);
  });
});

import { InvalidArgumentError } from "@crucible/types";
import { NumpyGenerator } from "../rng/numpy-generator.js";
import type { SeedEntropy } from "../rng/seed-sequence.js";

/** Options of {@link stratifiedSample}: give exactly one of `size` and `fraction`. */
export interface StratifiedSampleOptions {
  /** Total number of rows to draw, 0 <= size <= n. */
  size?: number;
  /** Fraction of rows to draw, in [0, 1]; the total is `Math.round(fraction * n)`. */
  fraction?: number;
  /** Seed of the numpy-compatible generator. Default undefined: OS entropy (non-deterministic). */
  seed?: SeedEntropy;
}

/** How many rows one stratum has and how many were drawn from it. */
export interface StratumAllocation {
  /** The label value. */
  label: unknown;
  /** Rows with this label. */
  count: number;
  /** Rows drawn from this stratum. */
  drawn: number;
}

/** Result of {@link stratifiedSampleWithAllocation}. */
export interface StratifiedSample {
  /** Drawn row indices, ascending. */
  indices: Uint32Array;
  /** One entry per stratum, in order of first appearance. */
  strata: StratumAllocation[];
}

/**
 * Proportional stratified sampling with exact totals.
 *
 * Algorithm (deterministic for a given seed):
 * 1. Rows are grouped by label (SameValueZero equality, as a `Map` key; NaN is one label); strata are ordered by
 *    the first row where their label appears.
 * 2. The total is `size`, or `Math.round(fraction * n)`.
 * 3. Allocation by largest remainder (Hamilton): stratum i first gets `floor(total * count_i / n)` rows; the rows
 *    left over go one each to the strata with the largest remainders `(total * count_i) mod n` (compared exactly
 *    in integers), ties broken by the larger stratum, then by first appearance. So the sum is exactly `total` and
 *    every stratum gets its proportional share rounded up or down.
 * 4. One generator `default_rng(seed)` then draws, stratum by stratum in that order,
 *    `choice(count_i, drawn_i, replace=False)` (numpy's algorithm) over the stratum's rows.
 * 5. The drawn rows are returned in ascending row order.
 * @param labels - One label per row.
 * @param options - `size` or `fraction` (exactly one), `seed` (default random).
 * @returns The indices and the per-stratum allocation.
 * @throws InvalidArgumentError when both or neither of size/fraction are given or they are out of range.
 */
export function stratifiedSampleWithAllocation(labels: ArrayLike<unknown>, options: StratifiedSampleOptions): StratifiedSample {
  const n = labels.length;
  const { size, fraction } = options;
  if ((size === undefined) === (fraction === undefined)) {
    throw new InvalidArgumentError("stratifiedSample: give exactly one of size and fraction");
  }
  let total: number;
  if (size !== undefined) {
    if (!Number.isSafeInteger(size) || size < 0 || size > n) {
      throw new InvalidArgumentError(`stratifiedSample: size must be an integer in [0, ${n}], got ${size}`);
    }
    total = size;
  } else {
    const f = fraction as number;
    if (!(f >= 0 && f <= 1)) throw new InvalidArgumentError(`stratifiedSample: fraction must be in [0, 1], got ${f}`);
    total = Math.round(f * n);
  }
  const groups = new Map<unknown, number[]>();
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    let rows = groups.get(label);
    if (rows === undefined) {
      rows = [];
      groups.set(label, rows);
    }
    rows.push(i);
  }
  const strata = [...groups.entries()].map(([label, rows], order) => {
    // total * count <= n^2: exact while n < 2^26; use bigint beyond.
    const count = rows.length;
    let base: number;
    let rem: number;
    if (total * count <= Number.MAX_SAFE_INTEGER) {
      base = Math.floor((total * count) / n);
      rem = total * count - base * n;
    } else {
      const p = BigInt(total) * BigInt(count);
      base = Number(p / BigInt(n));
      rem = Number(p % BigInt(n));
    }
    return { label, rows, count, order, base, rem, drawn: base };
  });
  let left = total - strata.reduce((s, x) => s + x.base, 0);
  const byRemainder = [...strata].sort((a, b) => b.rem - a.rem || b.count - a.count || a.order - b.order);
  for (const s of byRemainder) {
    if (left <= 0) break;
    s.drawn++;
    left--;
  }
  const gen = new NumpyGenerator(options.seed);
  const picked: number[] = [];
  for (const s of strata) {
    const choice = gen.choice(s.count, s.drawn, { replace: false });
    for (const c of choice) picked.push(s.rows[c] as number);
  }
  const indices = Uint32Array.from(picked).sort();
  return { indices, strata: strata.map((s) => ({ label: s.label, count: s.count, drawn: s.drawn })) };
}

/**
 * Proportional stratified sample of row indices (see {@link stratifiedSampleWithAllocation} for the algorithm).
 * @param labels - One label per row (e.g. a ClassLabel column).
 * @param options - `size` or `fraction` (exactly one), `seed` (default random).
 * @returns Drawn row indices, ascending; exactly `size` (or `Math.round(fraction * n)`) of them.
 */
export function stratifiedSample(labels: ArrayLike<unknown>, options: StratifiedSampleOptions): Uint32Array {
  return stratifiedSampleWithAllocation(labels, options).indices;
}

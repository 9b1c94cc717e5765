import { InvalidArgumentError } from "@crucible/types";
import type { NumpyGenerator } from "../rng/index.js";

const ATOL = Math.sqrt(2.220446049250313e-16);

function kahanSum(values: readonly number[]): number {
  // numpy's kahan_sum (used by Generator.choice to check that p sums to 1).
  if (values.length === 0) return 0;
  let sum = values[0] as number;
  let c = 0;
  for (let i = 1; i < values.length; i++) {
    const y = (values[i] as number) - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/**
 * The cumulative distribution numpy's `Generator.choice(a, p=p)` samples from: `cumsum(p) / cumsum(p)[-1]`,
 * after numpy's checks (finite, non-negative, sums to 1 within sqrt(float64 eps)).
 * @throws InvalidArgumentError with numpy's wording when `p` is invalid.
 */
export function choiceCdf(p: readonly number[]): Float64Array {
  if (p.length === 0) throw new InvalidArgumentError("probabilities: a cannot be empty unless no samples are taken");
  const sum = kahanSum(p);
  if (Number.isNaN(sum)) throw new InvalidArgumentError("probabilities contain NaN");
  if (p.some((x) => x < 0)) throw new InvalidArgumentError("probabilities are not non-negative");
  if (Math.abs(sum - 1) > ATOL) {
    throw new InvalidArgumentError(`probabilities do not sum to 1 (sum = ${sum})`, {
      hint: "Normalise them, e.g. p.map((x) => x / total)",
    });
  }
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i] as number;
    cdf[i] = acc;
  }
  const last = cdf[cdf.length - 1] as number;
  for (let i = 0; i < cdf.length; i++) cdf[i] = (cdf[i] as number) / last;
  return cdf;
}

/** numpy `searchsorted(cdf, u, side="right")`: the first index whose value is > u. */
export function searchSortedRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * numpy's `rng.choice(len(p), size=size, p=p)` (replace=True): `size` draws of `rng.random()`, each mapped
 * through `searchsorted(cdf, u, side="right")`. Same numbers as numpy for the same generator state.
 *
 * core-rng's `NumpyGenerator.choice` covers the unweighted case; this is the weighted one, built on its
 * `random()` (coordinated with core-rng: it lives here until core-rng adds `p`).
 */
export function weightedChoice(rng: NumpyGenerator, cdf: Float64Array, size: number): Uint32Array {
  const out = new Uint32Array(size);
  for (let i = 0; i < size; i++) out[i] = searchSortedRight(cdf, rng.random());
  return out;
}

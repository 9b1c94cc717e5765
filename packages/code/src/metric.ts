import type { CodeProblem, Metric } from "@crucible/types";
import { type RunTestsOptions, runTests } from "./sandbox/run-tests.js";

/**
 * The last fenced code block of a model output, as the cookbook's DeepCoder reward takes it (regex
 * ```` ```(?:\w+)?\n(.*?)``` ````, dot-all, stripped).
 * @param text - The model output.
 * @returns The code of the last block, or `undefined` when there is none.
 */
export function extractLastCodeBlock(text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(/```(?:\w+)?\n([\s\S]*?)```/g)) last = m[1];
  return last?.trim();
}

/** Options of {@link executionMetric}. */
export interface ExecutionMetricOptions extends RunTestsOptions {
  /** Metric name (the key in `EvalResult.metrics`). Default `"pass@1"`. */
  name?: string;
  /**
   * Builds the program to run from a prediction. Default: the last fenced code block of the prediction
   * ({@link extractLastCodeBlock}), or the whole prediction when it has none. For HumanEval completions use
   * `(prediction, problem) => problem.problem + prediction`.
   */
  solution?: (prediction: string, problem: CodeProblem) => string;
}

/**
 * A `Metric` (of @crucible/types) that runs a prediction against a {@link CodeProblem}'s tests with {@link runTests}:
 * 1 when every test passes, else 0; its mean over items (the default aggregate) is pass@1 with one sample per
 * problem. For n samples per problem, count the samples whose `runTests(...).passed` is true and score the `{ n, c }`
 * counts with `meanPassAtK` of `@crucible/eval`.
 * @param options - `name` (default `"pass@1"`), `solution` (default: last fenced code block), and the
 *   {@link RunTestsOptions} (per-test `timeoutMs` default 6000, `memoryMb` default 512, `stopOnFirstFailure`
 *   default true here, since one failure decides the score).
 * @returns The metric.
 */
export function executionMetric(options: ExecutionMetricOptions = {}): Metric<CodeProblem> {
  const { name = "pass@1", solution, stopOnFirstFailure = true, ...run } = options;
  return {
    name,
    async score(prediction: string, problem: CodeProblem): Promise<number> {
      const program = solution ? solution(prediction, problem) : (extractLastCodeBlock(prediction) ?? prediction);
      const result = await runTests(problem, program, { ...run, stopOnFirstFailure });
      return result.passed ? 1 : 0;
    },
  };
}

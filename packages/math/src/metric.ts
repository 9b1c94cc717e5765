import type { MathProblem, Metric } from "@crucible/types";
import { extractBoxed } from "./extract/boxed.js";
import { extractFinalAnswer } from "./extract/final-answer.js";
import { type GradeOptions, gradeAnswer } from "./grade/grade.js";

/** Options of {@link mathEquivalence}. */
export interface MathEquivalenceOptions {
  /** Metric name (the key in `EvalResult.metrics`). Default `"math_equivalence"`. */
  name?: string;
  /**
   * How the answer is taken from the prediction text. `"auto"` (default): {@link gradeAnswer} with its `extract`
   * step, which finds the answer in both the prediction and the reference the way Math-Verify does (boxed answers
   * as a set, answer phrases, the last math span or plain number; see `answerCandidates`). `"lenient"`:
   * {@link extractFinalAnswer} (boxed, then `####`, "the answer is", bold, last number) on the prediction only.
   * `"boxed"`: only the last `\boxed{}` (the cookbook's reward; no box scores 0). `"none"`: the whole prediction is
   * the answer.
   */
  extract?: "auto" | "lenient" | "boxed" | "none";
  /** Per-item grading time limit in ms. Default 1000. */
  timeoutMs?: number;
  /** Cookbook / PRM800K form rules (see {@link GradeOptions.strictForms}). Default false. */
  strictForms?: boolean;
}

/**
 * A metric for `@crucible/eval`'s `evaluate`: 1 when the prediction's final answer is mathematically equivalent to
 * the reference ({@link gradeAnswer}), else 0; aggregated as the mean (accuracy).
 * The reference is the answer string (a number is accepted too), or a {@link MathProblem} (its `answer` is used).
 * @param options - `name` (default `"math_equivalence"`), `extract` (default `"auto"`), `timeoutMs` (default 1000).
 * @example evaluate(predictions, math500Test, { metrics: [mathEquivalence()] })
 */
export function mathEquivalence(options: MathEquivalenceOptions = {}): Metric<string | MathProblem> {
  const mode = options.extract ?? "auto";
  const grade: GradeOptions = { timeoutMs: options.timeoutMs ?? 1000, strictForms: options.strictForms ?? false, extract: mode === "auto" };
  return {
    name: options.name ?? "math_equivalence",
    score(prediction: string, reference: string | MathProblem): number {
      const raw: unknown = typeof reference === "object" && reference !== null ? reference.answer : reference;
      const ref = typeof raw === "string" ? raw : typeof raw === "number" || typeof raw === "bigint" ? String(raw) : "";
      let answer: string | null;
      if (mode === "none" || mode === "auto") answer = prediction;
      else if (mode === "boxed") {
        const r = extractBoxed(prediction);
        answer = r.ok ? r.value : null;
      } else {
        const r = extractFinalAnswer(prediction);
        answer = r.ok ? r.value : null;
      }
      return answer !== null && gradeAnswer(answer, ref, grade) ? 1 : 0;
    },
    aggregate(scores: number[]): number {
      return scores.length === 0 ? 0 : scores.reduce((a, b) => a + b, 0) / scores.length;
    },
  };
}

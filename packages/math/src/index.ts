// Answer extraction
export { extractBoxed } from "./extract/boxed.js";
export type { ExtractBoxedOptions, ExtractFailure, ExtractResult } from "./extract/boxed.js";
export { extractGsm8kAnswer } from "./extract/gsm8k.js";
export { extractFinalAnswer } from "./extract/final-answer.js";
export type { FinalAnswerResult, FinalAnswerSource } from "./extract/final-answer.js";

// Grading
export { gradeAnswer, gradeAnswerDetailed, parseAnswer, MAX_ANSWER_LENGTH } from "./grade/grade.js";
export type { GradeOptions, GradeReason, GradeResult } from "./grade/grade.js";
export { stripMathString } from "./grade/strip.js";
export { answerCandidates, boxedSet, MAX_TEXT_LENGTH } from "./grade/candidates.js";
export type { MathNode } from "./grade/ast.js";
export { mathEquivalence } from "./metric.js";
export type { MathEquivalenceOptions } from "./metric.js";

// Loaders
export { gsm8k, GSM8K_REPO } from "./loaders/gsm8k.js";
export type { Gsm8kOptions } from "./loaders/gsm8k.js";
export { math500, MATH500_REPO } from "./loaders/math500.js";
export type { Math500Options, Math500Problem } from "./loaders/math500.js";
export { hendrycksMath, HENDRYCKS_MATH_CONFIGS, HENDRYCKS_MATH_REPO } from "./loaders/hendrycks.js";
export type { HendrycksMathOptions, HendrycksMathProblem } from "./loaders/hendrycks.js";
export { deepMath, polaris, DEEPMATH_REPO, POLARIS_REPO } from "./loaders/answer-sets.js";
export type { AnswerSetOptions, DeepMathProblem, PolarisProblem } from "./loaders/answer-sets.js";
export type { HubLoadOptions, MathDatasetInfo } from "./loaders/adapters.js";
export type { SkipReason, SkippedRow, SkipReporting } from "./loaders/skips.js";

export { extractBoxed } from "./extract/boxed.js";
export type { ExtractBoxedOptions, ExtractFailure, ExtractResult } from "./extract/boxed.js";
export { extractGsm8kAnswer } from "./extract/gsm8k.js";
export { extractFinalAnswer } from "./extract/final-answer.js";
export type { FinalAnswerResult, FinalAnswerSource } from "./extract/final-answer.js";
export { gradeAnswer, gradeAnswerDetailed, parseAnswer, MAX_ANSWER_LENGTH } from "./grade/grade.js";
export type { GradeOptions, GradeReason, GradeResult } from "./grade/grade.js";
export { stripMathString } from "./grade/strip.js";

export type { MathNode } from "./grade/ast.js";
export { mathEquivalence } from "./metric.js";
export type { MathEquivalenceOptions } from "./metric.js";

// Sandboxed Python runner
export { runPython } from "./sandbox/run-python.js";
export type { NetworkIsolation, Protection, RunPythonOptions, RunPythonResult, RunStatus } from "./sandbox/run-python.js";
export { runTests } from "./sandbox/run-tests.js";
export type { RunTestsOptions, RunTestsResult, TestOutcome } from "./sandbox/run-tests.js";
export { stdoutMatches } from "./sandbox/compare.js";

// Loaders
export { deepCoder, DEEPCODER_CONFIGS, DEEPCODER_REPO } from "./loaders/deepcoder.js";
export type { DeepCoderConfig, DeepCoderOptions } from "./loaders/deepcoder.js";
export { humanEval, HUMANEVAL_REPO } from "./loaders/humaneval.js";
export type { HumanEvalOptions, HumanEvalProblem } from "./loaders/humaneval.js";
export { normalizeDeepCoderTests, ensureDict } from "./loaders/normalize-tests.js";
export type { NormalizeTestsResult } from "./loaders/normalize-tests.js";
export type { CodeHubOptions } from "./loaders/hub.js";
export type { SkipReason, SkippedRow, SkipReporting } from "./loaders/skips.js";

// Metric
export { executionMetric, extractLastCodeBlock } from "./metric.js";
export type { ExecutionMetricOptions } from "./metric.js";

// pass@k
export { passAtK, meanPassAtK } from "./pass-at-k.js";

// Sandboxed Python runner
export { runPython } from "./sandbox/run-python.js";
export type { NetworkIsolation, RunPythonOptions, RunPythonResult, RunStatus } from "./sandbox/run-python.js";
export { runTests } from "./sandbox/run-tests.js";
export type { RunTestsOptions, RunTestsResult, TestOutcome } from "./sandbox/run-tests.js";
export { stdoutMatches } from "./sandbox/compare.js";

import { randomUUID } from "node:crypto";
import type { CodeProblem, CodeTestCase } from "@crucible/types";
import { stdoutMatches } from "./compare.js";
import { canIsolateNetwork, type NetworkIsolation, type RunPythonOptions, type RunStatus, runPython } from "./run-python.js";

/** Options of {@link runTests}: the limits of each test's run (see {@link RunPythonOptions}) and early stop. */
export interface RunTestsOptions extends Omit<RunPythonOptions, "stdin" | "timeoutMs"> {
  /** Wall-clock limit per test in ms. Default `6000` (the cookbook's per-test timeout). */
  timeoutMs?: number;
  /** Stop after the first failing test (the rest are reported as not run). Default `false`. */
  stopOnFirstFailure?: boolean;
}

/** The outcome of one test. */
export interface TestOutcome {
  /** Index of the test in `problem.tests`. */
  index: number;
  kind: CodeTestCase["kind"];
  passed: boolean;
  /** The run's status; `"skipped"` when not run because of `stopOnFirstFailure`. */
  status: RunStatus | "skipped";
  /** Why the test failed, when it did: `wrong-output`, `missing-fn-name`, `bad-test-json`, or the run status. */
  reason?: string;
  /** The program's stdout (for functional tests: the repr of the returned value, when available). */
  actual?: string;
  /** The run's stderr (truncated to 2,000 characters). */
  stderr?: string;
  durationMs: number;
}

/** The result of {@link runTests}. */
export interface RunTestsResult {
  /** True when every test passed (and there was at least one). */
  passed: boolean;
  /** Number of tests passed. */
  passedCount: number;
  tests: TestOutcome[];
  /** Whether the runs were network-isolated. */
  network: NetworkIsolation;
}

// Functional (call-based) driver, after LiveCodeBench's call-based grading: each input line is a JSON value (one
// argument), the output is one JSON value; `class Solution` methods are preferred, tuples compare as lists.
const FUNCTIONAL_DRIVER = `
import json, sys
_p = json.loads(sys.stdin.read())
sys.stdin = open("/dev/null")
_ns = {"__name__": "__main__"}
exec(compile(_p["solution"], "solution.py", "exec"), _ns)
_name = _p["fn"]
_sol = _ns.get("Solution")
_fn = getattr(_sol(), _name) if isinstance(_sol, type) and hasattr(_sol, _name) else _ns[_name]
try:
    _args = [json.loads(_l) for _l in _p["input"].split("\\n")]
    _expected = json.loads(_p["output"])
except ValueError as _e:
    sys.stdout.write("\\n" + _p["marker"] + json.dumps({"badJson": str(_e)}))
    sys.exit(0)
_got = _fn(*_args)
if isinstance(_got, tuple):
    _got = list(_got)
sys.stdout.write("\\n" + _p["marker"] + json.dumps({"ok": bool(_got == _expected), "got": repr(_got)[:2000]}))
`;

async function runOne(test: CodeTestCase, index: number, solution: string, opts: RunPythonOptions): Promise<TestOutcome> {
  const base = { index, kind: test.kind };
  if (test.kind === "stdin") {
    const r = await runPython(solution, { ...opts, stdin: test.input });
    const passed = r.status === "ok" && stdoutMatches(r.stdout, test.output);
    return {
      ...base,
      passed,
      status: r.status,
      ...(passed ? {} : { reason: r.status === "ok" ? "wrong-output" : r.status }),
      actual: r.stdout,
      stderr: r.stderr.slice(0, 2000),
      durationMs: r.durationMs,
    };
  }
  if (test.kind === "assert") {
    const r = await runPython(`${solution}\n\n${test.input}\n`, opts);
    const passed = r.status === "ok";
    return {
      ...base,
      passed,
      status: r.status,
      ...(passed ? {} : { reason: r.status }),
      actual: r.stdout,
      stderr: r.stderr.slice(0, 2000),
      durationMs: r.durationMs,
    };
  }
  if (!test.fnName) return { ...base, passed: false, status: "error", reason: "missing-fn-name", durationMs: 0 };
  const marker = `__CRUCIBLE_RESULT_${randomUUID()}__`;
  const payload = JSON.stringify({ solution, fn: test.fnName, input: test.input, output: test.output, marker });
  const r = await runPython(FUNCTIONAL_DRIVER, { ...opts, stdin: payload });
  const at = r.stdout.lastIndexOf(marker);
  let verdict: { ok?: boolean; got?: string; badJson?: string } = {};
  if (r.status === "ok" && at >= 0) {
    try {
      verdict = JSON.parse(r.stdout.slice(at + marker.length)) as typeof verdict;
    } catch {
      verdict = {};
    }
  }
  const passed = verdict.ok === true;
  const reason = passed ? undefined : r.status !== "ok" ? r.status : verdict.badJson !== undefined ? "bad-test-json" : "wrong-output";
  return {
    ...base,
    passed,
    status: r.status,
    ...(reason ? { reason } : {}),
    ...(verdict.got !== undefined ? { actual: verdict.got } : {}),
    stderr: (verdict.badJson ?? r.stderr).slice(0, 2000),
    durationMs: r.durationMs,
  };
}

/**
 * Runs a solution against a problem's tests, one sandboxed {@link runPython} process per test, in order.
 * - `stdin` tests: the solution reads `input` on stdin; its stdout must match `output` as LiveCodeBench's
 *   `grade_stdio` compares them (see {@link stdoutMatches}: stripped lines, numeric tokens compared as decimals).
 * - `functional` tests: the solution is executed, then `fnName` (a `Solution` class method when there is one) is
 *   called with each `\n`-separated line of `input` parsed as JSON, and the result compared with `output` parsed as
 *   JSON (tuples as lists). Inputs that are not JSON (e.g. TACO's Python-repr inputs, kept as the cookbook keeps them)
 *   fail with reason `bad-test-json`.
 * - `assert` tests (HumanEval): `solution + "\n\n" + input` must exit with code 0.
 * The functional verdict is read from a per-run random marker in stdout; the grading is not hardened against code
 * that deliberately tampers with its own process.
 * @param problem - The problem whose `tests` to run.
 * @param solution - The full Python program (for HumanEval: prompt + completion).
 * @param options - Per-test `timeoutMs` (default 6000), `memoryMb` (default 512), `stopOnFirstFailure` (default false),
 *   and the other {@link RunPythonOptions}.
 * @returns Per-test outcomes; `passed` is true only when all tests pass and there is at least one.
 */
export async function runTests(
  problem: Pick<CodeProblem, "tests">,
  solution: string,
  options: RunTestsOptions = {},
): Promise<RunTestsResult> {
  const { stopOnFirstFailure = false, timeoutMs = 6000, ...rest } = options;
  const opts: RunPythonOptions = { ...rest, timeoutMs };
  const tests: TestOutcome[] = [];
  let failed = false;
  for (const [index, test] of problem.tests.entries()) {
    if (failed && stopOnFirstFailure) {
      tests.push({ index, kind: test.kind, passed: false, status: "skipped", reason: "not-run", durationMs: 0 });
      continue;
    }
    const outcome = await runOne(test, index, solution, opts);
    tests.push(outcome);
    if (!outcome.passed) failed = true;
  }
  const network: NetworkIsolation = opts.isolateNetwork !== false && (await canIsolateNetwork()) ? "isolated" : "not isolated";
  const passedCount = tests.filter((t) => t.passed).length;
  return { passed: problem.tests.length > 0 && passedCount === problem.tests.length, passedCount, tests, network };
}

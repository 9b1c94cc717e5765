import type { CodeTestCase } from "@crucible/types";
import { dictGet, dictHas, dictSize, isPyDict, PyFloat, type PyDict, PyJsonDecodeError, pyJsonLoads, pyTruthy } from "./pyjson.js";
import { pyStr } from "./pyrepr.js";

/** The outcome of {@link normalizeDeepCoderTests}: the tests, or why the cell was rejected. */
export type NormalizeTestsResult = { ok: true; tests: CodeTestCase[] } | { ok: false; detail: string };

/** `json.loads`, or `undefined` where Python raises `JSONDecodeError` (the error goes to `onError`). */
function loads(text: string, onError?: (message: string) => void): { value: unknown } | undefined {
  try {
    return { value: pyJsonLoads(text) };
  } catch (error) {
    if (!(error instanceof PyJsonDecodeError)) throw error;
    onError?.(error.message);
    return undefined;
  }
}

/** The cookbook's `_ensure_dict`, keeping the parsed dict as Python sees it (a `Map`). @internal */
export function ensurePyDict(value: unknown): PyDict {
  const v = typeof value === "string" ? loads(value)?.value : value;
  return isPyDict(v) ? v : new Map();
}

/** A parsed dict as a plain object: ints as numbers when safe (else bigint), floats as numbers. */
function toPlain(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === "bigint")
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  return value;
}

/**
 * The cookbook's `_ensure_dict` for a `metadata` cell: a JSON string is parsed (Python `json.loads`); anything that is
 * not an object (including unparsable JSON) becomes `{}`.
 * @param value - The raw `metadata` cell.
 * @returns A plain object (integers past 2^53 stay `bigint`).
 */
export function ensureDict(value: unknown): Record<string, unknown> {
  const d = ensurePyDict(value);
  return d instanceof Map ? (toPlain(d) as Record<string, unknown>) : d;
}

/** The elements Python's `seq[i]` reaches for a TACO `inputs`/`outputs` value, or why `len()`/indexing raises. */
function tacoSequence(value: unknown, name: string): unknown[] | string {
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return Array.from(value); // Python indexes a str by code point
  if (value instanceof Uint8Array) return Array.from(value, (b) => BigInt(b));
  if (isPyDict(value) && dictSize(value) === 0) return []; // falsy, never indexed
  if (isPyDict(value)) return `\`${name}\` is a non-empty object (Python KeyError on ${name}[0])`;
  return `\`${name}\` has no length (Python TypeError: ${value === null || value === undefined ? "None" : typeof value})`;
}

/**
 * The cookbook's `taco_to_lcb_format` (`tinker_cookbook/recipes/code_rl/code_grading.py`): one case per index up to
 * the longer list, a missing element padded with element 0 of its list or `""` when that list is empty, a list
 * output replaced by its first element (`""` when empty); functional (`metadata.func_name` = `fn_name`, even `null`)
 * whenever the dict has an `fn_name` key, else `stdin_stdout`.
 */
function tacoToLcb(tests: PyDict): Map<string, unknown>[] | string {
  const inputs = tacoSequence(dictGet(tests, "inputs"), "inputs");
  if (typeof inputs === "string") return inputs;
  const outputs = tacoSequence(dictGet(tests, "outputs"), "outputs");
  if (typeof outputs === "string") return outputs;
  const n = Math.max(inputs.length, outputs.length);
  const functional = dictHas(tests, "fn_name");
  const out: Map<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const input = i < inputs.length ? inputs[i] : inputs.length > 0 ? inputs[0] : "";
    let output = i < outputs.length ? outputs[i] : outputs.length > 0 ? outputs[0] : "";
    if (Array.isArray(output)) output = output.length > 0 ? output[0] : "";
    const metadata = new Map<string, unknown>(functional ? [["func_name", dictGet(tests, "fn_name")]] : []);
    out.push(
      new Map<string, unknown>([
        ["input", input],
        ["output", output],
        ["metadata", metadata],
        ["testtype", functional ? "functional" : "stdin_stdout"],
      ]),
    );
  }
  return out;
}

/** The elements `for test in tests or []` visits, or why Python raises. */
function iterate(tests: unknown): unknown[] | string {
  if (!pyTruthy(tests)) return [];
  if (Array.isArray(tests)) return tests;
  if (typeof tests === "string") return Array.from(tests);
  if (tests instanceof Uint8Array) return Array.from(tests);
  return `tests must be a list or an object, got ${tests instanceof PyFloat ? "float" : typeof tests} (Python TypeError)`;
}

/**
 * Normalises a DeepCoder `tests` cell as the cookbook's `_normalize_tests`
 * (`tinker_cookbook/recipes/code_rl/code_env.py`) does, into {@link CodeTestCase}s:
 * - a JSON string is parsed with Python `json.loads` semantics (ints exact, `1.0` stays a float, `NaN`/`Infinity`
 *   accepted); unparsable JSON → `{ ok: false }` (the cookbook drops the row);
 * - a dict with `inputs` and `outputs` (TACO) goes through `taco_to_lcb_format` (empty lists padded with `""`,
 *   functional whenever `fn_name` is present, even `null`); any other dict is wrapped in a list;
 * - entries that are not dicts are skipped (not the row); for each case, `testtype` (falsy → `stdin_stdout`) decides
 *   the kind: `"functional"` → `functional` with `fnName` = `str()` of the case's `metadata.func_name` (its
 *   `metadata` may be a JSON string) `or` the row's `metadata.func_name` (an empty or missing case name falls back to
 *   the row's), anything else → `stdin`;
 * - `input`/`output` go through Python `str()` (`None`, `True`, `['a', 1]`, `1.0`, `1e+20`).
 * @param tests - The raw `tests` cell (JSON string, or an already decoded value).
 * @param rowMetadata - The row's metadata after {@link ensureDict}.
 * @returns The tests (possibly empty: the cookbook drops such a row), or a detail saying why the cell is malformed
 *   (unparsable JSON, or a shape on which the cookbook's code raises).
 */
export function normalizeDeepCoderTests(
  tests: unknown,
  rowMetadata: Record<string, unknown> | ReadonlyMap<string, unknown>,
): NormalizeTestsResult {
  let value = tests;
  if (typeof value === "string") {
    let detail = "";
    const parsed = loads(value, (m) => (detail = m));
    if (!parsed) return { ok: false, detail: `tests is not valid JSON: ${detail}` };
    value = parsed.value;
  }
  if (isPyDict(value) && dictHas(value, "inputs") && dictHas(value, "outputs")) {
    const converted = tacoToLcb(value);
    if (typeof converted === "string") return { ok: false, detail: `TACO tests: ${converted}` };
    value = converted;
  } else if (isPyDict(value)) {
    value = [value];
  }
  const entries = iterate(value);
  if (typeof entries === "string") return { ok: false, detail: entries };
  const out: CodeTestCase[] = [];
  for (const test of entries) {
    if (!isPyDict(test)) continue;
    const input = pyStr(dictHas(test, "input") ? dictGet(test, "input") : "");
    const output = pyStr(dictHas(test, "output") ? dictGet(test, "output") : "");
    if (dictGet(test, "testtype") !== "functional") {
      out.push({ kind: "stdin", input, output });
      continue;
    }
    const caseName = dictGet(ensurePyDict(dictHas(test, "metadata") ? dictGet(test, "metadata") : new Map()), "func_name");
    const chosen = pyTruthy(caseName) ? caseName : dictGet(rowMetadata as PyDict, "func_name");
    // `if func_name is not None: str(func_name)`; otherwise the case keeps its own (falsy) name: unusable, left out
    const fnName = chosen !== null && chosen !== undefined ? pyStr(chosen) : undefined;
    out.push(fnName ? { kind: "functional", input, output, fnName } : { kind: "functional", input, output });
  }
  return { ok: true, tests: out };
}

import type { CodeTestCase } from "@crucible/types";
import { pyStr } from "./pyrepr.js";

/** The outcome of {@link normalizeDeepCoderTests}: the tests, or why the cell was rejected. */
export type NormalizeTestsResult = { ok: true; tests: CodeTestCase[] } | { ok: false; detail: string };

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The cookbook's `_ensure_dict` for the `metadata` column: a JSON string is parsed; anything that is not an object
 * (including unparsable JSON) becomes `{}`.
 * @param value - The raw `metadata` cell.
 * @returns A plain object.
 */
export function ensureDict(value: unknown): Dict {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  return isDict(v) ? v : {};
}

/** The cookbook's `taco_to_lcb_format`: one case per index up to the longer list, padded with element 0. */
function tacoToLcb(tests: Dict): Dict[] | string {
  const inputs = tests.inputs;
  const outputs = tests.outputs;
  if (!Array.isArray(inputs) || !Array.isArray(outputs)) return "`inputs` and `outputs` must be lists";
  const n = Math.max(inputs.length, outputs.length);
  if (n > 0 && (inputs.length === 0 || outputs.length === 0)) return "one of `inputs`/`outputs` is empty while the other is not (Python IndexError)";
  const fnName = tests.fn_name;
  const functional = fnName !== undefined && fnName !== null && fnName !== "";
  const out: Dict[] = [];
  for (let i = 0; i < n; i++) {
    const input: unknown = i < inputs.length ? inputs[i] : inputs[0];
    let output: unknown = i < outputs.length ? outputs[i] : outputs[0];
    if (Array.isArray(output)) {
      if (output.length === 0) return `outputs[${i}] is an empty list (Python IndexError)`;
      output = output[0];
    }
    out.push(
      functional
        ? { input, output, testtype: "functional", metadata: { func_name: fnName } }
        : { input, output, testtype: "stdin_stdout", metadata: { func_name: null } },
    );
  }
  return out;
}

/**
 * Normalises a DeepCoder `tests` cell as the cookbook's `_normalize_tests` (code_env.py) does, into
 * {@link CodeTestCase}s (reference/datasets.md §4.1):
 * - a JSON string is parsed (failure → `{ ok: false }`, the cookbook drops the row);
 * - a dict with `inputs` and `outputs` (TACO) goes through `taco_to_lcb_format` (one case per index up to the longer
 *   list, padded with element 0; a list output becomes its first element; functional when `fn_name` is set);
 * - any other dict is wrapped in a list; a list (LCB, PrimeIntellect, Codeforces) is used as is;
 * - each case's `input`/`output` go through Python `str()` (so a TACO list input becomes its Python repr,
 *   `None` for null) and `testtype` (not `type`) decides the kind: `"functional"` → `functional` with `fnName` from
 *   the case's or the row's `metadata.func_name`, anything else → `stdin`.
 * @param tests - The raw `tests` cell (JSON string, or an already decoded value).
 * @param rowMetadata - The row's metadata after {@link ensureDict}.
 * @returns The tests (possibly empty), or a detail saying why the cell is malformed.
 */
export function normalizeDeepCoderTests(tests: unknown, rowMetadata: Dict): NormalizeTestsResult {
  let value = tests;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      return { ok: false, detail: `tests is not valid JSON: ${(error as Error).message}` };
    }
  }
  let list: unknown;
  if (isDict(value) && "inputs" in value && "outputs" in value) {
    const converted = tacoToLcb(value);
    if (typeof converted === "string") return { ok: false, detail: `TACO tests: ${converted}` };
    list = converted;
  } else if (isDict(value)) {
    list = [value];
  } else {
    list = value;
  }
  if (list === null || list === undefined) return { ok: true, tests: [] };
  if (!Array.isArray(list)) return { ok: false, detail: `tests must be a list or an object, got ${typeof list}` };
  const out: CodeTestCase[] = [];
  for (const [i, test] of list.entries()) {
    if (!isDict(test)) return { ok: false, detail: `tests[${i}] is not an object` };
    const input = pyStr("input" in test ? test.input : "");
    const output = pyStr("output" in test ? test.output : "");
    const testtype = test.testtype;
    if (testtype === "functional") {
      const meta = isDict(test.metadata) ? test.metadata : {};
      const name = meta.func_name ?? rowMetadata.func_name;
      out.push(typeof name === "string" && name !== "" ? { kind: "functional", input, output, fnName: name } : { kind: "functional", input, output });
    } else {
      out.push({ kind: "stdin", input, output });
    }
  }
  return { ok: true, tests: out };
}

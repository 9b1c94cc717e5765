import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ensureDict, ensurePyDict, normalizeDeepCoderTests } from "./normalize-tests.js";
import { PyFloat, PyJsonDecodeError, pyJsonLoads } from "./pyjson.js";
import { pyFloatRepr, pyStr } from "./pyrepr.js";

type Want = "malformed" | "dropped" | Array<{ kind: string; input: string; output: string; fnName?: string }>;

// (tests cell, metadata cell, expected). The expectations were produced by running the cookbook's own
// `_ensure_dict`, `_normalize_tests` and `taco_to_lcb_format` (tinker-cookbook commit 9dfcc3a, code_env.py and
// code_grading.py) on these cells: "dropped" = it returned no tests (the row is skipped), "malformed" = it raised.
const CASES: Array<[string, unknown, Want]> = [
  ['{"inputs": [], "outputs": ["a"]}', "{}", [{ kind: "stdin", input: "", output: "a" }]],
  [
    '{"inputs": ["1\\n", "2\\n"], "outputs": []}',
    "{}",
    [
      { kind: "stdin", input: "1\n", output: "" },
      { kind: "stdin", input: "2\n", output: "" },
    ],
  ],
  [
    '{"inputs": ["1\\n", "2\\n"], "outputs": [[]]}',
    "{}",
    [
      { kind: "stdin", input: "1\n", output: "" },
      { kind: "stdin", input: "2\n", output: "" },
    ],
  ],
  [
    '{"inputs": [[1, 2.0, 1e20, -0.0, 3.5e-7]], "outputs": [[[1.0]]], "fn_name": null}',
    '{"func_name": "solve"}',
    [{ kind: "functional", input: "[1, 2.0, 1e+20, -0.0, 3.5e-07]", output: "[1.0]", fnName: "solve" }],
  ],
  ['{"inputs": [[1]], "outputs": [2], "fn_name": null}', "{}", [{ kind: "functional", input: "[1]", output: "2" }]],
  [
    '[{"input": "1", "output": "2", "testtype": "functional", "metadata": "{\\"func_name\\": \\"f\\"}"}]',
    '{"func_name": "g"}',
    [{ kind: "functional", input: "1", output: "2", fnName: "f" }],
  ],
  [
    '[{"input": "1", "output": "2", "testtype": "functional", "metadata": {"func_name": ""}}]',
    '{"func_name": "rowname"}',
    [{ kind: "functional", input: "1", output: "2", fnName: "rowname" }],
  ],
  [
    '[{"input": "1", "output": "2", "testtype": "functional", "metadata": {"func_name": 12}}]',
    "{}",
    [{ kind: "functional", input: "1", output: "2", fnName: "12" }],
  ],
  [
    '[{"input": "1", "output": "2", "testtype": "functional", "metadata": {"func_name": 1.0}}]',
    "{}",
    [{ kind: "functional", input: "1", output: "2", fnName: "1.0" }],
  ],
  ['[1, "x", null, {"input": "a", "output": "b"}, [2]]', "{}", [{ kind: "stdin", input: "a", output: "b" }]],
  [
    '[{"input": 1e20, "output": 1.0}, {"input": NaN, "output": Infinity}, {"input": -Infinity, "output": 12345678901234567890}]',
    "{}",
    [
      { kind: "stdin", input: "1e+20", output: "1.0" },
      { kind: "stdin", input: "nan", output: "inf" },
      { kind: "stdin", input: "-inf", output: "12345678901234567890" },
    ],
  ],
  [
    '[{"input": {"b": 1, "1": [true, null]}, "output": "it\'s \\"q\\" \\u0085\\u200b\\ud800"}]',
    "{}",
    [{ kind: "stdin", input: "{'b': 1, '1': [True, None]}", output: 'it\'s "q" \u0085\u200b\ud800' }],
  ],
  ['[{"input": "x", "output": "y", "testtype": ""}]', "{}", [{ kind: "stdin", input: "x", output: "y" }]],
  ['[{"input": "x", "output": "y", "testtype": "functional"}]', "{}", [{ kind: "functional", input: "x", output: "y" }]],
  [
    '[{"input": "x", "output": "y", "testtype": "functional", "metadata": "not json"}]',
    '{"func_name": 7}',
    [{ kind: "functional", input: "x", output: "y", fnName: "7" }],
  ],
  ['"abc"', "{}", "dropped"],
  ["5", "{}", "malformed"],
  ["null", "{}", "dropped"],
  ['{"input": "solo", "output": "dict"}', "{}", [{ kind: "stdin", input: "solo", output: "dict" }]],
  [
    '{"inputs": "ab", "outputs": ["x"]}',
    "{}",
    [
      { kind: "stdin", input: "a", output: "x" },
      { kind: "stdin", input: "b", output: "x" },
    ],
  ],
  ['{"inputs": null, "outputs": ["x"]}', "{}", "malformed"],
  ['{"inputs": {}, "outputs": ["x"]}', "{}", [{ kind: "stdin", input: "", output: "x" }]],
  ['{"inputs": {"k": 1}, "outputs": ["x"]}', "{}", "malformed"],
  [
    '[{"input": 1.5e16, "output": 0.0001}, {"input": 1e-5, "output": 100.0}]',
    "{}",
    [
      { kind: "stdin", input: "1.5e+16", output: "0.0001" },
      { kind: "stdin", input: "1e-05", output: "100.0" },
    ],
  ],
  ['{"inputs": ["a"], "outputs": ["b"], "fn_name": 0}', "{}", [{ kind: "functional", input: "a", output: "b" }]],
  ['[{"input": "a"}]', "[1, 2]", [{ kind: "stdin", input: "a", output: "" }]],
  [
    '[{"input": ["it\'s", "a\\"b", "both \' \\"", "\\u0085\\u200b\\u007f\\t\\u00e9\\ud83d\\ude00", "\\\\"], "output": {"k": [1, 2.5]}}]',
    "{}",
    [
      {
        kind: "stdin",
        input: "[\"it's\", 'a\"b', 'both \\' \"', '\\x85\\u200b\\x7f\\t\u00e9\ud83d\ude00', '\\\\']",
        output: "{'k': [1, 2.5]}",
      },
    ],
  ],
  [
    '[{"input": "1", "output": "2", "testtype": "functional", "metadata": {"func_name": null}}]',
    { func_name: "fromrow" },
    [{ kind: "functional", input: "1", output: "2", fnName: "fromrow" }],
  ],
  ['[{"input": 1, "output": 2,}]', "{}", "dropped"],
];

describe("normalizeDeepCoderTests follows the cookbook's _normalize_tests / taco_to_lcb_format", () => {
  it.each(CASES.map((c, i) => [i, ...c] as const))("case %i: %s", (_i, tests, metadata, want) => {
    const got = normalizeDeepCoderTests(tests, ensurePyDict(metadata));
    if (want === "malformed") expect(got.ok).toBe(false);
    else if (want === "dropped") expect(got.ok ? got.tests : []).toEqual([]);
    else expect(got).toEqual({ ok: true, tests: want });
  });

  it("reports why a cell is malformed", () => {
    expect(normalizeDeepCoderTests("[{", {})).toMatchObject({ ok: false, detail: expect.stringMatching(/not valid JSON/) });
    expect(normalizeDeepCoderTests('{"inputs": null, "outputs": ["x"]}', {})).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/TypeError/),
    });
    expect(normalizeDeepCoderTests("5", {})).toMatchObject({ ok: false, detail: expect.stringMatching(/TypeError/) });
  });

  it("accepts already decoded cells and plain-object metadata (the public ensureDict)", () => {
    expect(ensureDict('{"func_name": "f", "n": 12345678901234567890, "x": 1.5}')).toEqual({
      func_name: "f",
      n: 12345678901234567890n,
      x: 1.5,
    });
    expect(ensureDict("not json")).toEqual({});
    expect(ensureDict([1])).toEqual({});
    const decoded = { inputs: [[1, 2]], outputs: [[3]], fn_name: null };
    expect(normalizeDeepCoderTests(decoded, { func_name: "add" })).toEqual({
      ok: true,
      tests: [{ kind: "functional", input: "[1, 2]", output: "3", fnName: "add" }],
    });
  });
});

describe("pyJsonLoads is Python's json.loads", () => {
  it("keeps ints exact, floats as floats, dict order and the last duplicate's value", () => {
    expect(pyJsonLoads("12345678901234567890")).toBe(12345678901234567890n);
    expect(pyJsonLoads("1.0")).toEqual(new PyFloat(1));
    expect(pyJsonLoads("-0")).toBe(0n);
    expect(pyJsonLoads(" [1e400, NaN, -Infinity] ")).toEqual([new PyFloat(Infinity), new PyFloat(Number.NaN), new PyFloat(-Infinity)]);
    const d = pyJsonLoads('{"b": 1, "1": 2, "b": 3}') as Map<string, unknown>;
    expect([...d]).toEqual([
      ["b", 3n],
      ["1", 2n],
    ]);
    expect(pyJsonLoads('"\\ud83d\\ude00 \\ud800"')).toBe("\u{1F600} \ud800");
  });

  it.each(["", "[1,]", "01", "1.", "'a'", '"\u0001"', "\ufeff1", "[1] x", "{1: 2}", "nul", "+1", '"\\x41"'])(
    "rejects %j as Python does",
    (text) => {
      expect(() => pyJsonLoads(text)).toThrow(PyJsonDecodeError);
    },
  );
});

describe("pyStr / pyFloatRepr print as Python's str() / repr()", () => {
  it("floats", () => {
    const table: Array<[number, string]> = [
      [1e20, "1e+20"],
      [1, "1.0"],
      [1e-5, "1e-05"],
      [1e-4, "0.0001"],
      [0.1, "0.1"],
      // biome-ignore lint/correctness/noPrecisionLoss: the rounding is what this case checks
      [123456789012345678, "1.2345678901234568e+17"],
      [1e16, "1e+16"],
      [9999999999999998, "9999999999999998.0"],
      [1.5e16, "1.5e+16"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [-2.5, "-2.5"],
      [100, "100.0"],
      [1234.5678, "1234.5678"],
      [2 ** 53, "9007199254740992.0"],
      [0.3, "0.3"],
      [-0, "-0.0"],
      [Number.NaN, "nan"],
      [-Infinity, "-inf"],
    ];
    for (const [x, want] of table) expect(pyFloatRepr(x), String(x)).toBe(want);
  });

  it("containers and strings", () => {
    expect(pyStr(pyJsonLoads('[null, true, "it\'s", {"a": [1.0, 2]}]'))).toBe(`[None, True, "it's", {'a': [1.0, 2]}]`);
    expect(pyStr(["\u0085\u200b\x7f\té😀"])).toBe("['\\x85\\u200b\\x7f\\té😀']");
    expect(pyStr("plain")).toBe("plain");
  });

  // optional: compare random doubles with python3 itself when it is installed
  const python = spawnSync("python3", ["-c", "print(1)"], { encoding: "utf8" }).status === 0;
  it.skipIf(!python)("agrees with python3 repr() on 2,000 random doubles", () => {
    const view = new DataView(new ArrayBuffer(8));
    const xs: number[] = [];
    let seed = 12345;
    while (xs.length < 2000) {
      for (let i = 0; i < 8; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        view.setUint8(i, seed >>> 24);
      }
      const x = view.getFloat64(0);
      if (Number.isFinite(x)) xs.push(xs.length % 2 ? x : Number((x % 1e6).toPrecision(1 + (xs.length % 17))));
    }
    const r = spawnSync(
      "python3",
      ["-c", "import sys,struct\nfor h in sys.stdin.read().split(): print(repr(struct.unpack('>d', bytes.fromhex(h))[0]))"],
      {
        input: xs
          .map((x) => (view.setFloat64(0, x), Array.from({ length: 8 }, (_, i) => view.getUint8(i).toString(16).padStart(2, "0")).join("")))
          .join("\n"),
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(0);
    expect(xs.map(pyFloatRepr)).toEqual(r.stdout.trim().split("\n"));
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runTests } from "../sandbox/run-tests.js";
import { type Harness, startHarness, stringParquet, writeRepo } from "../test-support/fixtures.js";
import { deepCoder } from "./deepcoder.js";
import { humanEval } from "./humaneval.js";
import type { SkippedRow } from "./skips.js";

const README = `---
configs:
- config_name: primeintellect
  data_files:
  - split: train
    path: primeintellect/train-*
- config_name: taco
  data_files:
  - split: train
    path: taco/train-*
- config_name: lcbv5
  data_files:
  - split: train
    path: lcbv5/train-*
  - split: test
    path: lcbv5/test-*
- config_name: codeforces
  data_files:
  - split: test
    path: codeforces/test-*
---
`;
const j = JSON.stringify;

// The dataset's formats: PrimeIntellect / TACO / LiveCodeBench / Codeforces tests, plus edge cells.
const prime = {
  problem: ["Add two numbers.", "Broken tests.", ""],
  tests: [
    j([
      { type: "stdin_stdout", input: "1 2\n", output: "3\n" },
      { type: "stdin_stdout", input: "5 5\n", output: "10\n" },
    ]),
    '[{"input": "1", "output": ',
    j([{ type: "stdin_stdout", input: "1", output: "1" }]),
  ],
  metadata: [j({}), j({}), j({})],
};
const taco = {
  problem: ["Sum a list (functional).", "Echo (stdin).", "No tests.", "Null fn_name.", "Empty output.", "  \n "],
  tests: [
    j({ inputs: [[[1, 2, 3]], [["a", "b"]]], outputs: [[6]], fn_name: "total" }),
    j({ inputs: ["x\n", "y\n", "z\n"], outputs: ["x\n", "y\n"] }),
    j([]),
    '{"inputs": [], "outputs": [[7.0], [1e20]], "fn_name": null}',
    j({ inputs: ["1\n"], outputs: [[]] }),
    j({ inputs: ["1\n"], outputs: ["1\n"] }),
  ],
  metadata: ["not json", j([1, 2]), j({}), j({ func_name: "solve" }), j({}), j({})],
};
const lcb = {
  question: ["Twice (functional).", "Read and print.", "Mixed entries."],
  tests: [
    j([
      { input: "3", output: "6", testtype: "functional" },
      { input: "0", output: "0", testtype: "functional", metadata: j({ func_name: "" }) },
    ]),
    j([
      { input: "hi\n", output: "hi\n", testtype: "stdin" },
      { input: null, output: 5 },
    ]),
    '[1, "x", null, {"input": "a", "output": 1e20}, {"input": "b", "output": "c", "testtype": "functional", "metadata": "{\\"func_name\\": 3}"}]',
  ],
  metadata: [j({ func_name: "twice" }), j({}), j({})],
  starter_code: ["class Solution:\n    def twice(self, x: int) -> int:\n        ", "", " \n"],
};
const cf = { problem: ["Min and max."], tests: [j([{ input: "1\n3 2", output: "2 3" }])], metadata: [j({})] };

const humanEvalRows = {
  task_id: ["HumanEval/0", "HumanEval/1"],
  prompt: ['def add(a, b):\n    """Add."""\n', 'def neg(a):\n    """Negate."""\n'],
  entry_point: ["add", "neg"],
  canonical_solution: ["    return a + b\n", "    return -a\n"],
  test: ["\n\ndef check(candidate):\n    assert candidate(2, 3) == 5\n", "\n\ndef check(candidate):\n    assert candidate(2) == -2\n"],
};

describe("code loaders on a fixture Hub (self-contained)", () => {
  let root: string;
  let h: Harness;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "crucible-code-fixture-"));
    writeRepo(root, "agentica-org/DeepCoder-Preview-Dataset", {
      "README.md": README,
      "primeintellect/train-00000-of-00001.parquet": stringParquet(prime),
      "taco/train-00000-of-00001.parquet": stringParquet(taco),
      "lcbv5/train-00000-of-00001.parquet": stringParquet(lcb),
      "lcbv5/test-00000-of-00001.parquet": stringParquet({
        question: ["t"],
        tests: [j([{ input: "1", output: "1", testtype: "stdin" }])],
        metadata: ["{}"],
        starter_code: [""],
      }),
      "codeforces/test-00000-of-00001.parquet": stringParquet(cf),
    });
    writeRepo(root, "openai/openai_humaneval", {
      "README.md":
        "---\nconfigs:\n- config_name: openai_humaneval\n  data_files:\n  - split: test\n    path: openai_humaneval/test-*\n---\n",
      "openai_humaneval/test-00000-of-00001.parquet": stringParquet(humanEvalRows),
    });
    h = await startHarness(root);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("primeintellect: `type` is ignored (stdin), malformed JSON and empty problems are reported", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await deepCoder({ ...h.hub, config: "primeintellect", onSkip: (s) => skipped.push(s) });
    expect(ds.length).toBe(1);
    const p = ds.at(0);
    expect(p.id).toBe("agentica-org/DeepCoder-Preview-Dataset/primeintellect/train/0");
    expect(p.tests).toEqual([
      { kind: "stdin", input: "1 2\n", output: "3\n" },
      { kind: "stdin", input: "5 5\n", output: "10\n" },
    ]);
    expect(p.source).toMatchObject({ repo: "agentica-org/DeepCoder-Preview-Dataset", config: "primeintellect", split: "train", index: 0 });
    expect(p.raw?.problem).toBe("Add two numbers.");
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, "malformed-tests"],
      [2, "empty-problem"],
    ]);
    expect(skipped[0]?.detail).toMatch(/not valid JSON/);
    const result = await runTests(p, "a, b = map(int, input().split())\nprint(a + b)\n");
    expect(result.passed).toBe(true);
  });

  it("taco: inputs/outputs dict → padded cases, list outputs unwrapped, Python str() inputs", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await deepCoder({ ...h.hub, config: "taco", onSkip: (s) => skipped.push(s) });
    expect(ds.length).toBe(4);
    expect(ds.at(0).tests).toEqual([
      { kind: "functional", input: "[[1, 2, 3]]", output: "6", fnName: "total" },
      { kind: "functional", input: "[['a', 'b']]", output: "6", fnName: "total" },
    ]);
    expect(ds.at(0).entryPoint).toBe("total");
    expect(ds.at(1).tests).toEqual([
      { kind: "stdin", input: "x\n", output: "x\n" },
      { kind: "stdin", input: "y\n", output: "y\n" },
      { kind: "stdin", input: "z\n", output: "x\n" },
    ]);
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([
      [2, "no-tests"],
      [5, "empty-problem"],
    ]);
    // `fn_name: null` is still functional, named from the row's metadata; empty inputs pad with "", floats as str()
    expect(ds.at(2).tests).toEqual([
      { kind: "functional", input: "", output: "7.0", fnName: "solve" },
      { kind: "functional", input: "", output: "1e+20", fnName: "solve" },
    ]);
    expect(ds.at(2).entryPoint).toBe("solve");
    // an empty output list becomes ""
    expect(ds.at(3).tests).toEqual([{ kind: "stdin", input: "1\n", output: "" }]);
    // The first TACO input is valid JSON by accident; the repr one is not — as in the cookbook, it fails to parse.
    const r = await runTests(ds.at(0), "def total(xs):\n    return sum(xs) if xs and isinstance(xs[0], int) else 6\n");
    expect(r.tests.map((t) => t.reason ?? "pass")).toEqual(["pass", "bad-test-json"]);
  });

  it("lcbv5: functional tests take func_name from the row metadata; starter code; str(None)", async () => {
    const ds = await deepCoder({ ...h.hub, config: "lcbv5", split: "train" });
    expect(ds.at(0).tests).toEqual([
      { kind: "functional", input: "3", output: "6", fnName: "twice" },
      { kind: "functional", input: "0", output: "0", fnName: "twice" },
    ]);
    expect(ds.at(0).starterCode).toContain("class Solution");
    expect(ds.at(0).problem).toBe("Twice (functional).");
    expect(ds.at(1).tests).toEqual([
      { kind: "stdin", input: "hi\n", output: "hi\n" },
      { kind: "stdin", input: "None", output: "5" },
    ]);
    expect(ds.at(1).starterCode).toBeUndefined();
    // entries that are not objects are skipped, not the row; a numeric case name is str()-ed
    expect(ds.at(2).tests).toEqual([
      { kind: "stdin", input: "a", output: "1e+20" },
      { kind: "functional", input: "b", output: "c", fnName: "3" },
    ]);
    expect(ds.at(2).starterCode).toBeUndefined();
    const r = await runTests(ds.at(0), "class Solution:\n    def twice(self, x: int) -> int:\n        return 2 * x\n");
    expect(r.passed).toBe(true);
    expect((await deepCoder({ ...h.hub, config: "lcbv5", split: "test" })).length).toBe(1);
  });

  it("codeforces: a list of {input, output}; split strings keep whole-split ids", async () => {
    const ds = await deepCoder({ ...h.hub, config: "codeforces", split: "test[:1]" });
    expect(ds.at(0).tests).toEqual([{ kind: "stdin", input: "1\n3 2", output: "2 3" }]);
    expect(ds.at(0).id).toBe("agentica-org/DeepCoder-Preview-Dataset/codeforces/test/0");
  });

  it("warns once when rows are skipped without onSkip, and rejects unknown configs", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      await deepCoder({ ...h.hub, config: "primeintellect" });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/1 × malformed-tests, 1 × empty-problem/);
    } finally {
      warn.mockRestore();
    }
    await expect(deepCoder({ ...h.hub, config: "nope" as "taco" })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("humanEval: one assert test running check(entry_point); canonical solutions pass, a wrong one fails", async () => {
    const ds = await humanEval(h.hub);
    expect(ds.length).toBe(2);
    const p = ds.at(0);
    expect(p.id).toBe("HumanEval/0");
    expect(p.entryPoint).toBe("add");
    expect(p.tests).toHaveLength(1);
    expect(p.tests[0]?.kind).toBe("assert");
    expect(p.tests[0]?.input).toContain("check(add)");
    for (const q of ds) expect((await runTests(q, q.problem + q.canonicalSolution)).passed).toBe(true);
    expect((await runTests(p, `${p.problem}    return a - b\n`)).passed).toBe(false);
  });
});

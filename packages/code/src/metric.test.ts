import type { CodeProblem } from "@crucible/types";
import { describe, expect, it } from "vitest";
import { executionMetric, extractLastCodeBlock } from "./metric.js";

describe("extractLastCodeBlock", () => {
  it("takes the last fenced block, stripped", () => {
    expect(extractLastCodeBlock("a\n```python\nprint(1)\n```\nthen\n```\nprint(2)\n```")).toBe("print(2)");
    expect(extractLastCodeBlock("no code")).toBeUndefined();
  });
});

describe("executionMetric", () => {
  const problem: CodeProblem = { id: "p", problem: "echo", tests: [{ kind: "stdin", input: "7\n", output: "7" }] };
  it("scores 1 for a passing code block and 0 for a failing one", async () => {
    const m = executionMetric();
    expect(m.name).toBe("pass@1");
    expect(await m.score("Here:\n```python\nprint(input())\n```", problem)).toBe(1);
    expect(await m.score("```python\nprint(8)\n```", problem)).toBe(0);
  });
  it("accepts a custom solution builder (HumanEval completions)", async () => {
    const he: CodeProblem = { id: "h", problem: "def f():\n", tests: [{ kind: "assert", input: "assert f() == 1\n", output: "" }] };
    const m = executionMetric({ name: "humaneval", solution: (pred, p) => p.problem + pred });
    expect(await m.score("    return 1\n", he)).toBe(1);
    expect(await m.score("    return 2\n", he)).toBe(0);
  });
});

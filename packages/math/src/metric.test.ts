import { describe, expect, it } from "vitest";
import { mathEquivalence } from "./metric.js";

describe("mathEquivalence metric", () => {
  it("scores 1/0 on the extracted final answer and averages", async () => {
    const m = mathEquivalence();
    expect(m.name).toBe("math_equivalence");
    expect(await m.score("so $\\boxed{\\dfrac12}$", "0.5")).toBe(1);
    expect(await m.score("The answer is 0.5.", "\\frac{1}{2}")).toBe(1);
    expect(await m.score("The answer is 2.", "\\frac{1}{2}")).toBe(0);
    expect(await m.score("nothing", "1")).toBe(0);
    expect(m.aggregate?.([1, 0, 1, 1])).toBe(0.75);
    expect(m.aggregate?.([])).toBe(0);
  });

  it("by default (extract: auto) finds the answer in raw text on both sides; lenient extracts the prediction only", async () => {
    const auto = mathEquivalence();
    const solution = "We add: $2 + 3 = \\boxed{5}$ apples.";
    expect(await auto.score("Thus $x <= 2$ is our answer.", "$x \\leq 2$")).toBe(1);
    expect(await auto.score("Final Answer: The final answer is $5$. I hope it is correct.", solution)).toBe(1);
    expect(await auto.score("Final Answer: The final answer is $6$. I hope it is correct.", solution)).toBe(0);
    expect(await auto.score("AZYUK2A", "2")).toBe(0);
    const lenient = mathEquivalence({ extract: "lenient" });
    expect(await lenient.score("The answer is 5.", "5")).toBe(1);
    expect(await lenient.score("The answer is 5.", solution)).toBe(0); // the reference is taken as written
  });

  it("accepts a number as reference", async () => {
    const m = mathEquivalence();
    expect(await m.score("\\boxed{72}", 72 as unknown as string)).toBe(1);
  });

  it("accepts a MathProblem as reference", async () => {
    const m = mathEquivalence();
    expect(await m.score("\\boxed{(1,2]}", { id: "x", problem: "p", answer: "(1, 2]" })).toBe(1);
    expect(await m.score("\\boxed{(1,2)}", { id: "x", problem: "p", answer: "(1, 2]" })).toBe(0);
  });

  it("boxed mode needs a box; none mode grades the whole prediction; name is configurable", async () => {
    const boxed = mathEquivalence({ extract: "boxed", name: "acc" });
    expect(boxed.name).toBe("acc");
    expect(await boxed.score("the answer is 5", "5")).toBe(0);
    expect(await boxed.score("\\boxed{5}", "5")).toBe(1);
    const none = mathEquivalence({ extract: "none" });
    expect(await none.score("x = 5", "5")).toBe(1);
    expect(await none.score("the answer is 5", "5")).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { extractBoxed } from "./boxed.js";
import { extractFinalAnswer } from "./final-answer.js";
import { extractGsm8kAnswer } from "./gsm8k.js";

const value = (r: { ok: boolean; value?: string }) => (r.ok ? r.value : undefined);

describe("extractBoxed (lenient, default)", () => {
  it.each([
    ["The answer is $\\boxed{5}$.", "5"],
    ["\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"],
    ["first \\boxed{1} then \\boxed{2}", "2"],
    ["nested \\boxed{\\boxed{7}}", "\\boxed{7}"],
    ["\\boxed 7", "7"],
    ["\\boxed 7.", "7"],
    ["\\boxed {5}", "5"],
    ["\\fbox{12}", "12"],
    ["stray } brace then \\boxed{3}", "3"],
    ["\\boxed{\\{1,2\\}}", "\\{1,2\\}"],
    ["\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}", "\\left( 3, \\frac{\\pi}{2} \\right)"],
    ["\\boxed{}", ""],
    ["\\boxed{x} and \\fbox{y}", "y"],
    ["\\boxed{\\text{(B)}}", "\\text{(B)}"],
  ])("%s → %s", (text, expected) => {
    expect(value(extractBoxed(text))).toBe(expected);
  });

  it("reports typed failures instead of throwing", () => {
    expect(extractBoxed("no box")).toMatchObject({ ok: false, reason: "no-answer" });
    expect(extractBoxed("\\boxed{12")).toMatchObject({ ok: false, reason: "unbalanced" });
    expect(extractBoxed("\\boxed{1} then \\boxed{2")).toMatchObject({ ok: false, reason: "unbalanced" });
    expect(extractBoxed("}}}{{{")).toMatchObject({ ok: false, reason: "no-answer" });
    expect(extractBoxed("\\boxedx{1}")).toMatchObject({ ok: false });
  });

  it("handles huge adversarial outputs in one pass", () => {
    expect(extractBoxed("\\boxed{".repeat(200_000))).toMatchObject({ ok: false, reason: "unbalanced" });
    expect(extractBoxed("}".repeat(200_000) + "\\boxed{1}")).toMatchObject({ ok: true, value: "1" });
    expect(extractBoxed("} ".repeat(100_000) + "\\boxed{1}", { mode: "cookbook" })).toMatchObject({ ok: false, reason: "unmatched-brace" });
    expect(extractBoxed("{".repeat(100_000) + "\\boxed{2}", { mode: "cookbook" })).toMatchObject({ ok: true, value: "2" });
  });

  it("returns the start offset of the answer", () => {
    const text = "so $x = \\boxed{\\frac{1}{2}}$.";
    const r = extractBoxed(text);
    expect(r.ok && text.slice(r.start, r.start + r.value.length)).toBe("\\frac{1}{2}");
  });
});

describe("extractBoxed (cookbook mode, math_grading.py's extract_boxed)", () => {
  it.each([
    ["\\boxed{5}", "5"],
    ["a \\boxed{1} b \\boxed{2}", "2"],
    ["\\boxed{\\boxed{7}}", "\\boxed{7}"],
    ["\\boxed 7", "7"],
    ["\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"],
  ])("%s → %s", (text, expected) => {
    expect(value(extractBoxed(text, { mode: "cookbook" }))).toBe(expected);
  });
  it("fails where the cookbook raises", () => {
    expect(extractBoxed("\\boxed {5}", { mode: "cookbook" })).toMatchObject({ ok: false, reason: "no-answer" });
    expect(extractBoxed("\\fbox{5}", { mode: "cookbook" })).toMatchObject({ ok: false, reason: "no-answer" });
    expect(extractBoxed("} \\boxed{5}", { mode: "cookbook" })).toMatchObject({ ok: false, reason: "unmatched-brace" });
    expect(extractBoxed("\\boxed{5}}", { mode: "cookbook" })).toMatchObject({ ok: false, reason: "unmatched-brace" });
  });
});

describe("extractGsm8kAnswer (cookbook extract_gsm8k_final_answer)", () => {
  it.each([
    ["Work\n#### 72", "72"],
    ["Work\n#### 1,234", "1234"],
    ["Work\n####: 5", "5"],
    ["Work\n#### : -7", "-7"],
    ["Work\n   #### 8   \n", "8"],
    ["#### 1\nmore\n#### 2", "2"],
    ["inline ####  42 dollars", "42 dollars"],
    ["inline #### 1,000", "1,000"],
    ["Work\r\n#### 3", "3"],
    ["#### 1,000.50", "1000.50"],
  ])("%j → %s", (text, expected) => {
    expect(value(extractGsm8kAnswer(text))).toBe(expected);
  });
  it("reports a missing #### as a typed failure", () => {
    expect(extractGsm8kAnswer("the answer is 5")).toMatchObject({ ok: false, reason: "no-answer" });
  });
});

describe("extractFinalAnswer (lenient, documented precedence)", () => {
  it.each([
    ["Reasoning... so the answer is \\boxed{42}. The answer is 41.", "42", "boxed"],
    ["Work\n#### 1,234", "1234", "hash"],
    ["Thus the answer is 42.", "42", "phrase"],
    ["The final answer is $28\\%$. I hope it is correct.", "28\\%", "phrase"],
    ["Answer: 17", "17", "phrase"],
    ["Final Answer: The largest $n$ is 34.", "34", "phrase"],
    ["Final Answer: The maximum number of points is 19. <|im_start|>user", "19", "phrase"],
    ["The final answer is the pair $(1, 2)$.", "(1, 2)", "phrase"],
    ["The answer is Evelyn.", "Evelyn", "phrase"],
    ["the answer is 12,000,023.", "12,000,023", "phrase"],
    ["the answer is $\\frac{1}{2}$", "\\frac{1}{2}", "phrase"],
    ["the answer is 3 and then the answer is 4.", "4", "phrase"],
    ["We find **12** apples, so **13** in total", "13", "bold"],
    ["We have 3 apples and 5 pears, total 8", "8", "number"],
    ["It costs 1,250 dollars", "1250", "number"],
    ["Probability 3/4 here", "3/4", "number"],
    ["negative -2.5 result", "-2.5", "number"],
    // the inline math span around the last number, when it is a plain value (Math-Verify's last-LaTeX-span rule)
    ["So the ordered pair $(x, y)$ that solves the system is $(7, 6)$. <|im_start|>user", "(7, 6)", "number"],
    ["we get $\\frac{2}{3}$ then", "\\frac{2}{3}", "number"],
    ["the value \\(-\\frac{1}{2}\\) it is", "-\\frac{1}{2}", "number"],
    ["so $x = 5$", "5", "number"],
    ["value $5 \\times 6 = 30$", "30", "number"],
    ["costs $5 and $6", "6", "number"],
  ])("%j → %s (%s)", (text, expected, source) => {
    const r = extractFinalAnswer(text);
    expect(r).toMatchObject({ ok: true, value: expected, source });
  });
  it("reports no answer and an unclosed box", () => {
    expect(extractFinalAnswer("no digits at all")).toMatchObject({ ok: false, reason: "no-answer" });
    expect(extractFinalAnswer("AZYUK2A")).toMatchObject({ ok: false, reason: "no-answer" }); // a digit inside a word
    expect(extractFinalAnswer("the answer is \\boxed{4")).toMatchObject({ ok: false, reason: "unbalanced" });
  });
});

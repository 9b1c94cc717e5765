import { describe, expect, it } from "vitest";
import { answerCandidates, boxedSet, MAX_TEXT_LENGTH } from "./candidates.js";
import { gradeAnswer, gradeAnswerDetailed } from "./grade.js";

describe("boxedSet", () => {
  it("takes the last box, and the boxes written next to it as one answer", () => {
    expect(boxedSet("so $x = \\boxed{\\frac{1}{2}}$.")).toBe("\\frac{1}{2}");
    expect(boxedSet("\\boxed{(2, 2)} \\quad \\text{and} \\quad \\boxed{(6, 2)}")).toBe("(2, 2), (6, 2)");
    expect(boxedSet("$\\boxed{35 cm} ++++++ \\boxed{4}$")).toBe("35 cm, 4"); // one math span
    expect(boxedSet("\\( y_1 = \\boxed{a} \\) and \\( y_2 = \\boxed{b} \\)")).toBe("a, b"); // joined spans
    expect(boxedSet("\\boxed{1} papers and \\boxed{2} bins")).toBe("1, 2");
  });

  it("keeps a repeated box once and does not join boxes separated by prose", () => {
    expect(boxedSet("\\boxed{004}. But let me check: \\boxed{004} is right.\n**Final Answer**\n\\boxed{004}")).toBe("004");
    expect(boxedSet("first \\boxed{3}, then we see the real answer is \\boxed{5}")).toBe("5");
  });

  it("is null without a closed box; nested boxes stay inside their parent", () => {
    expect(boxedSet("no box here")).toBeNull();
    expect(boxedSet("\\boxed{4")).toBeNull();
    expect(boxedSet("\\boxed{\\boxed{7}}")).toBe("\\boxed{7}");
  });
});

describe("answerCandidates", () => {
  it("puts the boxed answer first, then answer phrases, then the span or number that ends last", () => {
    expect(answerCandidates("we get $x=2$, so the answer is $\\boxed{3}$")[0]).toBe("3");
    expect(answerCandidates("Final Answer: The volume of $ABCDEFGH$ is 120. I hope it is correct.")[0]).toBe("120");
    expect(answerCandidates("Thus $x <= 2$ is our answer.")[0]).toBe("x <= 2");
    expect(answerCandidates("Answer \\[ \n 9 \n \\]")[0]).toBe("9");
    expect(answerCandidates("the values are $1$, $2$ and $3$.")[0]).toBe("1, 2, 3");
  });

  it("reads plain numbers as Math-Verify does", () => {
    expect(answerCandidates("the number is not 10 which is 1,000.99€")[0]).toBe("1000.99");
    expect(answerCandidates("Soucis : 2,74 $ a..")[0]).toBe("2.74");
    expect(answerCandidates("so the share is 12%")[0]).toBe("12\\%");
    expect(answerCandidates("P(A) = 2/3 Therefore")[0]).toBe("2/3");
  });

  it("finds no number glued to letters or inside a math span broken across lines", () => {
    expect(answerCandidates("AZYUK2A")).toEqual(["AZYUK2A"]);
    expect(answerCandidates("Answer $ \n 9 \n $")).toEqual([]);
    expect(answerCandidates("the area is 99e and more")).not.toContain("99");
  });

  it("reads doubled backslashes as single ones and searches only the end of a very long text", () => {
    expect(answerCandidates("so $\\\\frac{\\\\pi}{2}$")[0]).toBe("\\frac{\\pi}{2}");
    const long = `${"word ".repeat(MAX_TEXT_LENGTH / 5)}\\boxed{7}`;
    expect(answerCandidates(`\\boxed{1} ${long}`)[0]).toBe("7");
    expect(answerCandidates("")).toEqual([]);
  });
});

describe("gradeAnswer on raw text (extract, default on)", () => {
  it.each([
    ["Answer $ 9 $", "$9$", true],
    ["Thus $x <= 2$ is our answer.", "$x \\leq 2$", true],
    ["$(5,2),(7,2)$", "$p=5,q=2;p=7,q=2$", true], // groups of assignments are tuples
    ["$(5,2),(7,3)$", "$p=5,q=2;p=7,q=2$", false],
    ["$(5,2),(7,2)$", "$p=5,q=2;q=7,p=2$", false], // not the same variables in the same order: left as written
    ["$k = \\frac{1}{3}$", "$1/3$", true],
    ["$(3,2)$", "$(p,q)=(3,2)$", true],
    ["$$1$$", "$$|AB|=1$$", true],
    ["$E$", "$\\text{E}$", true],
    ["1000,99", "1000.99", true],
    ["\\boxed{(2, 2)} \\quad \\text{and} \\quad \\boxed{(6, 2)}", "(2, 2), (6, 2)", true],
    ["The final answer is $\\boxed{(0, 0)}$.", "$(\\tfrac{27}{8},\\tfrac{15}{8})$", false],
    ["AZYUK2A", "2", false],
    ["Answer $ \n 9 \n $", "$9$", false],
    ["so the result is $\\boxed{5}$", "In total we have $2 + 3$ apples, so $\\boxed{5}$.", true],
    ["so the result is $\\boxed{6}$", "In total we have $2 + 3$ apples, so $\\boxed{5}$.", false],
    ["Thus $x <= 2$ is our answer.", "$x \\leq 2$", true],
    ["$(5,2),(7,2)$", "$p=5,q=2;p=7,q=2$", true], // groups of assignments are tuples
    ["$(5,2),(7,3)$", "$p=5,q=2;p=7,q=2$", false],
    ["$(5,2),(7,2)$", "$p=5,q=2;q=7,p=2$", false], // not the same variables in the same order: left as written
    ["So $\\boxed{5}$.", "We add: $2 + 3 = \\boxed{5}$ apples.", true],
  ] as const)("%j vs %j → %s", (prediction, gold, expected) => {
    expect(gradeAnswer(prediction, gold)).toBe(expected);
  });

  it("extract: false compares the strings as final answers", () => {
    expect(gradeAnswer("Answer $ 9 $", "$9$", { extract: false })).toBe(false);
    expect(gradeAnswer("$9$", "9", { extract: false })).toBe(true);
  });

  it("keeps bare answers whole (a list is not its last number)", () => {
    expect(gradeAnswer("1, 2, 3", "3")).toBe(false);
    expect(gradeAnswer("1,".repeat(900), "1")).toBe(false);
    expect(gradeAnswer("2,3", "2.3")).toBe(true); // against a single decimal, a comma between digits is a decimal comma
    expect(gradeAnswer("1,000", "1.000")).toBe(false); // thousands separator, not a decimal comma
  });

  it("keeps the time budget across both attempts", () => {
    const slow = `${"$x$ ".repeat(20_000)} \\boxed{${"(".repeat(3000)}1${")".repeat(3000)}}`;
    const t0 = performance.now();
    const r = gradeAnswerDetailed(slow, "2", { timeoutMs: 200 });
    expect(r.correct).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

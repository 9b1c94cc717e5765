import { describe, expect, it } from "vitest";
import { exactMatch } from "./exact-match.js";
import { extractChoiceLetter } from "./choice-letter.js";
import { squadExactMatch, squadF1, squadNormalize } from "./squad.js";

describe("SQuAD v2 official-script semantics", () => {
  // The HF `squad_v2` metric card example: identical answer → exact 100, f1 100.
  it("metric-card example", () => {
    expect(squadExactMatch("1976", ["1976"])).toBe(1);
    expect(squadF1("1976", ["1976"])).toBe(1);
  });
  it("normalize_answer: lower, strip punctuation, drop articles, collapse spaces", () => {
    expect(squadNormalize("The  Quick, brown-fox!  an apple")).toBe("quick brownfox apple");
    expect(squadNormalize("theatre a.b")).toBe("theatre ab"); // "the" only as a whole word
  });
  it("F1 is on the bag of tokens (multiset), not a set", () => {
    // pred "a a b" vs gold "a b b"... articles! use non-articles: pred x x y, gold x y y → common 2, P=R=2/3
    expect(squadF1("x x y", "x y y")).toBeCloseTo(2 / 3, 15);
    // README example from the Elixir original (set F1 gives 0.75): bag F1 of 2 common / 3 / 3 = 2/3
    expect(squadF1("quick brown fox", "fast brown fox")).toBeCloseTo(2 / 3, 15);
  });
  it("unanswerable: empty gold list means only the empty prediction is right", () => {
    expect(squadExactMatch("", [])).toBe(1);
    expect(squadF1("", [])).toBe(1);
    expect(squadF1("something", [])).toBe(0);
    expect(squadF1("the", "a")).toBe(1); // both normalise to no tokens → agree
  });
  it("max over gold answers", () => {
    expect(squadF1("brown fox", ["red dog", "the brown fox jumped"])).toBeCloseTo((2 * 1 * (2 / 3)) / (1 + 2 / 3), 15);
  });
});

describe("exactMatch", () => {
  it("defaults: case-insensitive, whitespace collapsed", () => {
    expect(exactMatch(" Hello   World ", "hello world")).toBe(1);
    expect(exactMatch("Hello, world", "hello world")).toBe(0);
  });
  it("options: punctuation, articles, case, custom normaliser, several references", () => {
    expect(exactMatch("Hello, world!", "hello world", { ignorePunctuation: true })).toBe(1);
    expect(exactMatch("The answer", "answer", { ignoreArticles: true })).toBe(1);
    expect(exactMatch("ABC", "abc", { ignoreCase: false })).toBe(0);
    expect(exactMatch("1,000", "1000", { normalize: (s) => s.replace(/,/g, "") })).toBe(1);
    expect(exactMatch("b", ["a", "B"])).toBe(1);
  });
});

describe("extractChoiceLetter", () => {
  const cases: Array<[string, string | undefined]> = [
    ["B", "B"],
    ["(c)", "C"],
    ["**D**", "D"],
    ["The answer is (B).", "B"],
    ["Let me think. A is wrong because... so the answer is C", "C"],
    ["Answer: D", "D"],
    ["C) Paris", "C"],
    ["I pick (A) over (B)... final (D)", "D"],
    ["no idea", undefined],
    ["E", undefined],
    ["The answer is a dog", undefined],
    ["A good question. I think B", "B"],
    ["ANSWER: c", undefined],
    ["**Answer:** C", "C"],
  ];
  for (const [text, letter] of cases) it(JSON.stringify(text), () => expect(extractChoiceLetter(text)).toBe(letter));
  it("numChoices widens the range", () => expect(extractChoiceLetter("E", { numChoices: 5 })).toBe("E"));
});

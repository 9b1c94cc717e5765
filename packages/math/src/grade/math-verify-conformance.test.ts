import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gradeAnswer } from "./grade.js";

/**
 * Conformance with Hugging Face's Math-Verify on its own test cases (tests/ of huggingface/Math-Verify, the cases that
 * run in its default configuration; see __fixtures__/math-verify-tests.json for the commit and licence). Both strings
 * are passed to gradeAnswer exactly as Math-Verify's tests pass them to `parse`: free text, `$…$`, `\boxed{}`, whole
 * worked solutions.
 */

interface Case {
  file: string;
  test: string;
  gold: string;
  prediction: string;
  expected: boolean;
  matchTypes: string[];
}

const fixture = JSON.parse(readFileSync(new URL("./__fixtures__/math-verify-tests.json", import.meta.url), "utf8")) as {
  commit: string;
  license: string;
  cases: Case[];
};
const cases = fixture.cases;

/** Cases where this grader differs from Math-Verify on purpose; each reason is in the package README. */
const DELIBERATE = new Map<string, string>([
  ["$x \\in [-2,7]$ | $-2 \\\\le x \\\\le 7$", "x ∈ S against the same inequality is equal in both directions"],
  ["$1 - \\frac{1}{\\mathrm{e}}$ | $1 + \\frac{1}{\\mathrm{e}}$", "1 − 1/e and 1 + 1/e are different numbers"],
]);

interface Tally {
  n: number;
  agree: number;
  falsePositives: string[];
  falseNegatives: string[];
}

function tally(rows: Case[], grade: (c: Case) => boolean): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const c of rows) {
    for (const key of [c.file, "all"]) {
      const t = out.get(key) ?? { n: 0, agree: 0, falsePositives: [], falseNegatives: [] };
      out.set(key, t);
      const ours = grade(c);
      t.n++;
      if (ours === c.expected) t.agree++;
      else (ours ? t.falsePositives : t.falseNegatives).push(`${c.gold} | ${c.prediction}`);
    }
  }
  return out;
}

describe("conformance with Math-Verify's default-configuration test cases", () => {
  const results = tally(cases, (c) => gradeAnswer(c.prediction, c.gold));
  const all = results.get("all") as Tally;

  it("has the fixture with its source and licence", () => {
    expect(fixture.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.license).toMatch(/Apache-2\.0/);
    expect(cases.length).toBe(261);
    expect(new Set(cases.map((c) => c.file)).size).toBeGreaterThanOrEqual(6);
  });

  it("agrees on ≥ 95% of the cases with at most 2 false positives", () => {
    const table = [...results].map(([file, t]) => `${file}: ${t.agree}/${t.n} (${((100 * t.agree) / t.n).toFixed(1)}%)`);
    console.log(`agreement with Math-Verify's verdicts\n  ${table.join("\n  ")}`);
    expect(all.agree / all.n, all.falseNegatives.concat(all.falsePositives).join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(all.falsePositives.length, all.falsePositives.join("\n")).toBeLessThanOrEqual(2);
  });

  it("agrees on ≥ 85% of each test file with at least 10 cases", () => {
    for (const [file, t] of results) if (t.n >= 10) expect(t.agree / t.n, file).toBeGreaterThanOrEqual(0.85);
  });

  it("every false positive is a deliberate, documented difference", () => {
    for (const fp of all.falsePositives) expect(DELIBERATE.has(fp), fp).toBe(true);
  });

  it("without extraction the raw strings mostly disagree (the fixture really needs the extraction step)", () => {
    const raw = tally(cases, (c) => gradeAnswer(c.prediction, c.gold, { extract: false })).get("all") as Tally;
    expect(raw.agree / raw.n).toBeLessThan(0.8);
  });

  it("removes the known false positives of final-answer extraction", () => {
    expect(gradeAnswer("AZYUK2A", "2")).toBe(false);
    expect(gradeAnswer("Answer $ \n 9 \n $", "$9$")).toBe(false);
    expect(gradeAnswer("Answer \\( \n 9 \n \\)", "$9$")).toBe(false);
  });
});

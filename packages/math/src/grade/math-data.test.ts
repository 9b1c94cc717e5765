import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { sharedData } from "@crucible/mirror/testing";
import { describe, expect, it } from "vitest";
import { extractBoxed } from "../extract/boxed.js";
import { gradeAnswer, gradeAnswerDetailed, parseAnswer } from "./grade.js";

const math500File = path.join(sharedData().hub, "datasets/HuggingFaceH4/MATH-500/test.jsonl");
const have = existsSync(math500File);
if (!have) console.warn(`MATH-500 grader self-check skipped: ${math500File} is missing (set CRUCIBLE_SHARED_DIR)`);

interface Row {
  problem: string;
  solution: string;
  answer: string;
  unique_id: string;
}

/** Equivalent rewrites of an answer a model might produce. */
function rewrites(a: string): string[] {
  const out = [
    `$${a}$`,
    `\\boxed{${a}}`,
    a.replace(/\\frac/g, "\\dfrac"),
    a.replace(/(?<!\d\s*)\\frac\{(\d+)\}\{(\d+)\}/g, "($1/$2)"),
    a.replace(/\\frac\{([^{}]+)\}\{([^{}]+)\}/g, "\\frac{$1}{$2}").replace(/ /g, ""),
    a.replace(/\\left|\\right/g, ""),
    a.replace(/\^\\circ/g, ""),
    ` ${a} `,
    `${a}.`,
  ];
  return [...new Set(out)].filter((r) => r !== a);
}

/** A wrong variant: one digit changed, or a sign flipped. */
function perturb(a: string): string | null {
  const m = /\d/.exec(a);
  if (m) return a.slice(0, m.index) + String((Number(m[0]) + 1) % 10) + a.slice(m.index + 1);
  return null;
}

describe.skipIf(!have)("grader on MATH-500 answers (real data)", () => {
  const rows: Row[] = have
    ? readFileSync(math500File, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Row)
    : [];

  it("self-check: every answer column equals the last \\boxed{} of its solution (500/500)", () => {
    const failures = rows.filter((r) => {
      const b = extractBoxed(r.solution);
      return !b.ok || !gradeAnswer(b.value, r.answer);
    });
    expect(failures.map((r) => r.unique_id)).toEqual([]);
  });

  it("every answer parses into an expression tree (text answers aside)", () => {
    const unparsed = rows.map((r) => r.answer).filter((a) => parseAnswer(a) === null && !/\\text\{[A-Za-z]{3,}/.test(a));
    expect(unparsed).toEqual([]);
  });

  it("equivalent rewrites grade true", () => {
    const wrong: string[] = [];
    for (const r of rows) for (const w of rewrites(r.answer)) if (!gradeAnswer(w, r.answer)) wrong.push(`${w} vs ${r.answer}`);
    expect(wrong).toEqual([]);
  });

  it("a changed digit grades false, and another row's answer grades false", () => {
    const wrong: string[] = [];
    rows.forEach((r, i) => {
      const p = perturb(r.answer);
      if (p !== null && p !== r.answer && gradeAnswer(p, r.answer)) wrong.push(`${p} vs ${r.answer}`);
      const other = rows[(i * 7 + 3) % rows.length] as Row;
      if (other.answer.replace(/\s/g, "") !== r.answer.replace(/\s/g, "") && gradeAnswerDetailed(other.answer, r.answer).correct) {
        wrong.push(`${other.answer} vs ${r.answer}`);
      }
    });
    expect(wrong).toEqual([]);
  });
});

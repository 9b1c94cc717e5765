import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gradeAnswer } from "./grade.js";

/**
 * Agreement with established reference graders. Self-contained: the verdicts of the reference graders are stored in
 * the fixtures (see __fixtures__/generate_pairs.py for how they were made); the live Math-Verify comparison at the end
 * runs only where `python3 -c "import math_verify"` works.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "__fixtures__");

interface SuiteCase {
  given: string;
  reference: string;
  expected: boolean;
  source: string;
  crucible?: boolean;
  note?: string;
}
interface RewritePair {
  id: string;
  category: string;
  given: string;
  reference: string;
  truth: boolean;
  minerva?: boolean;
  hendrycks?: boolean;
}

const suite = (JSON.parse(readFileSync(path.join(fixtures, "public-suites.json"), "utf8")) as { cases: SuiteCase[] }).cases;
const loadPairs = (file: string): RewritePair[] =>
  (JSON.parse(readFileSync(path.join(fixtures, file), "utf8")) as { pairs: RewritePair[] }).pairs;
const rewrites = [...loadPairs("math500-rewrites.json"), ...loadPairs("hendrycks-rewrites.json")];
const mathVerifyCases = suite.filter((c) => c.source.startsWith("huggingface/Math-Verify"));

function agreement<T>(rows: T[], ours: (r: T) => boolean, theirs: (r: T) => boolean | undefined): number {
  let same = 0;
  let n = 0;
  for (const r of rows) {
    const t = theirs(r);
    if (t === undefined) continue;
    n++;
    if (ours(r) === t) same++;
  }
  return n === 0 ? Number.NaN : same / n;
}

describe("agreement with public grader test suites (Math-Verify)", () => {
  it("has cases from every source file", () => {
    expect(new Set(mathVerifyCases.map((c) => c.source)).size).toBeGreaterThanOrEqual(4);
    expect(mathVerifyCases.length).toBeGreaterThan(150);
    expect(suite.length - mathVerifyCases.length).toBeGreaterThan(50);
  });

  it.each(suite.map((c) => [c.given, c.reference, c.crucible ?? c.expected, c] as const))("%s vs %s → %s", (given, reference, verdict) => {
    expect(gradeAnswer(given, reference)).toBe(verdict);
  });

  it("agrees with Math-Verify's own test verdicts on ≥ 98% of cases (deliberate differences are annotated)", () => {
    const rate = agreement(
      mathVerifyCases,
      (c) => gradeAnswer(c.given, c.reference),
      (c) => c.expected,
    );
    expect(rate).toBeGreaterThanOrEqual(0.98);
    for (const c of suite.filter((x) => x.crucible !== undefined)) expect(c.note, `${c.given} vs ${c.reference}`).toBeTruthy();
  });
});

describe("agreement on rewritten MATH-500 and hendrycks_math answers", () => {
  const ours = new Map<RewritePair, boolean>(rewrites.map((p) => [p, gradeAnswer(p.given, p.reference)]));

  it("covers every rewrite category", () => {
    const cats = new Set(rewrites.map((p) => p.category));
    for (const c of [
      "fraction",
      "decimal",
      "integer",
      "sign",
      "units",
      "percent",
      "thousands",
      "scientific",
      "radical",
      "pi",
      "approximation",
      "tuple",
      "interval",
      "set",
      "algebra",
      "text",
      "equation",
      "degrees",
      "inequality",
      "matrix",
      "plus-minus",
      "boxed",
    ]) {
      expect(cats.has(c), c).toBe(true);
    }
  });

  it("gives the constructed verdict on every pair", () => {
    const wrong = rewrites.filter((p) => ours.get(p) !== p.truth).map((p) => `${p.given} vs ${p.reference} (${p.category})`);
    expect(wrong).toEqual([]);
  });

  it("agrees with the sympy (minerva) reference wherever it and the constructed verdict agree", () => {
    const both = rewrites.filter((p) => p.minerva !== undefined && p.minerva === p.truth);
    expect(both.length).toBeGreaterThan(3000);
    expect(
      agreement(
        both,
        (p) => ours.get(p) ?? false,
        (p) => p.minerva,
      ),
    ).toBe(1);
  });

  it("agrees with the MATH string reference (hendrycks) where it says equal (it never over-accepts here)", () => {
    const eq = rewrites.filter((p) => p.hendrycks === true);
    expect(
      agreement(
        eq,
        (p) => ours.get(p) ?? false,
        () => true,
      ),
    ).toBe(1);
  });
});

const probe = spawnSync("python3", ["-c", "import math_verify"], { encoding: "utf8", timeout: 30_000 });
const hasMathVerify = probe.status === 0;
const skipMessage = "math_verify is not importable by python3 (pip install 'math-verify[antlr4_13_2]' to run the live comparison)";

describe.skipIf(!hasMathVerify)(`live agreement with Math-Verify${hasMathVerify ? "" : ` — skipped: ${skipMessage}`}`, () => {
  it("agrees with verify(parse(gold), parse(pred)) on ≥ 95% of the rewritten answer pairs", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "crucible-mv-"));
    try {
      const input = path.join(dir, "pairs.jsonl");
      writeFileSync(input, rewrites.map((p) => JSON.stringify({ gold: p.reference, pred: p.given })).join("\n") + "\n");
      const script = [
        "import json, sys",
        "from math_verify import parse, verify",
        "out = []",
        "for line in open(sys.argv[1]):",
        "    r = json.loads(line)",
        "    try:",
        "        out.append(bool(verify(parse('$' + r['gold'] + '$'), parse('$' + r['pred'] + '$'))))",
        "    except Exception:",
        "        out.append(False)",
        "print(json.dumps(out))",
      ].join("\n");
      const run = spawnSync("python3", ["-c", script, input], { encoding: "utf8", timeout: 900_000, maxBuffer: 64 << 20 });
      expect(run.status, run.stderr).toBe(0);
      const verdicts = JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]") as boolean[];
      expect(verdicts.length).toBe(rewrites.length);
      const rate = agreement(
        rewrites.map((p, i) => ({ p, mv: verdicts[i] })),
        ({ p }) => gradeAnswer(p.given, p.reference),
        ({ mv }) => mv,
      );
      console.log(`agreement with Math-Verify: ${(100 * rate).toFixed(1)}% of ${rewrites.length} pairs`);
      expect(rate).toBeGreaterThanOrEqual(0.95);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 1_000_000);
});

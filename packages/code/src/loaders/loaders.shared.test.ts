import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTests } from "../sandbox/run-tests.js";
import { sharedData } from "@crucible/mirror/testing";
import { type Harness, startHarness } from "../test-support/fixtures.js";
import { deepCoder } from "./deepcoder.js";
import { humanEval } from "./humaneval.js";
import type { SkippedRow } from "./skips.js";

const shared = sharedData();
if (!shared.hasHub) console.warn(`[code] skipping shared-data tests: ${shared.hub} is missing`);

/** Expected row counts from EXPECTED.tsv: repo → config → split → rows. */
function expectedRows(repo: string, config: string, split: string): number {
  const line = readFileSync(path.join(shared.hub, "EXPECTED.tsv"), "utf8")
    .split("\n")
    .map((l) => l.split("\t"))
    .find((f) => f[0] === repo && f[1] === config && f[2] === split);
  if (!line) throw new Error(`EXPECTED.tsv has no row for ${repo} ${config} ${split}`);
  return Number(line[3]);
}

describe.skipIf(!shared.hasHub)(`code loaders on the shared hub (${shared.hub})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(shared.hub);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("DeepCoder codeforces test: every row loads with stdin tests, none skipped", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await deepCoder({ ...h.hub, config: "codeforces", split: "test", onSkip: (s) => skipped.push(s) });
    expect(ds.length + skipped.length).toBe(expectedRows("agentica-org/DeepCoder-Preview-Dataset", "codeforces", "test"));
    expect(skipped).toEqual([]);
    for (const p of ds) {
      expect(p.tests.length).toBeGreaterThan(0);
      expect(p.tests.every((t) => t.kind === "stdin")).toBe(true);
    }
    // Row 0 (min and max of x, y): a correct solution passes, a wrong one fails.
    const first = ds.at(0);
    const good = "t = int(input())\nfor _ in range(t):\n    x, y = map(int, input().split())\n    print(min(x, y), max(x, y))\n";
    expect((await runTests(first, good)).passed).toBe(true);
    expect((await runTests(first, "t = int(input())\nfor _ in range(t):\n    print(input())\n")).passed).toBe(false);
  });

  it("HumanEval: 164 problems; canonical solutions of a handful pass", async () => {
    const ds = await humanEval(h.hub);
    expect(ds.length).toBe(expectedRows("openai/openai_humaneval", "openai_humaneval", "test"));
    expect(ds.at(0).id).toBe("HumanEval/0");
    for (const i of [0, 1, 2, 10, 53, 163]) {
      const p = ds.at(i);
      const r = await runTests(p, p.problem + p.canonicalSolution);
      expect(r.passed, `${p.id}: ${r.tests[0]?.stderr ?? ""}`).toBe(true);
    }
    const p = ds.at(0);
    expect((await runTests(p, `${p.problem}    return not True\n`)).passed).toBe(false);
  });
});

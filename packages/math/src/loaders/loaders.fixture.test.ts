import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, startMirror } from "@crucible/mirror";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flatParquet, jsonl, writeFixtureRepo } from "@crucible/mirror/testing";
import { deepMath, polaris } from "./answer-sets.js";
import { gsm8k } from "./gsm8k.js";
import { hendrycksMath } from "./hendrycks.js";
import { math500 } from "./math500.js";
import type { SkippedRow } from "./skips.js";

const gsmTrain = {
  question: ["Q0 apples?", "Q1 big number?", "Q2 no marker", "Q3 inline marker", "Q4 colon"],
  answer: [
    "2 + 3 = <<2+3=5>>5\n#### 5",
    "Lots of work.\n#### 1,234,567",
    "there is no final answer here",
    "We get ####  42 dollars total",
    "Work\n#### : -7",
  ],
};
const mathRows = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    problem: `${prefix} problem ${i}`,
    level: `Level ${(i % 5) + 1}`,
    type: prefix,
    solution: i === 1 ? "no box here" : `Work. The answer is $\\boxed{\\frac{${i}}{2}}$.`,
  }));
const columns = (rows: Array<Record<string, unknown>>) =>
  Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, rows.map((r) => r[k])]));

describe("math loaders on a fixture Hub (self-contained)", () => {
  let root: string;
  let cacheDir: string;
  let mirror: Mirror;
  let hub: { endpoint: string; cacheDir: string; token: false; progress: false };

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "crucible-math-fixture-"));
    writeFixtureRepo(root, "openai/gsm8k", {
      "README.md":
        "---\nconfigs:\n- config_name: main\n  data_files:\n  - split: train\n    path: main/train-*\n  - split: test\n    path: main/test-*\n---\n",
      "main/train-00000-of-00001.parquet": flatParquet(gsmTrain),
      "main/test-00000-of-00001.parquet": flatParquet({ question: ["T0"], answer: ["#### 18"] }),
    });
    writeFixtureRepo(root, "HuggingFaceH4/MATH-500", {
      "test.jsonl": jsonl([
        {
          problem: "alg problem 0",
          solution: "so $\\boxed{0}$",
          answer: "0",
          subject: "Algebra",
          level: 1,
          unique_id: "test/algebra/0.json",
        },
        {
          problem: "m5 only",
          solution: "$\\boxed{\\dfrac12}$ and then \\boxed{0.5}",
          answer: "\\frac{1}{2}",
          subject: "Algebra",
          level: 2,
          unique_id: "test/algebra/9.json",
        },
        {
          problem: "unboxed",
          solution: "stray } brace \\boxed{3}",
          answer: "3",
          subject: "Algebra",
          level: 3,
          unique_id: "test/algebra/10.json",
        },
      ]),
    });
    const alg = mathRows(3, "alg");
    const geo = mathRows(2, "geo");
    writeFixtureRepo(root, "EleutherAI/hendrycks_math", {
      "README.md":
        "---\nconfigs:\n- config_name: algebra\n  data_files:\n  - split: train\n    path: algebra/train-*\n  - split: test\n    path: algebra/test-*\n- config_name: geometry\n  data_files:\n  - split: train\n    path: geometry/train-*\n  - split: test\n    path: geometry/test-*\n---\n",
      "algebra/train-00000-of-00001.parquet": flatParquet(columns(alg)),
      "algebra/test-00000-of-00001.parquet": flatParquet(columns(mathRows(1, "alg-test"))),
      "geometry/train-00000-of-00001.parquet": flatParquet(columns(geo)),
      "geometry/test-00000-of-00001.parquet": flatParquet(columns(mathRows(1, "geo-test"))),
    });
    writeFixtureRepo(root, "zwhe99/DeepMath-103K", {
      "data/train-00000-of-00001.parquet": flatParquet({
        question: ["What is 1+1?", "", "Empty answer?", "  "],
        final_answer: ["2", "3", "", "4"],
        difficulty: [1.5, 2, 3, 4.5],
        topic: ["a", "b", "c", "d"],
        r1_solution_1: ["s1", "s2", "s3", "s4"],
        r1_solution_2: ["", "", "", ""],
        r1_solution_3: ["", "", "", ""],
      }),
    });
    writeFixtureRepo(root, "POLARIS-Project/Polaris-Dataset-53K", {
      "polaris-data-53K.jsonl": jsonl([
        { problem: "P0", answer: "\\frac{1}{2}", difficulty: "3/8" },
        { problem: "P1", answer: null, difficulty: "1/8" },
        { problem: null, answer: "1", difficulty: "1/8" },
        { problem: "P3", answer: 7, difficulty: "0/8" },
      ]),
    });
    mirror = await startMirror({ root });
    cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-math-cache-"));
    hub = { endpoint: mirror.url, cacheDir, token: false, progress: false };
  });
  afterAll(async () => {
    await mirror?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("gsm8k: #### parsing as the cookbook, rows without one reported", async () => {
    const skipped: SkippedRow[] = [];
    const train = await gsm8k({ ...hub, seed: false, onSkip: (r) => skipped.push(r) });
    expect(train.toArray().map((p) => p.answer)).toEqual(["5", "1234567", "42 dollars total", "-7"]);
    expect(train.toArray().map((p) => p.source?.index)).toEqual([0, 1, 3, 4]);
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([[2, "no-final-answer"]]);
    expect(skipped[0]?.raw.question).toBe("Q2 no marker");
    expect(train.at(0)).toMatchObject({ id: "openai/gsm8k/main/train/0", problem: "Q0 apples?", solution: gsmTrain.answer[0] });
    expect(train.at(0)?.raw).toEqual({ question: "Q0 apples?", answer: gsmTrain.answer[0] });
    const test = await gsm8k({ ...hub, split: "test" });
    expect(test.at(0)?.answer).toBe("18");
  });

  it("gsm8k on a split string keeps each row's own split and index in id and source", async () => {
    const sliced = await gsm8k({ ...hub, split: "train[3:]+test[:1]", onSkip: () => undefined });
    expect(sliced.toArray().map((p) => p.id)).toEqual([
      "openai/gsm8k/main/train/3",
      "openai/gsm8k/main/train/4",
      "openai/gsm8k/main/test/0",
    ]);
    expect(sliced.at(2)?.source).toMatchObject({ split: "test", index: 0 });
  });

  it("gsm8k without onSkip emits one summary warning (not silent)", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      await gsm8k(hub);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain("1 × no-final-answer");
    } finally {
      warn.mockRestore();
    }
  });

  it("math500: reference is the last \\boxed{} (cookbook-exact); a stray brace row is reported", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await math500({ ...hub, onSkip: (r) => skipped.push(r) });
    expect(ds.toArray().map((p) => [p.id, p.answer, p.datasetAnswer])).toEqual([
      ["test/algebra/0.json", "0", "0"],
      ["test/algebra/9.json", "0.5", "\\frac{1}{2}"],
    ]);
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([[2, "no-boxed-answer"]]);
    expect(skipped[0]?.detail).toContain("Unmatched }");
  });

  it("hendrycksMath: configs in Hub order, train then test, decontaminated, unboxed rows reported", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await hendrycksMath({ ...hub, seed: false, decontaminateAgainst: ["alg problem 0"], onSkip: (r) => skipped.push(r) });
    expect(ds.toArray().map((p) => `${p.config}/${p.source?.split}/${p.source?.index}`)).toEqual([
      "algebra/train/2",
      "algebra/test/0",
      "geometry/train/0",
      "geometry/test/0",
    ]);
    expect(skipped.map((s) => `${s.config}/${s.split}/${s.index}:${s.reason}`)).toEqual([
      "algebra/train/0:decontaminated",
      "algebra/train/1:no-boxed-answer",
      "geometry/train/1:no-boxed-answer",
    ]);
    expect(ds.at(0)).toMatchObject({ answer: "\\frac{2}{2}", level: "Level 3", type: "alg", config: "algebra" });
    // default decontamination loads MATH-500 problems from the same Hub
    const viaHub = await hendrycksMath({ ...hub, configs: ["algebra"], split: "train", onSkip: () => undefined });
    expect(viaHub.toArray().map((p) => p.problem)).toEqual(["alg problem 2"]);
    const noDecon = await hendrycksMath({ ...hub, configs: ["geometry"], split: "test", decontaminate: false });
    expect(noDecon.length).toBe(1);
  });

  it("deepMath and polaris skip and count rows with an empty problem or answer (Python truthiness)", async () => {
    const dmSkips: SkippedRow[] = [];
    const dm = await deepMath({ ...hub, seed: false, onSkip: (r) => dmSkips.push(r) });
    expect(dm.toArray().map((p) => [p.problem, p.answer, p.solution])).toEqual([
      ["What is 1+1?", "2", "s1"],
      ["  ", "4", "s4"],
    ]);
    expect(dmSkips.map((s) => [s.index, s.reason])).toEqual([
      [1, "empty-problem"],
      [2, "empty-answer"],
    ]);
    expect(dm.at(0)?.difficulty).toBe(1.5);
    const plSkips: SkippedRow[] = [];
    const pl = await polaris({ ...hub, seed: false, onSkip: (r) => plSkips.push(r) });
    expect(pl.toArray().map((p) => [p.problem, p.answer])).toEqual([
      ["P0", "\\frac{1}{2}"],
      ["P3", "7"],
    ]);
    expect(plSkips.map((s) => [s.index, s.reason])).toEqual([
      [1, "empty-answer"],
      [2, "empty-problem"],
    ]);
  });

  it("works offline from the cache once loaded", async () => {
    await math500({ ...hub, onSkip: () => undefined });
    const offline = await math500({ cacheDir, offline: true, endpoint: "http://127.0.0.1:9", token: false, onSkip: () => undefined });
    expect(offline.length).toBe(2);
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { permutation } from "@crucible/core";
import { type Mirror, startMirror } from "@crucible/mirror";
import { InvalidArgumentError, type MathProblem } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// the hub package's fixture builders (hyparquet-writer), imported by path: test-only
import { flatParquet, jsonl, writeFixtureRepo } from "@crucible/mirror/testing";
import { deepMath, polaris } from "./answer-sets.js";
import { gsm8k } from "./gsm8k.js";
import { hendrycksMath } from "./hendrycks.js";
import { math500 } from "./math500.js";
import type { SkippedRow } from "./skips.js";

// The cookbook shuffles the whole split (`Dataset.shuffle(seed)`) and drops invalid rows only when it builds batches.
// Each fixture has 12 rows with row 5 invalid; the expected order is core's numpy-exact permutation of all 12 rows
// with row 5 removed, which differs from shuffling the 11 valid rows.
const N = 12;
const BAD = 5;
// numpy: np.random.default_rng(0).permutation(12), an independent check of core's permutation
const NUMPY_PERM12_SEED0 = [9, 2, 7, 4, 5, 11, 0, 3, 6, 10, 8, 1];

/** Source indices in the order of `shuffle(seed)` over every row, invalid ones removed afterwards. */
function cookbookOrder(n: number, seed: number, dropped: ReadonlySet<number>): number[] {
  return [...permutation(n, seed)].filter((i) => !dropped.has(i));
}
/** The order a loader that dropped first and shuffled the shorter list would give (the old behaviour). */
function dropThenShuffle(n: number, seed: number, dropped: ReadonlySet<number>): number[] {
  const kept = Array.from({ length: n }, (_, i) => i).filter((i) => !dropped.has(i));
  return [...permutation(kept.length, seed)].map((j) => kept[j] as number);
}
const indices = (ds: Iterable<MathProblem>) => [...ds].map((p) => p.source?.index);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const boxed = (i: number) => (i === BAD ? "no box" : `so $\\boxed{${i}}$`);

describe("math loaders give the cookbook's order: shuffle every row, then drop invalid ones", () => {
  let root: string;
  let cacheDir: string;
  let mirror: Mirror;
  let hub: { endpoint: string; cacheDir: string; token: false; progress: false };

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "crucible-math-order-"));
    writeFixtureRepo(root, "openai/gsm8k", {
      "README.md":
        "---\nconfigs:\n- config_name: main\n  data_files:\n  - split: train\n    path: main/train-*\n  - split: test\n    path: main/test-*\n---\n",
      "main/train-00000-of-00001.parquet": flatParquet({
        question: range(N).map((i) => `Q${i}`),
        answer: range(N).map((i) => (i === BAD ? "no final answer" : `work\n#### ${i}`)),
      }),
      "main/test-00000-of-00001.parquet": flatParquet({
        question: range(N).map((i) => `T${i}`),
        answer: range(N).map((i) => (i === BAD ? "no final answer" : `#### ${i}`)),
      }),
    });
    writeFixtureRepo(root, "HuggingFaceH4/MATH-500", {
      "test.jsonl": jsonl(
        range(N).map((i) => ({
          problem: `m${i}`,
          solution: boxed(i),
          answer: String(i),
          subject: "Algebra",
          level: 1,
          unique_id: `test/algebra/${i}.json`,
        })),
      ),
    });
    // hendrycks: algebra train 5 (row 1 is a MATH-500 problem, row 3 unboxed), algebra test 2, geometry train 4,
    // geometry test 2 (row 0 unboxed): 13 rows, 12 after decontamination
    const mathRows = (prefix: string, n: number, unboxed: number) =>
      flatParquet({
        problem: range(n).map((i) => `${prefix} ${i}`),
        level: range(n).map(() => "Level 1"),
        type: range(n).map(() => prefix),
        solution: range(n).map((i) => (i === unboxed ? "no box" : `$\\boxed{${i}}$`)),
      });
    writeFixtureRepo(root, "EleutherAI/hendrycks_math", {
      "README.md":
        "---\nconfigs:\n- config_name: algebra\n  data_files:\n  - split: train\n    path: algebra/train-*\n  - split: test\n    path: algebra/test-*\n- config_name: geometry\n  data_files:\n  - split: train\n    path: geometry/train-*\n  - split: test\n    path: geometry/test-*\n---\n",
      "algebra/train-00000-of-00001.parquet": mathRows("alg", 5, 3),
      "algebra/test-00000-of-00001.parquet": mathRows("alg-test", 2, -1),
      "geometry/train-00000-of-00001.parquet": mathRows("geo", 4, -1),
      "geometry/test-00000-of-00001.parquet": mathRows("geo-test", 2, 0),
    });
    writeFixtureRepo(root, "zwhe99/DeepMath-103K", {
      "data/train-00000-of-00001.parquet": flatParquet({
        question: range(N).map((i) => `D${i}`),
        final_answer: range(N).map((i) => (i === BAD ? "" : String(i))),
        difficulty: range(N).map(() => 1),
        topic: range(N).map(() => "t"),
        r1_solution_1: range(N).map(() => "s"),
      }),
    });
    writeFixtureRepo(root, "POLARIS-Project/Polaris-Dataset-53K", {
      "polaris-data-53K.jsonl": jsonl(range(N).map((i) => ({ problem: `P${i}`, answer: i === BAD ? "" : String(i), difficulty: "1/8" }))),
    });
    mirror = await startMirror({ root });
    cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-math-order-cache-"));
    hub = { endpoint: mirror.url, cacheDir, token: false, progress: false };
  });
  afterAll(async () => {
    await mirror?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("core's permutation is numpy's, and the fixtures tell the two orders apart", () => {
    expect([...permutation(N, 0)]).toEqual(NUMPY_PERM12_SEED0);
    for (const seed of [0, 3, 42]) expect(cookbookOrder(N, seed, new Set([BAD]))).not.toEqual(dropThenShuffle(N, seed, new Set([BAD])));
  });

  it("gsm8k: train in shuffle(seed=0) order by default; test in Hub order; seed overrides", async () => {
    const skipped: SkippedRow[] = [];
    const train = await gsm8k({ ...hub, onSkip: (r) => skipped.push(r) });
    expect(indices(train)).toEqual(NUMPY_PERM12_SEED0.filter((i) => i !== BAD));
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([[BAD, "no-final-answer"]]);
    const seeded = await gsm8k({ ...hub, seed: 42, onSkip: () => undefined });
    expect(indices(seeded)).toEqual(cookbookOrder(N, 42, new Set([BAD])));
    const test = await gsm8k({ ...hub, split: "test", onSkip: () => undefined });
    expect(indices(test)).toEqual(range(N).filter((i) => i !== BAD));
    const testSeeded = await gsm8k({ ...hub, split: "test", seed: 0, onSkip: () => undefined });
    expect(indices(testSeeded)).toEqual(cookbookOrder(N, 0, new Set([BAD])));
  });

  it("math500: Hub order by default; with a seed, every row is shuffled before unboxed ones drop", async () => {
    expect(indices(await math500({ ...hub, onSkip: () => undefined }))).toEqual(range(N).filter((i) => i !== BAD));
    const seeded = await math500({ ...hub, seed: 3, onSkip: () => undefined });
    expect(indices(seeded)).toEqual(cookbookOrder(N, 3, new Set([BAD])));
  });

  it("hendrycksMath: decontaminate, concatenate, shuffle(seed=0), then drop unboxed rows", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await hendrycksMath({ ...hub, decontaminateAgainst: ["alg 1"], onSkip: (r) => skipped.push(r) });
    // the 12 rows left after decontamination, in concatenation order
    const concat = [
      ...[0, 2, 3, 4].map((i) => `algebra/train/${i}`),
      ...[0, 1].map((i) => `algebra/test/${i}`),
      ...[0, 1, 2, 3].map((i) => `geometry/train/${i}`),
      ...[0, 1].map((i) => `geometry/test/${i}`),
    ];
    const unboxed = new Set([concat.indexOf("algebra/train/3"), concat.indexOf("geometry/test/0")]);
    const expected = cookbookOrder(concat.length, 0, unboxed).map((i) => concat[i]);
    expect(ds.toArray().map((p) => `${p.config}/${p.source?.split}/${p.source?.index}`)).toEqual(expected);
    expect(skipped.filter((s) => s.reason === "decontaminated").map((s) => `${s.config}/${s.split}/${s.index}`)).toEqual([
      "algebra/train/1",
    ]);
    expect(skipped.filter((s) => s.reason === "no-boxed-answer").length).toBe(2);
    // the MATH test set alone keeps Hub order unless a seed is given
    const test = await hendrycksMath({ ...hub, split: "test", decontaminate: false, onSkip: () => undefined });
    expect(test.toArray().map((p) => `${p.config}/${p.source?.index}`)).toEqual(["algebra/0", "algebra/1", "geometry/1"]);
  });

  it("deepMath and polaris: shuffle(seed=0) of every row by default, then empty answers drop", async () => {
    const dmSkips: SkippedRow[] = [];
    const dm = await deepMath({ ...hub, onSkip: (r) => dmSkips.push(r) });
    expect(indices(dm)).toEqual(NUMPY_PERM12_SEED0.filter((i) => i !== BAD));
    expect(dmSkips.map((s) => [s.index, s.reason])).toEqual([[BAD, "empty-answer"]]);
    const pl = await polaris({ ...hub, onSkip: () => undefined });
    expect(indices(pl)).toEqual(NUMPY_PERM12_SEED0.filter((i) => i !== BAD));
    expect(indices(await polaris({ ...hub, seed: 7, onSkip: () => undefined }))).toEqual(cookbookOrder(N, 7, new Set([BAD])));
    expect(indices(await polaris({ ...hub, seed: false, onSkip: () => undefined }))).toEqual(range(N).filter((i) => i !== BAD));
  });

  it("rejects a seed that is not a non-negative integer or false", async () => {
    await expect(polaris({ ...hub, seed: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(gsm8k({ ...hub, seed: 1.5 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

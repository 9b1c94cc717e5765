import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, startMirror } from "@crucible/mirror";
import { sharedData } from "@crucible/mirror/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeAnswer } from "../grade/grade.js";
import { deepMath, polaris } from "./answer-sets.js";
import { gsm8k } from "./gsm8k.js";
import { HENDRYCKS_MATH_CONFIGS, hendrycksMath } from "./hendrycks.js";
import { math500 } from "./math500.js";
import type { SkippedRow } from "./skips.js";

const { hub: hubRoot, hasHub: haveShared } = sharedData();

if (!haveShared) console.warn(`math loader tests skipped: ${hubRoot} is missing (set CRUCIBLE_SHARED_DIR)`);

describe.skipIf(!haveShared)(`math loaders on the real rows in ${hubRoot}`, () => {
  let mirror: Mirror;
  let cacheDir: string;
  let hub: { endpoint: string; cacheDir: string; token: false; progress: false };

  beforeAll(async () => {
    mirror = await startMirror({ root: hubRoot });
    cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-math-cache-"));
    hub = { endpoint: mirror.url, cacheDir, token: false, progress: false };
  });
  afterAll(async () => {
    await mirror?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it("gsm8k main train/test and socratic test have 7473 / 1319 / 1319 rows with #### answers", async () => {
    const train = await gsm8k({ ...hub, split: "train", seed: false });
    const test = await gsm8k({ ...hub, split: "test" });
    const socratic = await gsm8k({ ...hub, config: "socratic", split: "test" });
    expect([train.length, test.length, socratic.length]).toEqual([7473, 1319, 1319]);
    const first = train.at(0);
    expect(first?.answer).toBe("72");
    expect(first?.problem.startsWith("Natalia sold clips")).toBe(true);
    expect(first?.id).toBe("openai/gsm8k/main/train/0");
    expect(first?.source).toMatchObject({ repo: "openai/gsm8k", config: "main", split: "train", index: 0 });
    expect(first?.raw?.answer).toBe(first?.solution);
    // every reference is a plain number once commas are gone
    for (const p of train) expect(p.answer, p.id).toMatch(/^-?[\d.]+$/);
  });

  it("gsm8k train comes in the cookbook's order: the rows Python datasets' shuffle(seed=0) gives", async () => {
    const train = await gsm8k({ ...hub, split: "train" });
    // Python: load_dataset(parquet).shuffle(seed=0) → numpy default_rng(0).permutation(7473)[:8]
    const ids = train
      .take(8)
      .toArray()
      .map((p) => p.source?.index);
    expect(ids).toEqual([5441, 2360, 5646, 1485, 1469, 824, 5624, 3950]);
    expect(train.at(0)?.problem.startsWith("Mustafa buys a fridge, a TV and a computer")).toBe(true);
    // no row is dropped here, so Hub order shuffled afterwards is the same order
    const hubOrder = await gsm8k({ ...hub, split: "train", seed: false });
    expect(hubOrder.at(0)?.source?.index).toBe(0);
    expect(
      hubOrder
        .shuffle({ seed: 0 })
        .take(8)
        .toArray()
        .map((p) => p.source?.index),
    ).toEqual(ids);
  });

  it("math500 has 500 rows; the reference is the last \\boxed{} and agrees with the answer column on every row", async () => {
    const test = await math500(hub);
    expect(test.length).toBe(500);
    const first = test.at(0);
    expect(first?.id).toBe("test/precalculus/807.json");
    expect(first?.answer).toBe("\\left( 3, \\frac{\\pi}{2} \\right)");
    expect(first?.datasetAnswer).toBe("\\left( 3, \\frac{\\pi}{2} \\right)");
    let agree = 0;
    const disagree: string[] = [];
    for (const p of test) {
      if (gradeAnswer(p.answer, p.datasetAnswer)) agree++;
      else disagree.push(`${p.id}: ${p.answer} vs ${p.datasetAnswer}`);
    }
    expect(disagree).toEqual([]);
    expect(agree).toBe(500);
  });

  it("hendrycksMath test: 5000 rows over the 7 configs in Hub order; 4500 after MATH-500 decontamination", async () => {
    const skipped: SkippedRow[] = [];
    const all = await hendrycksMath({ ...hub, split: "test", decontaminate: false, onSkip: (r) => skipped.push(r) });
    expect(all.length).toBe(5000);
    expect(skipped).toEqual([]);
    const order = [...new Set(all.toArray().map((p) => p.config))];
    expect(order).toEqual([...HENDRYCKS_MATH_CONFIGS]);
    const perConfig = Object.fromEntries(HENDRYCKS_MATH_CONFIGS.map((c) => [c, all.toArray().filter((p) => p.config === c).length]));
    expect(perConfig).toEqual({
      algebra: 1187,
      counting_and_probability: 474,
      geometry: 479,
      intermediate_algebra: 903,
      number_theory: 540,
      prealgebra: 871,
      precalculus: 546,
    });
    const decontaminatedRows: SkippedRow[] = [];
    const train = await hendrycksMath({ ...hub, split: "test", onSkip: (r) => decontaminatedRows.push(r) });
    expect(train.length).toBe(4500);
    expect(decontaminatedRows.length).toBe(500);
    expect(decontaminatedRows.every((r) => r.reason === "decontaminated")).toBe(true);
    // every reference answer parses as a boxed answer and grades equal to itself
    for (const p of train.toArray().slice(0, 200)) expect(gradeAnswer(p.answer, p.answer)).toBe(true);
  });

  it("hendrycksMath decontaminated + shuffle({ seed }) matches the cookbook's Python order", async () => {
    const train = await hendrycksMath({ ...hub, split: "test" });
    const key = (p: { config: string; source?: { index: number } }) => [p.config, p.source?.index];
    // Python: concatenate(filter(problem not in MATH-500) per config).shuffle(seed=0)
    expect(train.shuffle({ seed: 0 }).take(6).toArray().map(key)).toEqual([
      ["number_theory", 429],
      ["number_theory", 81],
      ["counting_and_probability", 296],
      ["precalculus", 50],
      ["algebra", 1102],
      ["intermediate_algebra", 338],
    ]);
    expect(train.shuffle({ seed: 42 }).take(3).toArray().map(key)).toEqual([
      ["precalculus", 467],
      ["algebra", 198],
      ["prealgebra", 315],
    ]);
  });

  it("deepMath and polaris load their stand-in rows in the cookbook's order and count skipped rows", async () => {
    const dmSkips: SkippedRow[] = [];
    const dm = await deepMath({ ...hub, onSkip: (r) => dmSkips.push(r) });
    expect(dm.length + dmSkips.length).toBe(2000);
    expect(dm.at(0)?.answer).not.toBe("");
    const plSkips: SkippedRow[] = [];
    const pl = await polaris({ ...hub, onSkip: (r) => plSkips.push(r) });
    expect(pl.length + plSkips.length).toBe(1500);
    for (const s of [...dmSkips, ...plSkips]) expect(["empty-problem", "empty-answer"]).toContain(s.reason);
    // Python: load_dataset(...).shuffle(seed=0), then the rows whose problem and answer are truthy, as the cookbook
    const head = (ds: Iterable<{ source?: { index: number } }>) => [...ds].map((p) => p.source?.index);
    expect(head(dm.take(8))).toEqual([1946, 1236, 1380, 1949, 1633, 474, 1815, 935]);
    expect(head(dm).slice(-3)).toEqual([1825, 975, 607]);
    expect(head(pl.take(8))).toEqual([804, 1000, 939, 859, 209, 44, 1364, 674]);
    expect(head(pl).slice(-3)).toEqual([184, 975, 607]);
  });

  it("loads again offline from the cache with no mirror", async () => {
    await gsm8k({ ...hub, split: "test" });
    const offline = await gsm8k({ cacheDir, offline: true, endpoint: "http://127.0.0.1:9", token: false, split: "test" });
    expect(offline.length).toBe(1319);
    expect(offline.at(0)?.answer).toBe("18");
  });
});

import { Dataset, Transform, skipRow } from "@crucible/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flatParquet, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadTransformed } from "./load-transformed.js";

let h: MirrorHarness;
const n = 50;
beforeAll(async () => {
  const root = writeFixtureRepo(undefined, "acme/t", {
    "README.md": "---\nlicense: mit\n---\n",
    "data/train-00000-of-00001.parquet": flatParquet({
      id: Array.from({ length: n }, (_, i) => i),
      q: Array.from({ length: n }, (_, i) => `q${i}`),
    }),
  });
  h = await startMirrorHarness(root);
});
afterAll(async () => h?.close());

describe("loadTransformed", () => {
  let calls = 0;
  const t = Transform.rows<Record<string, unknown>>().map((r, ctx) => {
    calls++;
    return (r.id as number) % 10 === 9 ? skipRow("nine") : { q: String(r.q).toUpperCase(), index: ctx.index };
  });
  const spec = { name: "upper", version: 1, rawField: "raw" };

  it("transforms a split into a store and reopens it offline with no request and no transform run", async () => {
    const first = await loadTransformed("acme/t", { ...h.options, split: "train" }, t, spec);
    expect(first.reused).toBe(false);
    expect(first.length).toBe(45);
    expect(first.dataset().at(0)).toEqual({ q: "Q0", index: 0, raw: { id: 0, q: "q0" } });
    expect(first.dataset().info).toMatchObject({ repo: "acme/t", config: "default", split: "train" });
    expect(first.skipped().map((s) => s.index)).toEqual([9, 19, 29, 39, 49]);
    const before = calls;
    h.mirror.resetStats();
    const warm = await loadTransformed("acme/t", { ...h.options, split: "train", offline: true }, t, spec);
    expect(h.mirror.stats.requests).toBe(0);
    expect(calls).toBe(before);
    expect(warm.reused).toBe(true);
    expect(warm.dataset().toArray()).toEqual(first.dataset().toArray());
  });

  it("a slice keeps whole-split indices and is stored under its own fingerprint", async () => {
    const slice = await loadTransformed("acme/t", { ...h.options, split: "train[40:]" }, t, spec);
    expect(
      slice
        .dataset()
        .toArray()
        .map((r) => r.index),
    ).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48]);
    const again = await loadTransformed("acme/t", { ...h.options, split: "train[40:]" }, t, spec);
    expect(again.reused).toBe(true);
    const other = await loadTransformed("acme/t", { ...h.options, split: "train[:5]" }, t, spec);
    expect(other.reused).toBe(false);
    expect(other.length).toBe(5);
  });

  it("on a cold load the transform runs once, on the rows as they are decoded: the split is not read again", async () => {
    const cold = { ...h.options, split: "train", processedDir: `${h.options.processedDir}/feed` };
    const reads = vi.spyOn(Dataset.prototype, Symbol.iterator);
    let runs = 0;
    const counted = Transform.rows<Record<string, unknown>>().map((r) => {
      runs++;
      return (r.id as number) % 10 === 9 ? skipRow("nine") : { q: String(r.q).toUpperCase() };
    });
    try {
      const out = await loadTransformed("acme/t", cold, counted, { name: "upper-feed", version: 1 });
      expect(reads).not.toHaveBeenCalled();
      expect(runs).toBe(n);
      expect(out.length).toBe(45);
      expect(out.skipped().map((s) => s.index)).toEqual([9, 19, 29, 39, 49]);
      expect(out.dataset().at(44)).toEqual({ q: "Q48" });
    } finally {
      reads.mockRestore();
    }
  });
});

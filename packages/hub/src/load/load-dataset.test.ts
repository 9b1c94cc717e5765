import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourceRowOf } from "@crucible/core";
import { CrucibleError } from "@crucible/types";
import { flatParquet, hfMetadata, jsonl, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadDataset } from "./load-dataset.js";

let h: MirrorHarness;
const q = Array.from({ length: 100 }, (_, i) => `q${i}`);
beforeAll(async () => {
  const root = writeFixtureRepo(undefined, "acme/load", {
    "README.md": "---\nlicense: mit\n---\n",
    "data/train-00000-of-00002.parquet": flatParquet(
      { q: q.slice(0, 60), label: q.slice(0, 60).map((_, i) => i % 3) },
      hfMetadata({ q: { dtype: "string", _type: "Value" }, label: { names: ["a", "b", "c"], _type: "ClassLabel" } }),
    ),
    "data/train-00001-of-00002.parquet": flatParquet({ q: q.slice(60), label: q.slice(60).map((_, i) => (i + 60) % 3) }),
    "data/test-00000-of-00001.parquet": flatParquet({ q: ["t0", "t1", "t2", "t3"], label: [0, 1, 2, 0] }),
  });
  writeFixtureRepo(root, "acme/json", {
    "train.jsonl.gz": jsonl([{ a: 1 }, { a: 2, b: "x" }, { b: "y" }, { b: "z", a: 3 }], true),
  });
  writeFixtureRepo(root, "acme/kw", {
    "README.md":
      "---\nconfigs:\n- config_name: semi\n  data_files: a.csv\n  sep: ';'\n- config_name: nested\n  data_files: b.json\n  field: data\n---\n",
    "a.csv": "x;y\n1;one\n2;two\n",
    "b.json": JSON.stringify({ version: 1, data: [{ z: "p" }, { z: "q" }] }),
  });
  h = await startMirrorHarness(root);
});
afterAll(async () => h?.close());

describe("loadDataset", () => {
  it("without a split gives a DatasetDict in Python's split order, shards concatenated in order, ClassLabel kept", async () => {
    const d = await loadDataset("acme/load", h.options);
    expect(d.splits).toEqual(["train", "test"]);
    const train = d.get("train");
    expect(train.length).toBe(100);
    expect(train.at(59)).toEqual({ q: "q59", label: 2 });
    expect(train.at(60)).toEqual({ q: "q60", label: 0 });
    expect(train.features?.label).toEqual({ kind: "class_label", names: ["a", "b", "c"] });
    expect(train.info).toMatchObject({ repo: "acme/load", config: "default", split: "train" });
    expect(train.info.revision).toMatch(/^[0-9a-f]{40}$/);
  });

  it("split strings: slices, percents and +", async () => {
    const ds = await loadDataset("acme/load", { ...h.options, split: "train[:10%]+test[-2:]" });
    expect([...ds].map((r) => r.q)).toEqual([...q.slice(0, 10), "t2", "t3"]);
    // Row provenance for slices: which source rows these are (and a derived view drops it).
    expect(ds.info.sourceRanges).toEqual([
      { split: "train", start: 0, end: 10 },
      { split: "test", start: 2, end: 4 },
    ]);
    expect(sourceRowOf(ds.info, 11)).toEqual({ split: "test", index: 3 });
    expect(ds.shuffle({ seed: 0 }).info.sourceRanges).toBeUndefined();
    const whole = await loadDataset("acme/load", { ...h.options, split: "test" });
    expect(whole.info.sourceRanges).toBeUndefined();
    const err = await loadDataset("acme/load", { ...h.options, split: "validation" }).catch((e: unknown) => e);
    expect(CrucibleError.hasCode(err, "SPLIT_NOT_FOUND")).toBe(true);
    expect(String(err)).toContain("train, test");
  });

  it("a warm reload reopens the row store: one revision request, nothing downloaded", async () => {
    await loadDataset("acme/load", { ...h.options, split: "test" });
    h.mirror.resetStats();
    const ds = await loadDataset("acme/load", { ...h.options, split: "test" });
    expect(ds.length).toBe(4);
    expect(h.mirror.stats.requests).toBe(1);
    expect(h.mirror.stats.byRoute.resolve ?? 0).toBe(0);
  });

  it("honours README builder kwargs: csv sep, json field", async () => {
    expect([...(await loadDataset("acme/kw", { ...h.options, config: "semi", split: "train" }))]).toEqual([
      { x: 1, y: "one" },
      { x: 2, y: "two" },
    ]);
    expect([...(await loadDataset("acme/kw", { ...h.options, config: "nested", split: "train" }))]).toEqual([{ z: "p" }, { z: "q" }]);
  });

  it("JSON Lines rows are unified to the union of their keys, missing values null (like pyarrow)", async () => {
    const ds = await loadDataset("acme/json", { ...h.options, split: "train" });
    expect([...ds]).toEqual([
      { a: 1, b: null },
      { a: 2, b: "x" },
      { a: null, b: "y" },
      { a: 3, b: "z" },
    ]);
    expect(Object.keys(ds.at(3) as object)).toEqual(["a", "b"]);
  });
});

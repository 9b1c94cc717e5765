import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrucibleError } from "@crucible/types";
import { chatParquet, chatRow, jsonl, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadDataset } from "../load/load-dataset.js";
import { streamDataset } from "./stream-dataset.js";

const PARQUET_ROWS = 30000;
const jsonRows = Array.from({ length: 3000 }, (_, i) => ({ i, text: `row ${i} `.repeat(10) }));
let h: MirrorHarness;
let bigSize = 0;

beforeAll(async () => {
  const big = chatParquet(PARQUET_ROWS, { pageSize: 16384, rowGroupSize: 12000, contentRepeat: 25 });
  bigSize = big.byteLength;
  const root = writeFixtureRepo(undefined, "acme/stream", {
    "README.md":
      "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n  - split: validation\n    path: data/train-*\n- config_name: js\n  data_files:\n  - split: test\n    path: data/test.jsonl.gz\n- config_name: doc\n  data_files: doc/rows.json\n---\n",
    "data/train-00000-of-00001.parquet": big,
    "data/test.jsonl.gz": jsonl(jsonRows, true),
    "doc/rows.json": JSON.stringify([{ a: 1 }, { a: 2 }]),
  });
  h = await startMirrorHarness(root);
});
afterAll(async () => h?.close());

async function take(it: AsyncIterable<Record<string, unknown>>, n: number) {
  const out: Array<Record<string, unknown>> = [];
  for await (const r of it) {
    out.push(r);
    if (out.length >= n) break;
  }
  return out;
}

describe("streamDataset through the mirror", () => {
  it("first 10 Parquet rows cost the footer plus first pages (≤ 5% of the file)", async () => {
    const ds = await streamDataset("acme/stream", { ...h.options, split: "train" });
    h.mirror.resetStats();
    const rows = await take(ds, 10);
    expect(rows).toEqual(Array.from({ length: 10 }, (_, i) => chatRow(i, 25)));
    expect(bigSize).toBeGreaterThan(1_000_000);
    expect(h.mirror.stats.bytesSent / bigSize).toBeLessThan(0.05);
  });

  it("streams every row, equal to loadDataset", async () => {
    const streamed = await take(await streamDataset("acme/stream", { ...h.options, split: "train" }), Infinity);
    const loaded = [...(await loadDataset("acme/stream", { ...h.options, split: "train" }))];
    expect(streamed.length).toBe(PARQUET_ROWS);
    expect(streamed).toEqual(loaded);
  });

  it("streams JSONL.gz line by line and resumes after the connection is cut", async () => {
    h.mirror.setFaults({ cutBodyAfterBytes: 20_000, routes: ["resolve"] });
    try {
      const rows = await take(await streamDataset("acme/stream", { ...h.options, config: "js", split: "test" }), Infinity);
      expect(rows).toEqual(jsonRows);
    } finally {
      h.mirror.setFaults({});
    }
  });

  it("a .json document (not JSON Lines) streams too", async () => {
    expect(await take(await streamDataset("acme/stream", { ...h.options, config: "doc", split: "train" }), Infinity)).toEqual([
      { a: 1 },
      { a: 2 },
    ]);
  });

  it("loadDataset({ streaming: true }) streams too", async () => {
    const it = await loadDataset("acme/stream", { ...h.options, split: "train", streaming: true });
    expect(await take(it, 3)).toEqual([chatRow(0, 25), chatRow(1, 25), chatRow(2, 25)]);
  });

  it("offline, streams read the cached files with zero network calls", async () => {
    await loadDataset("acme/stream", { ...h.options, config: "js", split: "test" });
    let calls = 0;
    const fetch = (async () => {
      calls++;
      throw new Error("network used offline");
    }) as unknown as typeof globalThis.fetch;
    const rows = await take(
      await streamDataset("acme/stream", { ...h.options, offline: true, fetch, config: "js", split: "test" }),
      Infinity,
    );
    expect(rows).toEqual(jsonRows);
    expect(calls).toBe(0);
  });

  it("without a split gives every split; sliced split strings are refused", async () => {
    const dict = await streamDataset("acme/stream", h.options);
    expect(dict.splits).toEqual(["train", "validation"]);
    const err = await streamDataset("acme/stream", { ...h.options, split: "train[:10]" }).catch((e: unknown) => e);
    expect(CrucibleError.hasCode(err, "INVALID_ARGUMENT")).toBe(true);
  });
});

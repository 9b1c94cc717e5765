// The dataset-viewer API of the mirror, with requests shaped as the public dataset-viewer documentation's examples.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "../server.js";
import type { Mirror } from "../types.js";
import { buildViewerFixture, type ViewerFixture } from "./test-support/fixtures.js";

let fx: ViewerFixture;
let mirror: Mirror;
let indexDir: string;

beforeAll(async () => {
  fx = await buildViewerFixture();
  indexDir = mkdtempSync(path.join(os.tmpdir(), "crucible-viewer-index-"));
  mirror = await startMirror({
    root: fx.root,
    viewer: { indexDir },
    repos: { "viewer/private": { private: true, tokens: ["hf_secret"] } },
  });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
  rmSync(indexDir, { recursive: true, force: true });
});

async function get(pathAndQuery: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${mirror.url}${pathAndQuery}`);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const q = (params: Record<string, string | number>): string =>
  new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))).toString();

describe("dataset-viewer API", () => {
  it("/is-valid reports the capabilities, and 404s an unknown dataset", async () => {
    const ok = await get(`/is-valid?${q({ dataset: "viewer/table" })}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ preview: true, viewer: true, search: true, filter: true, statistics: true });
    // JSON Lines is converted on first use (as the Hub converts it to Parquet)
    const jsonl = await get(`/is-valid?dataset=viewer/jsonl`);
    expect(jsonl.body).toEqual({ preview: true, viewer: true, search: true, filter: true, statistics: true });
    const rows = await get(`/rows?${q({ dataset: "viewer/jsonl", config: "default", split: "train" })}`);
    expect(rows.body.features).toEqual([
      { feature_idx: 0, name: "a", type: { dtype: "int64", _type: "Value" } },
      { feature_idx: 1, name: "b", type: { dtype: "string", _type: "Value" } },
    ]);
    expect(rows.body.rows.map((r: any) => r.row)).toEqual([
      { a: 1, b: null },
      { a: 2, b: "two words" },
    ]);
    const hit = await get(`/search?${q({ dataset: "viewer/jsonl", config: "default", split: "train", query: "WORDS" })}`);
    expect(hit.body.rows.map((r: any) => r.row_idx)).toEqual([1]);
    const info = await get(`/info?${q({ dataset: "viewer/jsonl", config: "default" })}`);
    expect(info.body.dataset_info.builder_name).toBe("json");
    const pq = await get(`/parquet?dataset=viewer/jsonl`);
    expect(pq.status).toBe(404);
    const empty = await get(`/is-valid?dataset=viewer/empty`);
    expect(empty.body).toEqual({ preview: false, viewer: false, search: false, filter: false, statistics: false });
    const missing = await get(`/is-valid?dataset=viewer/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("DatasetNotFoundError");
    const noParam = await get(`/is-valid`);
    expect(noParam.status).toBe(422);
    expect(noParam.headers.get("x-error-code")).toBe("MissingRequiredParameter");
  });

  it("/splits lists config and split names", async () => {
    const r = await get(`/splits?dataset=viewer/table`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      splits: [
        { dataset: "viewer/table", config: "default", split: "train" },
        { dataset: "viewer/table", config: "default", split: "test" },
      ],
      pending: [],
      failed: [],
    });
  });

  it("/first-rows returns typed features and the first rows", async () => {
    const r = await get(`/first-rows?${q({ dataset: "viewer/table", config: "default", split: "train" })}`);
    expect(r.status).toBe(200);
    expect(r.body.dataset).toBe("viewer/table");
    expect(r.body.features.slice(0, 2)).toEqual([
      { feature_idx: 0, name: "id", type: { dtype: "int64", _type: "Value" } },
      { feature_idx: 1, name: "text", type: { dtype: "string", _type: "Value" } },
    ]);
    expect(r.body.features[4]).toEqual({
      feature_idx: 4,
      name: "label",
      type: { names: ["zero", "one", "two", "three", "four"], _type: "ClassLabel" },
    });
    expect(r.body.rows).toHaveLength(100);
    expect(r.body.rows[3]).toEqual({
      row_idx: 3,
      row: { id: 3, text: "row 3 delta plain", score: 0.75, flag: true, label: 3, tags: ["t0", "t1", "t2"], kind: "dog" },
      truncated_cells: [],
    });
    expect(r.body.truncated).toBe(true);
  });

  it("/rows pages across shards with num_rows_total", async () => {
    const r = await get(`/rows?${q({ dataset: "viewer/table", config: "default", split: "train", offset: 120, length: 20 })}`);
    expect(r.status).toBe(200);
    expect(r.body.num_rows_total).toBe(250);
    expect(r.body.num_rows_per_page).toBe(100);
    expect(r.body.partial).toBe(false);
    expect(r.body.rows.map((x: any) => x.row_idx)).toEqual(Array.from({ length: 20 }, (_, i) => 120 + i));
    expect(r.body.rows.map((x: any) => x.row.id)).toEqual(Array.from({ length: 20 }, (_, i) => 120 + i));
    const tail = await get(`/rows?${q({ dataset: "viewer/table", config: "default", split: "train", offset: 240, length: 100 })}`);
    expect(tail.body.rows).toHaveLength(10);
    const past = await get(`/rows?${q({ dataset: "viewer/table", config: "default", split: "train", offset: 900 })}`);
    expect(past.body.rows).toEqual([]);
  });

  it("/rows rejects a length over 100 and bad offsets, and 404s unknown splits", async () => {
    const big = await get(`/rows?${q({ dataset: "viewer/table", config: "default", split: "train", length: 101 })}`);
    expect(big.status).toBe(422);
    expect(big.headers.get("x-error-code")).toBe("InvalidParameter");
    const neg = await get(`/rows?${q({ dataset: "viewer/table", config: "default", split: "train", offset: -1 })}`);
    expect(neg.status).toBe(422);
    const split = await get(`/rows?${q({ dataset: "viewer/table", config: "default", split: "nope" })}`);
    expect(split.status).toBe(404);
    expect(split.headers.get("x-error-code")).toBe("ResponseNotFound");
    const noSplit = await get(`/rows?${q({ dataset: "viewer/table", config: "default" })}`);
    expect(noSplit.status).toBe(422);
  });

  it("/search finds rows containing every word, case-insensitively, and builds the index once", async () => {
    const r = await get(
      `/search?${q({ dataset: "viewer/table", config: "default", split: "train", query: "SEVEN gamma", offset: 0, length: 100 })}`,
    );
    expect(r.status).toBe(200);
    const expected = Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 7 === 0 && i % 4 === 2);
    expect(r.body.num_rows_total).toBe(expected.length);
    expect(r.body.rows.map((x: any) => x.row_idx)).toEqual(expected);
    expect(r.body.rows.every((x: any) => x.row.id === x.row_idx)).toBe(true);
    // FTS syntax in the query is plain text, not operators
    const ops = await get(`/search?${q({ dataset: "viewer/table", config: "default", split: "train", query: '"seven" beta*' })}`);
    expect(ops.status).toBe(200);
    expect(ops.body.num_rows_total).toBe(Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 7 === 0 && i % 4 === 1).length);
    const sqlite = (): string[] => readdirSync(indexDir).filter((f) => f.endsWith(".sqlite"));
    const before = sqlite();
    expect(before.length).toBeGreaterThanOrEqual(1);
    await get(`/search?${q({ dataset: "viewer/table", config: "default", split: "train", query: "alpha" })}`);
    expect(sqlite()).toEqual(before);
    expect(readdirSync(indexDir).some((f) => f.includes(".tmp-"))).toBe(false);
    const none = await get(`/search?${q({ dataset: "viewer/table", config: "default", split: "train" })}`);
    expect(none.status).toBe(422);
  });

  it("/filter applies where and orderby, with ClassLabel, booleans, lists and NULLs", async () => {
    const base = { dataset: "viewer/table", config: "default", split: "train" };
    const r = await get(`/filter?${q({ ...base, where: `"flag"=true AND "score">10 AND "kind"='cat'`, orderby: `"id" DESC`, length: 5 })}`);
    expect(r.status).toBe(200);
    const all = Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 10 !== 9 && i / 4 > 10 && i % 2 === 0);
    expect(r.body.num_rows_total).toBe(all.length);
    expect(r.body.rows.map((x: any) => x.row_idx)).toEqual(all.reverse().slice(0, 5));
    const nulls = await get(`/filter?${q({ ...base, where: `score IS NULL AND label IN (4, 0)` })}`);
    expect(nulls.body.rows.map((x: any) => x.row_idx)).toEqual(
      Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 10 === 9 && [0, 4].includes(i % 5)),
    );
    const like = await get(`/filter?${q({ ...base, where: `text LIKE '%delta seven'`, orderby: "tags DESC, id" })}`);
    expect(like.body.rows.map((x: any) => x.row.text.endsWith("delta seven"))).not.toContain(false);
    expect(like.body.num_rows_total).toBe(Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 7 === 0 && i % 4 === 3).length);
  });

  it("/filter refuses anything that is not a validated expression", async () => {
    const base = { dataset: "viewer/table", config: "default", split: "train" };
    for (const where of [
      `id = 1; DROP TABLE rows`,
      `id = 1 UNION SELECT 1`,
      `"nope" = 1`,
      `id = (SELECT 1)`,
      `id = 'x'`,
      `id`,
      `text LIKE 3`,
      `"id" = 1 --`,
    ]) {
      const r = await get(`/filter?${q({ ...base, where })}`);
      expect(r.status, where).toBe(422);
      expect(r.headers.get("x-error-code")).toBe("InvalidParameter");
      expect(r.body.error).toMatch(/Parameter 'where' is invalid/);
    }
    const order = await get(`/filter?${q({ ...base, orderby: "id; DROP TABLE rows" })}`);
    expect(order.status).toBe(422);
  });

  it("/statistics describes each column", async () => {
    const r = await get(`/statistics?${q({ dataset: "viewer/table", config: "default", split: "train" })}`);
    expect(r.status).toBe(200);
    expect(r.body.num_examples).toBe(250);
    const byName = Object.fromEntries(r.body.statistics.map((s: any) => [s.column_name, s]));
    expect(byName.id.column_type).toBe("int");
    expect(byName.id.column_statistics).toMatchObject({ nan_count: 0, min: 0, max: 249, mean: 124.5, median: 124 });
    expect(byName.id.column_statistics.histogram.hist.reduce((a: number, b: number) => a + b, 0)).toBe(250);
    expect(byName.score.column_type).toBe("float");
    expect(byName.score.column_statistics.nan_count).toBe(25);
    expect(byName.flag.column_statistics.frequencies).toEqual({ False: 166, True: 84 });
    expect(byName.label.column_type).toBe("class_label");
    expect(byName.label.column_statistics.frequencies).toEqual({ zero: 50, one: 50, two: 50, three: 50, four: 50 });
    expect(byName.kind).toMatchObject({
      column_type: "string_label",
      column_statistics: { n_unique: 2, frequencies: { cat: 125, dog: 125 } },
    });
    expect(byName.text.column_type).toBe("string_text");
    expect(byName.tags.column_type).toBe("list");
    expect(byName.tags.column_statistics).toMatchObject({ min: 0, max: 3 });
  });

  it("/info, /size and /parquet describe configs, sizes and files", async () => {
    const info = await get(`/info?${q({ dataset: "viewer/table", config: "default" })}`);
    expect(info.status).toBe(200);
    expect(info.body.dataset_info.splits.train.num_examples).toBe(250);
    expect(info.body.dataset_info.features.label).toEqual({ names: ["zero", "one", "two", "three", "four"], _type: "ClassLabel" });
    const size = await get(`/size?dataset=viewer/table`);
    expect(size.body.size.dataset.num_rows).toBe(290);
    expect(size.body.size.splits.map((s: any) => [s.split, s.num_rows])).toEqual([
      ["train", 250],
      ["test", 40],
    ]);
    const pq = await get(`/parquet?dataset=viewer/table`);
    expect(pq.body.parquet_files.map((f: any) => `${f.split}/${f.filename}`)).toEqual([
      "train/0000.parquet",
      "train/0001.parquet",
      "test/0000.parquet",
    ]);
    const file = await fetch(pq.body.parquet_files[0].url);
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe("PAR1");
  });

  it("serves image cells as raster URLs and never serves markup as an image", async () => {
    const r = await get(`/rows?${q({ dataset: "viewer/images", config: "default", split: "train" })}`);
    const cell = r.body.rows[1].row.image;
    expect(cell).toMatchObject({ width: 32, height: 24 });
    expect(cell.src).toMatch(/\/assets\/viewer\/images\/--\/main\/--\/default\/train\/1\/image\/image\.png$/);
    const img = await fetch(cell.src);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    const hostile = await get(`/rows?${q({ dataset: "viewer/hostile", config: "default", split: "train" })}`);
    expect(hostile.body.rows[0].row.image).toBeNull();
    expect(hostile.body.rows[1].row.image.src).toMatch(/image\.png$/);
    const svg = await fetch(`${mirror.url}/assets/viewer/hostile/--/main/--/default/train/0/image/image.svg`);
    expect(svg.status).toBe(404);
    // once the split's index (and row store) is built, /rows reads from it: same cells
    const before = await get(`/rows?${q({ dataset: "viewer/images", config: "default", split: "train" })}`);
    await get(`/filter?${q({ dataset: "viewer/images", config: "default", split: "train", where: "label >= 0" })}`);
    const after = await get(`/rows?${q({ dataset: "viewer/images", config: "default", split: "train" })}`);
    expect(after.body).toEqual(before.body);
    expect(after.body.rows[2].row.image.width).toBe(32);
  });

  it("hides private datasets without the token", async () => {
    const r = await get(`/splits?dataset=viewer/private`);
    expect(r.status).toBe(404);
    expect(r.body.error).not.toContain("hf_secret");
  });
});

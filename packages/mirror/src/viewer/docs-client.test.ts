// A client written the way the public dataset-viewer documentation shows (fetch `${API_URL}/<endpoint>?…` with an
// optional `Authorization: Bearer` header, query strings as in its examples) works unchanged against the mirror.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "../server.js";
import type { Mirror } from "../types.js";
import { buildViewerFixture, type ViewerFixture } from "./test-support/fixtures.js";

let fx: ViewerFixture;
let mirror: Mirror;
let indexDir: string;
const TOKEN = "hf_docs_example_token";

beforeAll(async () => {
  fx = await buildViewerFixture();
  indexDir = mkdtempSync(path.join(os.tmpdir(), "crucible-viewer-docs-"));
  mirror = await startMirror({ root: fx.root, viewer: { indexDir }, repos: { "viewer/chat": { private: true, tokens: [TOKEN] } } });
}, 60_000);
afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
  rmSync(indexDir, { recursive: true, force: true });
});

/** The documentation's JavaScript example, with the API base URL swapped for the mirror. */
async function query(endpoint: string, token?: string): Promise<{ status: number; data: any }> {
  const response = await fetch(
    `${mirror.url}/${endpoint}`,
    token ? { headers: { Authorization: `Bearer ${token}` }, method: "GET" } : { method: "GET" },
  );
  return { status: response.status, data: await response.json() };
}

describe("a client written against the dataset-viewer documentation", () => {
  it("checks validity and lists splits", async () => {
    expect((await query("is-valid?dataset=ibm/duorc")).data).toEqual({
      preview: true,
      viewer: true,
      search: true,
      filter: true,
      statistics: true,
    });
    expect((await query("splits?dataset=ibm/duorc")).data).toEqual({
      splits: [
        { dataset: "ibm/duorc", config: "ParaphraseRC", split: "train" },
        { dataset: "ibm/duorc", config: "SelfRC", split: "train" },
      ],
      pending: [],
      failed: [],
    });
  });

  it("previews and pages rows", async () => {
    const first = (await query("first-rows?dataset=ibm/duorc&config=ParaphraseRC&split=train")).data;
    expect(first.features.map((f: any) => f.name)).toEqual(["plot_id", "plot", "title", "question_id", "question", "answers", "no_answer"]);
    expect(first.features[5]).toEqual({
      feature_idx: 5,
      name: "answers",
      type: { feature: { dtype: "string", _type: "Value" }, _type: "List" },
    });
    expect(first.rows).toHaveLength(100);
    const page = (await query("rows?dataset=ibm/duorc&config=ParaphraseRC&split=train&offset=150&length=10")).data;
    expect(page.num_rows_total).toBe(200);
    expect(page.rows.map((r: any) => r.row_idx)).toEqual([150, 151, 152, 153, 154, 155, 156, 157, 158, 159]);
    expect(page.rows[1].row).toEqual({
      plot_id: "ParaphraseRC-37",
      plot: "A quiet story number 151.",
      title: "Title 37",
      question_id: "q0151",
      question: "What happens in part 151?",
      answers: ["answer 151"],
      no_answer: false,
    });
  });

  it("searches and filters with the documented parameters", async () => {
    const search = (await query("search?dataset=ibm/duorc&config=SelfRC&split=train&query=dog&offset=0&length=10")).data;
    expect(search.num_rows_total).toBe(Math.ceil(120 / 9));
    expect(search.rows.map((r: any) => r.row_idx)).toEqual([0, 9, 18, 27, 36, 45, 54, 63, 72, 81]);
    const filtered = (await query("filter?dataset=ibm/duorc&config=SelfRC&split=train&where=no_answer=true&offset=0&length=10")).data;
    expect(filtered.num_rows_total).toBe(24);
    expect(filtered.rows.every((r: any) => r.row.no_answer === true && r.row.answers.length === 0)).toBe(true);
    const where = encodeURIComponent(`"plot" LIKE '%kid%'`);
    const ordered = (
      await query(
        `filter?dataset=ibm/duorc&config=SelfRC&split=train&where=${where}&orderby=${encodeURIComponent("question_id DESC")}&offset=0&length=3`,
      )
    ).data;
    expect(ordered.rows.map((r: any) => r.row.question_id)).toEqual(["q0117", "q0108", "q0099"]);
  });

  it("reads parquet files, info, size and statistics", async () => {
    const pq = (await query("parquet?dataset=ibm/duorc")).data;
    expect(pq.parquet_files.map((f: any) => [f.config, f.split, f.filename])).toEqual([
      ["ParaphraseRC", "train", "0000.parquet"],
      ["SelfRC", "train", "0000.parquet"],
    ]);
    const info = (await query("info?dataset=ibm/duorc&config=ParaphraseRC")).data;
    expect(info.dataset_info.splits.train).toMatchObject({ name: "train", num_examples: 200 });
    const size = (await query("size?dataset=ibm/duorc")).data;
    expect(size.size.configs.map((c: any) => [c.config, c.num_rows, c.num_columns])).toEqual([
      ["ParaphraseRC", 200, 7],
      ["SelfRC", 120, 7],
    ]);
    const stats = (await query("statistics?dataset=ibm/duorc&config=ParaphraseRC&split=train")).data;
    expect(stats.num_examples).toBe(200);
    expect(stats.statistics.find((s: any) => s.column_name === "no_answer").column_statistics.frequencies).toEqual({
      False: 160,
      True: 40,
    });
  });

  it("sends the token for private datasets, as the documentation shows", async () => {
    expect((await query("is-valid?dataset=viewer/chat")).status).toBe(404);
    const ok = await query("first-rows?dataset=viewer/chat&config=default&split=train", TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.data.rows).toHaveLength(2);
  });
});

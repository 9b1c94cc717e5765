// `crucible view`: local files and stored results through the mirror's viewer.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Dataset } from "@crucible/core";
import { ResultStore } from "@crucible/eval";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "./context.js";
import { runCli } from "./main.js";
import { viewCommand } from "./view.js";

let dir: string;
const sink = () => {
  const s = { text: "", write: (c: string) => ((s.text += c), true) };
  return s;
};
const io = (): CliIO & { stdout: ReturnType<typeof sink> } => ({
  stdout: sink(),
  stderr: sink(),
  env: { CRUCIBLE_HOME: path.join(dir, "home"), HF_HUB_CACHE: path.join(dir, "hf") },
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "crucible-view-cli-"));
  await Dataset.fromRows([{ question: "1+1?", answer: "2" }]).toParquet(path.join(dir, "qa.parquet"));
  const store = ResultStore.open({ path: path.join(dir, "results.sqlite") });
  store.save({
    model: "m",
    dataset: "d",
    metrics: { accuracy: 1 },
    items: [{ id: "0", scores: { accuracy: 1 }, answered: true, prediction: "2", reference: "2" }],
    coverage: { total: 1, answered: 1, missingIds: [] },
    unknownPredictionIds: [],
    timing: { startedAt: new Date(0).toISOString(), durationMs: 1 },
  });
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("crucible view", () => {
  it("serves a local Parquet file and prints the viewer URL", async () => {
    const out = io();
    let rows: unknown;
    const url = await viewCommand(path.join(dir, "qa.parquet"), {}, {}, out, async (v) => {
      rows = ((await (await fetch(`${v.mirror.url}/rows?dataset=local/qa&config=default&split=train`)).json()) as { rows: unknown }).rows;
      expect((await fetch(v.url)).headers.get("content-security-policy")).toContain("script-src 'self'");
    });
    expect(out.stdout.text.trim()).toBe(url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/viewer\?dataset=local%2Fqa$/);
    expect(rows).toEqual([{ row_idx: 0, row: { question: "1+1?", answer: "2" }, truncated_cells: [] }]);
  });

  it("--results opens the result store's runs", async () => {
    const out = io();
    let listed: Array<{ model: string }> = [];
    const url = await viewCommand(undefined, { results: true, storePath: path.join(dir, "results.sqlite") }, {}, out, async (v) => {
      listed = ((await (await fetch(`${v.mirror.url}/viewer-api/results`)).json()) as { results: Array<{ model: string }> }).results;
    });
    expect(url).toMatch(/\/viewer\?tab=results$/);
    expect(listed.map((r) => r.model)).toEqual(["m"]);
  });

  it("a repo id selects that dataset; an unknown name is an error", async () => {
    const out = io();
    const url = await viewCommand("openai/gsm8k", { port: 0 }, {}, out, async () => undefined);
    expect(url).toMatch(/\/viewer\?dataset=openai%2Fgsm8k$/);
    const err = sink();
    expect(await runCli(["view", "no-such-thing"], { stdout: sink(), stderr: err, env: io().env })).toBe(1);
    expect(err.text).toContain("neither a dataset name nor a Hub repo id");
  });
});

// startViewer: local Parquet files served as `local/<name>` with the viewer's URL; bad inputs are typed errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Dataset } from "@crucible/core";
import { InvalidArgumentError } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startViewer } from "./start.js";

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "crucible-start-viewer-"));
  await Dataset.fromRows([{ q: "one" }, { q: "two" }]).toParquet(path.join(dir, "my file.parquet"));
  mkdirSync(path.join(dir, "folder", "data"), { recursive: true });
  await Dataset.fromRows([{ x: 1 }]).toParquet(path.join(dir, "folder", "data", "train-00000-of-00001.parquet"));
  await Dataset.fromRows([{ x: 2 }, { x: 3 }]).toParquet(path.join(dir, "folder", "data", "test-00000-of-00001.parquet"));
  writeFileSync(path.join(dir, "notes.txt"), "hi");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("startViewer", () => {
  it("serves a local file and a folder as local/<name> and points at the first", async () => {
    const v = await startViewer({
      files: [path.join(dir, "my file.parquet"), path.join(dir, "folder")],
      indexDir: path.join(dir, "index"),
    });
    try {
      expect(v.url).toBe(`${v.mirror.url}/viewer?dataset=local%2Fmy_file`);
      const rows = await (await fetch(`${v.mirror.url}/rows?dataset=local/my_file&config=default&split=train`)).json();
      expect(rows.rows.map((r: { row: { q: string } }) => r.row.q)).toEqual(["one", "two"]);
      const splits = await (await fetch(`${v.mirror.url}/splits?dataset=local/folder`)).json();
      expect(splits.splits.map((s: { split: string }) => s.split)).toEqual(["train", "test"]);
    } finally {
      await v.close();
    }
    await expect(fetch(`${v.mirror.url}/is-valid?dataset=local/my_file`)).rejects.toThrow();
  });

  it("opens the results tab and rejects what it cannot show", async () => {
    const v = await startViewer({ showResults: true, indexDir: path.join(dir, "index") });
    expect(v.url).toBe(`${v.mirror.url}/viewer?tab=results`);
    await v.close();
    await expect(startViewer({ files: [path.join(dir, "notes.txt")] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(startViewer({ files: [path.join(dir, "missing.parquet")] })).rejects.toThrow(/No such file/);
  });
});

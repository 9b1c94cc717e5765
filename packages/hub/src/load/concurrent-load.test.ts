import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flatParquet, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadDataset } from "./load-dataset.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const register = path.resolve(here, "../../../../tooling/vitest/ts-worker-register.mjs");
const child = path.join(here, "../test-support/child-load.mjs");

interface ChildResult {
  ok: boolean;
  length?: number;
  first?: Record<string, unknown>;
  last?: Record<string, unknown>;
  code?: string;
  message?: string;
}

function loadInChild(options: object, repo: string, config: string, split: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--conditions=@crucible/source", "--import", register, child, JSON.stringify(options), repo, config, split],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
    proc.on("error", reject);
    proc.on("close", () => {
      const line = out
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .at(-1);
      if (!line) reject(new Error(`child printed no result: ${err}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

let h: MirrorHarness;
const n = 30_000;
beforeAll(async () => {
  const ids = Array.from({ length: n }, (_, i) => i);
  const root = writeFixtureRepo(undefined, "acme/busy", {
    "README.md": "---\nlicense: mit\n---\n",
    "data/train-00000-of-00002.parquet": flatParquet({
      id: ids.slice(0, n / 2),
      text: ids.slice(0, n / 2).map((i) => `row ${i} `.repeat(20)),
    }),
    "data/train-00001-of-00002.parquet": flatParquet({ id: ids.slice(n / 2), text: ids.slice(n / 2).map((i) => `row ${i} `.repeat(20)) }),
  });
  h = await startMirrorHarness(root);
});
afterAll(async () => h?.close());

describe("two processes loading the same dataset at once", () => {
  it("both succeed with the same rows; the shared caches then serve an offline load", async () => {
    // Same HF cache and processed-data dir for both: they race on the downloads, the locks and the row store.
    const results = await Promise.all([
      loadInChild(h.options, "acme/busy", "default", "train"),
      loadInChild(h.options, "acme/busy", "default", "train"),
    ]);
    for (const r of results) {
      expect(r.ok, r.message).toBe(true);
      expect(r.length).toBe(n);
      expect(r.first).toEqual({ id: 0, text: "row 0 ".repeat(20) });
      expect(r.last).toEqual({ id: n - 1, text: `row ${n - 1} `.repeat(20) });
    }
    h.mirror.resetStats();
    const offline = await loadDataset("acme/busy", { ...h.options, split: "train", offline: true });
    expect(offline.length).toBe(n);
    expect(offline.at(12_345)).toEqual({ id: 12_345, text: "row 12345 ".repeat(20) });
    expect(h.mirror.stats.requests).toBe(0);
  }, 120_000); // two child processes each import the TypeScript sources: slow on a loaded machine
});

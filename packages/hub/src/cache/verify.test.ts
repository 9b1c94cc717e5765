import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flatParquet, jsonl, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadDataset } from "../load/load-dataset.js";
import { tempDir } from "../download/test-support/fixtures.js";
import { verifyCache } from "./verify.js";

let h: MirrorHarness;
beforeAll(async () => {
  const root = writeFixtureRepo(undefined, "acme/lines", {
    "train.jsonl": jsonl(Array.from({ length: 300 }, (_, i) => ({ i, t: `row ${i}` }))),
  });
  writeFixtureRepo(root, "acme/table", {
    "data/train-00000-of-00001.parquet": flatParquet({ q: Array.from({ length: 100 }, (_, i) => `q${i}`) }),
  });
  h = await startMirrorHarness(root);
}, 30_000);
afterAll(async () => h?.close());

function snapshotOf(repo: string, file: string): string {
  const snapshots = path.join(h.options.cacheDir, `datasets--${repo.replace("/", "--")}`, "snapshots");
  return path.join(snapshots, readdirSync(snapshots)[0] as string, file);
}

describe("verifyCache", () => {
  it("finds damaged blobs, links out of the cache and damaged or outdated stores; repair deletes them; loads recover", async () => {
    const storeRoot = path.join(h.options.processedDir, "stores");
    await loadDataset("acme/lines", { ...h.options, split: "train" });
    await loadDataset("acme/table", { ...h.options, split: "train" });
    const opts = { cacheDir: h.options.cacheDir, storeRoot };
    const clean = await verifyCache(opts);
    expect(clean.issues).toEqual([]);
    expect(clean.blobs).toBeGreaterThanOrEqual(2);
    expect(clean.stores).toBe(2);

    // 1) a flipped byte in a blob
    const blob = realpathSync(snapshotOf("acme/lines", "train.jsonl"));
    const bytes = readFileSync(blob);
    bytes[100] = (bytes[100] as number) ^ 1;
    writeFileSync(blob, bytes);
    // 2) a snapshot entry linked outside the cache
    const outside = path.join(tempDir(), "elsewhere.bin");
    writeFileSync(outside, "not yours");
    const link = snapshotOf("acme/table", "data/extra.parquet");
    symlinkSync(outside, link);
    // 3) a flipped byte in a row store's data
    const stores = readdirSync(storeRoot).filter((d) => !d.startsWith("."));
    const data = path.join(storeRoot, stores[0] as string, "data.bin");
    const d = readFileSync(data);
    d[10] = (d[10] as number) ^ 0x40;
    writeFileSync(data, d);
    // 4) a store of an older version
    const old = path.join(storeRoot, "hub-old");
    mkdirSync(old);
    writeFileSync(path.join(old, "manifest.json"), JSON.stringify({ format: "crucible-row-store", version: 2, numRows: 0, dataBytes: 0 }));

    const found = await verifyCache(opts);
    expect(found.issues.map((i) => [i.kind, i.repaired]).sort()).toEqual([
      ["blob", false],
      ["link", false],
      ["store", false],
      ["store", false],
    ]);
    expect(found.issues.find((i) => i.kind === "blob")).toMatchObject({ path: blob, repo: "acme/lines" });
    expect(found.issues.find((i) => i.kind === "blob")?.problem).toMatch(/content hash is [0-9a-f]+, the name says/);
    expect(existsSync(blob)).toBe(true); // nothing deleted without repair

    const repaired = await verifyCache({ ...opts, repair: true });
    expect(repaired.issues.every((i) => i.repaired)).toBe(true);
    expect(repaired.issues).toHaveLength(4);
    expect(existsSync(blob)).toBe(false);
    expect(existsSync(link)).toBe(false);
    expect(existsSync(old)).toBe(false);
    expect((await verifyCache(opts)).issues).toEqual([]);

    // The next loads download the blob again and rebuild the store.
    const lines = await loadDataset("acme/lines", { ...h.options, split: "train" });
    expect(lines.at(299)).toEqual({ i: 299, t: "row 299" });
    const table = await loadDataset("acme/table", { ...h.options, split: "train" });
    expect(table.at(10)).toEqual({ q: "q10" });
    expect((await verifyCache(opts)).issues).toEqual([]);
    rmSync(outside);
  }, 60_000);
});

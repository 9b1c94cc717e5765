import { readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrucibleError } from "@crucible/types";
import { flatParquet, jsonl, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadDataset } from "../load/load-dataset.js";
import { tempDir } from "./test-support/fixtures.js";

const rows = Array.from({ length: 500 }, (_, i) => ({ id: i, text: `line ${i} of the corpus` }));
const small = [
  { a: 1, t: "x" },
  { a: 2, t: "yz" },
  { a: 3, t: "é" },
];
const table = { q: Array.from({ length: 200 }, (_, i) => `question ${i}`), n: Array.from({ length: 200 }, (_, i) => i) };

let h: MirrorHarness;
beforeAll(async () => {
  const root = writeFixtureRepo(undefined, "acme/lines", { "train.jsonl": jsonl(rows) });
  writeFixtureRepo(root, "acme/table", { "data/train-00000-of-00001.parquet": flatParquet(table) });
  writeFixtureRepo(root, "acme/small", { "train.jsonl": jsonl(small) });
  h = await startMirrorHarness(root);
}, 30_000);
afterAll(async () => h?.close());

/** The cached blob behind a repo file (the snapshot is a symlink into blobs/). */
function blobOf(repo: string, file: string): string {
  const snapshots = path.join(h.options.cacheDir, `datasets--${repo.replace("/", "--")}`, "snapshots");
  const [sha] = readdirSync(snapshots);
  return realpathSync(path.join(snapshots, sha as string, file));
}

/** Options with a fresh processed-data dir (no row store to reuse). */
function fresh(extra: Record<string, unknown> = {}) {
  return { ...h.options, processedDir: tempDir("crucible-processed-"), split: "train", ...extra };
}

async function failure(p: Promise<unknown>): Promise<CrucibleError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(CrucibleError.isInstance(e)).toBe(true);
  return e as CrucibleError;
}

describe("cache integrity at ingest", () => {
  it("a JSONL blob cut at line 250: offline is a typed error naming the file, online re-downloads (500 rows)", async () => {
    expect((await loadDataset("acme/lines", fresh())).length).toBe(500);
    const blob = blobOf("acme/lines", "train.jsonl");
    const good = readFileSync(blob);
    const cut = good.indexOf("\n", good.indexOf('"id":249')) + 1;
    truncateSync(blob, cut);
    const processedDir = tempDir("crucible-processed-");
    const offline = await failure(loadDataset("acme/lines", fresh({ offline: true, processedDir })));
    expect(offline.code).toBe("INTEGRITY");
    expect(offline.message).toMatch(/train\.jsonl/);
    expect(offline.message).toMatch(/acme\/lines/);
    expect(offline.message).toMatch(/offline/);
    expect(readdirSync(path.join(processedDir, "stores")).filter((d) => !d.startsWith("."))).toEqual([]); // no store kept
    const online = await loadDataset("acme/lines", fresh({ processedDir }));
    expect(online.length).toBe(500);
    expect(online.at(499)).toEqual(rows[499]);
    expect(readFileSync(blob).equals(good)).toBe(true);
  }, 30_000);

  it("one flipped byte of the same size (altered text) is caught by the hash; online fixes it", async () => {
    await loadDataset("acme/lines", fresh());
    const blob = blobOf("acme/lines", "train.jsonl");
    const good = readFileSync(blob);
    const bad = Buffer.from(good);
    bad[good.indexOf("line 300") + 5] = "9".charCodeAt(0); // "line 300" → "line 900": still valid JSON
    writeFileSync(blob, bad);
    expect((await failure(loadDataset("acme/lines", fresh({ offline: true })))).code).toBe("INTEGRITY");
    const online = await loadDataset("acme/lines", fresh());
    expect(online.at(300)).toEqual(rows[300]);
  }, 30_000);

  it("a flipped byte of a Parquet blob: offline typed error, online correct rows", async () => {
    await loadDataset("acme/table", fresh());
    const blob = blobOf("acme/table", "data/train-00000-of-00001.parquet");
    const good = readFileSync(blob);
    const bad = Buffer.from(good);
    const at = good.indexOf("question 150");
    bad[at + 9] = (bad[at + 9] as number) ^ 0x01;
    writeFileSync(blob, bad);
    const e = await failure(loadDataset("acme/table", fresh({ offline: true })));
    expect(e.code).toBe("INTEGRITY");
    expect(e.message).toMatch(/train-00000-of-00001\.parquet/);
    const ds = await loadDataset("acme/table", fresh());
    expect(ds.at(150)).toEqual({ q: "question 150", n: 150 });
  }, 30_000);

  it("a blob of the wrong size is re-downloaded online", async () => {
    await loadDataset("acme/lines", fresh());
    const blob = blobOf("acme/lines", "train.jsonl");
    writeFileSync(blob, Buffer.concat([readFileSync(blob), Buffer.from('{"id": 500, "text": "extra"}\n')]));
    h.mirror.resetStats();
    const ds = await loadDataset("acme/lines", fresh());
    expect(ds.length).toBe(500);
    expect(h.mirror.stats.byRoute.resolve ?? 0).toBeGreaterThan(0);
  }, 30_000);

  it("a snapshot link that leads outside the cache is refused without reading it", async () => {
    await loadDataset("acme/small", fresh());
    const outside = path.join(tempDir("crucible-outside-"), "secret.txt");
    writeFileSync(outside, "TOP-SECRET-CONTENT\n");
    const snapshots = path.join(h.options.cacheDir, "datasets--acme--small", "snapshots");
    const link = path.join(snapshots, readdirSync(snapshots)[0] as string, "train.jsonl");
    const original = realpathSync(link);
    rmSync(link);
    symlinkSync(outside, link);
    try {
      const e = await failure(loadDataset("acme/small", fresh({ offline: true })));
      expect(e.code).toBe("CACHE");
      expect(e.message).toMatch(/leads outside the cache/);
      expect(e.message).not.toContain("TOP-SECRET");
      expect(JSON.stringify(e.cause ?? null)).not.toContain("TOP-SECRET");
    } finally {
      rmSync(link);
      symlinkSync(original, link);
    }
  }, 30_000);

  it("fault injection: every single-byte flip and every truncation of a small blob is detected offline (0 wrong rows)", async () => {
    await loadDataset("acme/small", fresh());
    const blob = blobOf("acme/small", "train.jsonl");
    const good = readFileSync(blob);
    const opts = { ...h.options, offline: true, store: "memory" as const, split: "train" };
    let detected = 0;
    let wrong = 0;
    const trial = async () => {
      try {
        const ds = await loadDataset("acme/small", opts);
        wrong += JSON.stringify([...ds]) === JSON.stringify(small) ? 0 : 1;
      } catch (e) {
        if (CrucibleError.hasCode(e, "INTEGRITY")) detected++;
        else throw e;
      }
    };
    for (let at = 0; at < good.length; at++) {
      const bad = Buffer.from(good);
      bad[at] = (bad[at] as number) ^ (1 << (at % 8));
      writeFileSync(blob, bad);
      await trial();
    }
    for (let size = 0; size < good.length; size++) {
      writeFileSync(blob, good.subarray(0, size));
      await trial();
    }
    writeFileSync(blob, good);
    console.log(`hub blob fault injection: ${good.length} flips + ${good.length} truncations, ${detected} detected, ${wrong} wrong`);
    expect({ detected, wrong }).toEqual({ detected: 2 * good.length, wrong: 0 });
    expect(existsSync(blob)).toBe(true);
    expect([...(await loadDataset("acme/small", opts))]).toEqual(small);
  }, 120_000);
});

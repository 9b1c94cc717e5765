import { readFileSync, readlinkSync, existsSync } from "node:fs";
import path from "node:path";
import {
  datasetInfo,
  downloadFile,
  downloadFileToCacheDir,
  fileDownloadInfo,
  listFiles,
  pathsInfo,
  snapshotDownload,
} from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror } from "./types.js";
import { buildFixtureRoot, gitSha1, sha256, tempDir, type FixtureRoot, type TempDir } from "./test-support/fixtures.js";

// The real @huggingface/hub client (npm) pointed at the mirror with hubUrl.
let fx: FixtureRoot;
let cache: TempDir;
let mirror: Mirror;
const repo = { type: "dataset" as const, name: "test-org/tiny" };
const gsm = { type: "dataset" as const, name: "openai/gsm8k" };
// test-org/tiny is gated in this suite: file downloads need the token
const accessToken = "hf_gatedaccess0123456789";
const GATED_TOKEN = accessToken;

beforeAll(async () => {
  fx = buildFixtureRoot();
  cache = tempDir("crucible-mirror-jscache-");
  mirror = await startMirror({ root: fx.root, repos: { "test-org/tiny": { gated: true, tokens: [GATED_TOKEN] } } });
});
afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
  cache?.cleanup();
});

describe("@huggingface/hub against the mirror", () => {
  it("datasetInfo returns id, sha and flags", async () => {
    const info = await datasetInfo({ name: "test-org/tiny", hubUrl: mirror.url, additionalFields: ["sha", "cardData"] });
    expect(info.name).toBe("test-org/tiny");
    expect(info.private).toBe(false);
    expect(info.gated).toBe("manual");
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect((info.cardData as { license?: string }).license).toBe("mit");
  });

  it("listFiles recursive lists every file with oids and lfs, following pagination", async () => {
    const entries = [];
    for await (const e of listFiles({ repo, hubUrl: mirror.url, recursive: true })) entries.push(e);
    const files = entries.filter((e) => e.type === "file");
    expect(files.map((f) => f.path).sort()).toEqual(Object.keys(fx.tiny).sort());
    const readme = files.find((f) => f.path === "README.md");
    expect(readme?.oid).toBe(gitSha1(fx.tiny["README.md"] as Buffer));
    const big = files.find((f) => f.path === "big/random.bin");
    expect(big?.lfs?.oid).toBe(sha256(fx.tiny["big/random.bin"] as Buffer));
    const sub = [];
    for await (const e of listFiles({ repo, hubUrl: mirror.url, path: "many" })) sub.push(e);
    expect(sub).toHaveLength(25);
  });

  it("listFiles follows Link pagination when pages are small", async () => {
    const small = await startMirror({ root: fx.root, treePageSize: 7 });
    try {
      const entries = [];
      for await (const e of listFiles({ repo, hubUrl: small.url, recursive: true })) entries.push(e);
      expect(
        entries
          .filter((e) => e.type === "file")
          .map((f) => f.path)
          .sort(),
      ).toEqual(Object.keys(fx.tiny).sort());
      expect(small.stats.byRoute.tree).toBe(Math.ceil(entries.length / 7));
      expect(small.stats.byRoute.tree).toBeGreaterThan(3);
    } finally {
      await small.close();
    }
  });

  it("listFiles on the parquet branch (raw revision in the URL)", async () => {
    const entries = [];
    for await (const e of listFiles({ repo, hubUrl: mirror.url, recursive: true, revision: "refs/convert/parquet" })) entries.push(e);
    expect(
      entries
        .filter((e) => e.type === "file")
        .map((e) => e.path)
        .sort(),
    ).toEqual([".gitattributes", "default/test/0000.parquet", "default/train/0000.parquet"]);
  });

  it("pathsInfo (JSON body, expand) gives lastCommit = the commit", async () => {
    const info = await datasetInfo({ name: "test-org/tiny", hubUrl: mirror.url, additionalFields: ["sha"] });
    const res = await pathsInfo({ repo, hubUrl: mirror.url, paths: ["README.md", "data", "nope"], expand: true });
    expect(res.map((r) => r.path)).toEqual(["README.md", "data"]);
    expect(res[0]?.lastCommit.id).toBe(info.sha);
  });

  it("fileDownloadInfo reads size from Content-Range and the etag; null for a missing file", async () => {
    const dl = await fileDownloadInfo({ repo, hubUrl: mirror.url, path: "big/random.bin", accessToken });
    expect(dl?.size).toBe(1_500_000);
    expect(dl?.etag).toBe(`"${sha256(fx.tiny["big/random.bin"] as Buffer)}"`);
    expect(await fileDownloadInfo({ repo, hubUrl: mirror.url, path: "nope.txt", accessToken })).toBeNull();
    const empty = await fileDownloadInfo({ repo, hubUrl: mirror.url, path: "empty.txt", accessToken });
    expect(empty?.size).toBe(0);
    const blob = await downloadFile({ repo, hubUrl: mirror.url, path: "empty.txt", accessToken });
    expect(blob?.size).toBe(0);
  });

  it("downloadFile: small file and a ≥1 MB file read lazily with Range", async () => {
    // (JS sends paths raw, so a '#' in a path becomes a URL fragment: such files cannot be fetched by JS)
    const small = await downloadFile({ repo, hubUrl: mirror.url, path: "many/f03.txt", accessToken });
    expect(await small?.text()).toBe("file 3\n");
    mirror.resetStats();
    const big = await downloadFile({ repo, hubUrl: mirror.url, path: "big/random.bin", accessToken });
    expect(big?.size).toBe(1_500_000);
    expect(mirror.stats.bytesSent).toBeLessThan(1_500_000); // lazy: only the probe so far
    const slice = Buffer.from(await (big as Blob).slice(1000, 2000).arrayBuffer());
    expect(slice.equals((fx.tiny["big/random.bin"] as Buffer).subarray(1000, 2000))).toBe(true);
    const all = Buffer.from(await (big as Blob).arrayBuffer());
    expect(sha256(all)).toBe(sha256(fx.tiny["big/random.bin"] as Buffer));
  });

  it("downloadFileToCacheDir writes the HF cache layout (blob named by lfs oid, snapshot symlink)", async () => {
    const p = await downloadFileToCacheDir({
      repo,
      hubUrl: mirror.url,
      path: "data/train-00000-of-00001.parquet",
      cacheDir: cache.dir,
      accessToken,
    });
    const bytes = fx.tiny["data/train-00000-of-00001.parquet"] as Buffer;
    expect(readFileSync(p).equals(bytes)).toBe(true);
    expect(p).toContain(path.join("datasets--test-org--tiny", "snapshots"));
    expect(path.basename(readlinkSync(p))).toBe(sha256(bytes));
  });

  it("snapshotDownload fetches every file and writes refs/main = the commit", async () => {
    const info = await datasetInfo({ name: "openai/gsm8k", hubUrl: mirror.url, additionalFields: ["sha"] });
    const dir = await snapshotDownload({ repo: gsm, hubUrl: mirror.url, cacheDir: cache.dir });
    expect(path.basename(dir)).toBe(info.sha);
    for (const [p, bytes] of Object.entries(fx.gsm8k)) expect(readFileSync(path.join(dir, p)).equals(bytes)).toBe(true);
    const ref = path.join(cache.dir, "datasets--openai--gsm8k", "refs", "main");
    expect(existsSync(ref) && readFileSync(ref, "utf8")).toBe(info.sha);
  });

  it("gated repo: downloadFile fails without a token and works with the granted hf_ token", async () => {
    await expect(downloadFile({ repo, hubUrl: mirror.url, path: "README.md" })).rejects.toThrow(/restricted|authenticated/);
    await expect(downloadFile({ repo, hubUrl: mirror.url, path: "README.md", accessToken: "hf_notgranted000000" })).rejects.toThrow();
    const blob = await downloadFile({ repo, hubUrl: mirror.url, path: "README.md", accessToken: GATED_TOKEN });
    expect(await blob?.text()).toBe((fx.tiny["README.md"] as Buffer).toString());
  });
});

import { existsSync, lstatSync, readFileSync, readlinkSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { EntryNotFoundError, IntegrityError, OfflineCacheMissError } from "@crucible/types";
import { parquetMetadataAsync } from "hyparquet";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { repoCachePaths } from "../cache/layout.js";
import { resolveRevision } from "../api/revision.js";
import type { ProgressEvent } from "../env/config.js";
import { downloadFile, expectedFromTreeEntry } from "./file.js";
import { filterPaths, fnmatchToRegExp } from "./fnmatch.js";
import { sha256File } from "./hash.js";
import { openRemoteFile, streamFile, fetchRange } from "./remote.js";
import { snapshotDownload } from "./snapshot.js";
import { FAST, type MirrorFixture, forbiddenFetch, freshCache, gitSha1, sha256, startTinyMirror } from "./test-support/fixtures.js";

const REPO = "test-org/tiny";

describe("fnmatch filters (huggingface_hub allow/ignore_patterns)", () => {
  const paths = ["README.md", "data/train.jsonl", "data/big.bin", "data/sub/x.jsonl", "many/f01.txt", ".gitattributes"];
  it("matches like Python fnmatch: * crosses /, [seq], [!seq], ?", () => {
    expect(filterPaths(paths, "*.jsonl")).toEqual(["data/train.jsonl", "data/sub/x.jsonl"]);
    expect(filterPaths(paths, "data/*")).toEqual(["data/train.jsonl", "data/big.bin", "data/sub/x.jsonl"]);
    expect(filterPaths(paths, "data/")).toEqual(["data/train.jsonl", "data/big.bin", "data/sub/x.jsonl"]);
    expect(filterPaths(paths, undefined, ["*.bin", "many/*"])).toEqual([
      "README.md",
      "data/train.jsonl",
      "data/sub/x.jsonl",
      ".gitattributes",
    ]);
    expect(filterPaths(paths, "many/f0[0-1].txt")).toEqual(["many/f01.txt"]);
    expect(filterPaths(paths, "many/f0[!1].txt")).toEqual([]);
    expect(filterPaths(paths, "READM?.md")).toEqual(["README.md"]);
    expect(fnmatchToRegExp("a.b").test("aXb")).toBe(false);
    expect(fnmatchToRegExp("[").test("[")).toBe(true);
    expect(fnmatchToRegExp("*.md").test("README.MD")).toBe(false);
  });
});

describe("downloads against the mirror", () => {
  let fx: MirrorFixture;
  let base: typeof FAST & { endpoint: string };
  let cacheDir: string;
  beforeAll(async () => {
    fx = await startTinyMirror();
    base = { ...FAST, endpoint: fx.mirror.url };
  });
  afterAll(async () => fx.close());
  beforeEach(() => {
    cacheDir = freshCache(fx);
    fx.mirror.setFaults({});
    fx.mirror.resetStats();
  });

  it("downloadFile writes the huggingface_hub layout: blob by ETag, relative symlink, refs without newline", async () => {
    const big = fx.repo.files["data/big.bin"] as Buffer;
    const p = await downloadFile(REPO, "data/big.bin", { ...base, cacheDir });
    const sha = await resolveRevision(REPO, "main", { ...base, cacheDir, offline: true });
    const paths = repoCachePaths(cacheDir, REPO);
    expect(p).toBe(path.join(cacheDir, "datasets--test-org--tiny", "snapshots", sha, "data", "big.bin"));
    expect(lstatSync(p).isSymbolicLink()).toBe(true);
    expect(readlinkSync(p)).toBe(`../../../blobs/${sha256(big)}`);
    expect(readFileSync(p).equals(big)).toBe(true);
    expect(readFileSync(path.join(paths.refs, "main"), "utf8")).toBe(sha);
    // regular (non-LFS) file: blob named by git sha1
    const readme = await downloadFile(REPO, "README.md", { ...base, cacheDir });
    expect(readlinkSync(readme)).toBe(`../../blobs/${gitSha1(fx.repo.files["README.md"] as Buffer)}`);
    // special characters in the path
    const special = await downloadFile(REPO, "notes/a b#c.txt", { ...base, cacheDir });
    expect(readFileSync(special, "utf8")).toBe("special name\n");
    expect(readdirSync(paths.blobs).some((f) => f.includes("incomplete"))).toBe(false);
  });

  it("a warm download sends only the HEAD; a sha revision sends nothing", async () => {
    const p = await downloadFile(REPO, "data/train.jsonl", { ...base, cacheDir });
    const sha = path.basename(path.dirname(path.dirname(p)));
    fx.mirror.resetStats();
    await downloadFile(REPO, "data/train.jsonl", { ...base, cacheDir });
    expect(fx.mirror.stats.requests).toBe(1);
    fx.mirror.resetStats();
    expect(await downloadFile(REPO, "data/train.jsonl", { ...base, cacheDir, revision: sha, fetch: forbiddenFetch })).toBe(p);
    expect(fx.mirror.stats.requests).toBe(0);
  });

  it("downloadFile with `expected` (from a tree listing at a sha) skips the HEAD", async () => {
    const sha = await resolveRevision(REPO, "main", { ...base, cacheDir });
    const big = fx.repo.files["data/big.bin"] as Buffer;
    fx.mirror.resetStats();
    const p = await downloadFile(REPO, "data/big.bin", {
      ...base,
      cacheDir,
      revision: sha,
      expected: expectedFromTreeEntry({ oid: "x", size: 1, lfs: { oid: sha256(big), size: big.length } }),
    });
    expect(readFileSync(p).equals(big)).toBe(true);
    expect(fx.mirror.stats.requests).toBe(1);
    // a wrong expectation is caught by the hash check, not written to the cache
    await expect(
      downloadFile(REPO, "data/train.jsonl", {
        ...base,
        cacheDir,
        revision: sha,
        expected: { etag: "0".repeat(40), size: (fx.repo.files["data/train.jsonl"] as Buffer).length },
      }),
    ).rejects.toBeInstanceOf(IntegrityError);
  });

  it("offline mode answers from refs/ and snapshots with zero requests, and misses clearly", async () => {
    const p = await downloadFile(REPO, "README.md", { ...base, cacheDir });
    const sha = path.basename(path.dirname(p));
    fx.mirror.resetStats();
    const off = { ...base, cacheDir, offline: true, fetch: forbiddenFetch };
    expect(await downloadFile(REPO, "README.md", off)).toBe(p);
    expect(await downloadFile(REPO, "README.md", { ...off, revision: sha })).toBe(p);
    await expect(downloadFile(REPO, "data/big.bin", off)).rejects.toBeInstanceOf(OfflineCacheMissError);
    await expect(downloadFile(REPO, "README.md", { ...off, revision: "other-branch" })).rejects.toBeInstanceOf(OfflineCacheMissError);
    await expect(downloadFile(REPO, "README.md", { ...off, revision: "f".repeat(40) })).rejects.toBeInstanceOf(OfflineCacheMissError);
    expect(fx.mirror.stats.requests).toBe(0);
  });

  it("HF_HUB_OFFLINE in the environment is honoured", async () => {
    await downloadFile(REPO, "README.md", { ...base, cacheDir });
    fx.mirror.resetStats();
    const saved = process.env.HF_HUB_OFFLINE;
    process.env.HF_HUB_OFFLINE = "1";
    try {
      await downloadFile(REPO, "README.md", { ...base, cacheDir });
      await expect(downloadFile(REPO, "data/train.jsonl", { ...base, cacheDir })).rejects.toBeInstanceOf(OfflineCacheMissError);
    } finally {
      if (saved === undefined) delete process.env.HF_HUB_OFFLINE;
      else process.env.HF_HUB_OFFLINE = saved;
    }
    expect(fx.mirror.stats.requests).toBe(0);
  });

  it("a missing file is EntryNotFound and leaves a .no_exist marker used offline", async () => {
    await expect(downloadFile(REPO, "nope.txt", { ...base, cacheDir })).rejects.toBeInstanceOf(EntryNotFoundError);
    const sha = await resolveRevision(REPO, "main", { ...base, cacheDir, offline: true });
    expect(existsSync(path.join(cacheDir, "datasets--test-org--tiny", ".no_exist", sha, "nope.txt"))).toBe(true);
    await expect(downloadFile(REPO, "nope.txt", { ...base, cacheDir, offline: true })).rejects.toBeInstanceOf(EntryNotFoundError);
  });

  it("emits download-start/progress/end events", async () => {
    const events: ProgressEvent[] = [];
    await downloadFile(REPO, "data/big.bin", { ...base, cacheDir, onProgress: (e) => events.push(e) });
    expect(events[0]).toEqual({ type: "download-start", file: "data/big.bin", bytes: 0, total: 1_500_000 });
    expect(events.at(-1)).toEqual({ type: "download-end", file: "data/big.bin", bytes: 1_500_000, total: 1_500_000 });
    expect(events.filter((e) => e.type === "download-progress").length).toBeGreaterThan(0);
  });

  it("resumes a body cut mid-file at the byte it reached, and the blob verifies", async () => {
    fx.mirror.setFaults({ cutBodyAfterBytes: 200_000 });
    const p = await downloadFile(REPO, "data/big.bin", { ...base, cacheDir });
    expect(await sha256File(p)).toBe(sha256(fx.repo.files["data/big.bin"] as Buffer));
    // 1.5 MB in 200 kB pieces: 8 GETs (+1 HEAD), each starting where the last stopped (a restart from 0 would
    // never get past 200 kB); the mirror may count a little past each cut point
    expect(fx.mirror.stats.byRoute.resolve).toBe(9);
    expect(fx.mirror.stats.bytesSent).toBeLessThan(1_600_000);
  });

  it("resumes from an .incomplete file left by an earlier run", async () => {
    const big = fx.repo.files["data/big.bin"] as Buffer;
    const paths = repoCachePaths(cacheDir, REPO);
    mkdirSync(paths.blobs, { recursive: true });
    writeFileSync(path.join(paths.blobs, `${sha256(big)}.incomplete`), big.subarray(0, 1_000_000));
    const p = await downloadFile(REPO, "data/big.bin", { ...base, cacheDir });
    expect(readFileSync(p).equals(big)).toBe(true);
    expect(fx.mirror.stats.bytesSent).toBeLessThan(600_000);
  });

  it("rejects a corrupt partial file (sha256 mismatch) and removes it", async () => {
    const big = fx.repo.files["data/big.bin"] as Buffer;
    const paths = repoCachePaths(cacheDir, REPO);
    mkdirSync(paths.blobs, { recursive: true });
    const incomplete = path.join(paths.blobs, `${sha256(big)}.incomplete`);
    writeFileSync(incomplete, Buffer.alloc(1000, 1));
    await expect(downloadFile(REPO, "data/big.bin", { ...base, cacheDir })).rejects.toBeInstanceOf(IntegrityError);
    expect(existsSync(incomplete)).toBe(false);
    expect(existsSync(path.join(paths.blobs, sha256(big)))).toBe(false);
    // next try succeeds
    const p = await downloadFile(REPO, "data/big.bin", { ...base, cacheDir });
    expect(readFileSync(p).equals(big)).toBe(true);
  });

  it("an abort signal stops a download, keeps the partial file for a resume, and releases the lock", async () => {
    const big = fx.repo.files["data/big.bin"] as Buffer;
    fx.mirror.setFaults({ cutBodyAfterBytes: 100_000, latencyMs: 30 });
    const ac = new AbortController();
    const run = downloadFile(REPO, "data/big.bin", {
      ...base,
      cacheDir,
      signal: ac.signal,
      onProgress: (e) => {
        if (e.bytes >= 300_000) ac.abort();
      },
    });
    await expect(run).rejects.toThrow();
    const paths = repoCachePaths(cacheDir, REPO);
    expect(readFileSync(path.join(paths.blobs, `${sha256(big)}.incomplete`)).length).toBeGreaterThanOrEqual(300_000);
    expect(existsSync(path.join(paths.locks, `${sha256(big)}.crucible.lock`))).toBe(false);
    fx.mirror.setFaults({});
    fx.mirror.resetStats();
    const p = await downloadFile(REPO, "data/big.bin", { ...base, cacheDir });
    expect(readFileSync(p).equals(big)).toBe(true);
    expect(fx.mirror.stats.bytesSent).toBeLessThan(big.length - 250_000);
  });

  it("survives a 429 storm and 5xx bursts", async () => {
    fx.mirror.setFaults({ rateLimit: { count: 4, retryAfterSeconds: 1 } });
    const p = await downloadFile(REPO, "data/train.jsonl", { ...base, cacheDir });
    expect(readFileSync(p).equals(fx.repo.files["data/train.jsonl"] as Buffer)).toBe(true);
    expect(fx.mirror.stats.requests).toBeGreaterThanOrEqual(6);
    fx.mirror.setFaults({ errorRate: 0.5, errorStatus: 503, seed: 3 });
    const dir = await snapshotDownload(REPO, { ...base, cacheDir: freshCache(fx), maxRetries: 10 });
    expect(readFileSync(path.join(dir, "data", "big.bin")).equals(fx.repo.files["data/big.bin"] as Buffer)).toBe(true);
  });

  it("snapshotDownload filters, skips the HEADs, writes trees/{sha}.json, and works offline after", async () => {
    const dir = await snapshotDownload(REPO, { ...base, cacheDir, include: ["data/*", "*.md"], exclude: "*.bin" });
    const files = readdirSync(dir, { recursive: true }).map(String).sort();
    expect(files).toEqual(["README.md", "data", "data/train.jsonl"]);
    // info + tree + 2 GETs, no HEAD
    expect(fx.mirror.stats.requests).toBe(4);
    const sha = path.basename(dir);
    const tree = JSON.parse(readFileSync(path.join(cacheDir, "datasets--test-org--tiny", "trees", `${sha}.json`), "utf8"));
    expect(tree.format_version).toBe(1);
    expect(tree.files["data/big.bin"]).toEqual({
      size: 1_500_000,
      blob_id: expect.any(String),
      lfs_sha256: sha256(fx.repo.files["data/big.bin"] as Buffer),
      lfs_size: 1_500_000,
    });
    fx.mirror.resetStats();
    const off = { ...base, cacheDir, offline: true, fetch: forbiddenFetch };
    expect(await snapshotDownload(REPO, { ...off, include: ["data/*", "*.md"], exclude: "*.bin" })).toBe(dir);
    await expect(snapshotDownload(REPO, off)).rejects.toBeInstanceOf(OfflineCacheMissError);
    expect(fx.mirror.stats.requests).toBe(0);
    // online again: the tree comes from trees/{sha}.json, only the missing files are fetched
    fx.mirror.resetStats();
    await snapshotDownload(REPO, { ...base, cacheDir, concurrency: 4 });
    expect(fx.mirror.stats.byRoute.tree ?? 0).toBe(0);
    expect(fx.mirror.stats.byRoute.resolve).toBe(Object.keys(fx.repo.files).length - 2);
  });

  it("openRemoteFile reads ranges (hyparquet AsyncBuffer) and resumes cut bodies", async () => {
    const big = fx.repo.files["data/big.bin"] as Buffer;
    const rf = await openRemoteFile(REPO, "data/big.bin", { ...base });
    expect(rf.size).toBe(big.length);
    expect(rf.etag).toBe(sha256(big));
    expect(Buffer.from(await rf.buffer.slice(100, 200)).equals(big.subarray(100, 200))).toBe(true);
    expect(Buffer.from(await rf.buffer.slice(big.length - 10)).equals(big.subarray(big.length - 10))).toBe(true);
    expect(rf.stats.requests).toBe(3);
    expect(rf.stats.bytesFetched).toBe(110);
    fx.mirror.setFaults({ cutBodyAfterBytes: 50_000 });
    const slice = await rf.buffer.slice(10, 400_010);
    expect(Buffer.from(slice).equals(big.subarray(10, 400_010))).toBe(true);
    // hyparquet can read a footer through it (not parquet: expect its own error, proving the interface fits)
    await expect(parquetMetadataAsync(rf.buffer)).rejects.toThrow(/parquet/i);
  });

  it("offline, openRemoteFile and streamFile read the cached file with zero requests", async () => {
    const big = fx.repo.files["data/big.bin"] as Buffer;
    await downloadFile(REPO, "data/big.bin", { ...base, cacheDir });
    fx.mirror.resetStats();
    const off = { ...base, cacheDir, offline: true, fetch: forbiddenFetch };
    const rf = await openRemoteFile(REPO, "data/big.bin", off);
    expect(rf.size).toBe(big.length);
    expect(Buffer.from(await rf.buffer.slice(1000, 2000)).equals(big.subarray(1000, 2000))).toBe(true);
    const parts: Uint8Array[] = [];
    for await (const c of streamFile(REPO, "data/big.bin", { ...off, start: 10, end: 100_010 })) parts.push(c);
    expect(Buffer.concat(parts).equals(big.subarray(10, 100_010))).toBe(true);
    await expect(openRemoteFile(REPO, "README.md", off)).rejects.toBeInstanceOf(OfflineCacheMissError);
    expect(fx.mirror.stats.requests).toBe(0);
  });

  it("streamFile resumes after dropped connections and fetchRange returns exact bytes", async () => {
    const big = fx.repo.files["data/big.bin"] as Buffer;
    fx.mirror.setFaults({ cutBodyAfterBytes: 300_000 });
    const chunks: Uint8Array[] = [];
    const stats = { bytesFetched: 0, requests: 0 };
    for await (const c of streamFile(REPO, "data/big.bin", { ...base, stats })) chunks.push(c);
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
    expect(stats.requests).toBe(5);
    const tail: Uint8Array[] = [];
    for await (const c of streamFile(REPO, "data/big.bin", { ...base, start: 1_400_000 })) tail.push(c);
    expect(Buffer.concat(tail).equals(big.subarray(1_400_000))).toBe(true);
    fx.mirror.setFaults({});
    expect(Buffer.from(await fetchRange(REPO, "data/big.bin", 5, 25, base)).equals(big.subarray(5, 25))).toBe(true);
  });
});

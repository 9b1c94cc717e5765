import { EntryNotFoundError, RepoNotFoundError, RevisionNotFoundError } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST, type MirrorFixture, startTinyMirror } from "../download/test-support/fixtures.js";
import { datasetInfo } from "./info.js";
import { datasetInfoUrl, encodeRevision, pyQuote, resolveUrl, treeUrl, validateRepoId } from "./repo.js";
import { resolveRevision } from "./revision.js";
import { listFiles, nextLink, pathsInfo } from "./tree.js";
import { readRef } from "../cache/refs.js";
import { repoCachePaths } from "../cache/layout.js";

describe("URLs", () => {
  it("encodes revisions as one segment and paths like huggingface_hub", () => {
    expect(encodeRevision("refs/convert/parquet")).toBe("refs%2Fconvert%2Fparquet");
    expect(datasetInfoUrl("http://h", "a/b", "refs/pr/1")).toBe("http://h/api/datasets/a/b/revision/refs%2Fpr%2F1");
    expect(resolveUrl("http://h", "a/b", "main", "a b/c#d/e f.txt")).toBe("http://h/datasets/a/b/resolve/main/a%20b/c%23d/e%20f.txt");
    expect(treeUrl("http://h", "a/b", "main", "a b/c#d")).toBe("http://h/api/datasets/a/b/tree/main/a%20b%2Fc%23d");
    expect(pyQuote("x(y)!*'")).toBe("x%28y%29%21%2A%27");
  });

  it("validates repo ids", () => {
    expect(validateRepoId("openai/gsm8k")).toBe("openai/gsm8k");
    expect(validateRepoId("squad")).toBe("squad");
    for (const bad of ["datasets/a/b", "a--b/c", "a/../b", "/a", "a/b/"])
      expect(() => validateRepoId(bad)).toThrow(/Invalid dataset repo id/);
  });

  it("parses Link rel=next, absolute or relative", () => {
    expect(nextLink('<http://h/api/x?cursor=abc>; rel="next"', "http://h/api/x")).toBe("http://h/api/x?cursor=abc");
    expect(nextLink('</api/x?cursor=1>; rel="next"', "http://h:1/api/x")).toBe("http://h:1/api/x?cursor=1");
    expect(nextLink('<http://h/p>; rel="prev"', "http://h")).toBeUndefined();
    expect(nextLink(null, "http://h")).toBeUndefined();
  });
});

describe("API against the mirror", () => {
  let fx: MirrorFixture;
  let opts: typeof FAST & { endpoint: string; cacheDir: string };
  beforeAll(async () => {
    fx = await startTinyMirror();
    opts = { ...FAST, endpoint: fx.mirror.url, cacheDir: fx.cacheDir };
  });
  afterAll(async () => fx.close());

  it("datasetInfo returns id, sha and siblings", async () => {
    const info = await datasetInfo("test-org/tiny", opts);
    expect(info.id).toBe("test-org/tiny");
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.siblings.map((s) => s.rfilename)).toContain("data/big.bin");
    expect(info.cardData?.license).toBe("mit");
    const withBlobs = await datasetInfo("test-org/tiny", { ...opts, revision: "main", blobs: true });
    const big = withBlobs.siblings.find((s) => s.rfilename === "data/big.bin");
    expect(big?.lfs?.size).toBe(1_500_000);
  });

  it("maps missing repos and revisions to typed errors", async () => {
    await expect(datasetInfo("nobody/nothing", opts)).rejects.toBeInstanceOf(RepoNotFoundError);
    await expect(datasetInfo("test-org/tiny", { ...opts, revision: "nope" })).rejects.toBeInstanceOf(RevisionNotFoundError);
    await expect(resolveRevision("test-org/tiny", "nope", opts)).rejects.toBeInstanceOf(RevisionNotFoundError);
  });

  it("listFiles follows Link pagination to the last page", async () => {
    fx.mirror.resetStats();
    const all: string[] = [];
    for await (const e of listFiles("test-org/tiny", { ...opts, recursive: true, limit: 7 })) all.push(e.path);
    expect(all.filter((p) => p.startsWith("many/f")).length).toBe(30);
    expect(new Set(all).size).toBe(all.length);
    expect(fx.mirror.stats.byRoute.tree ?? 0).toBeGreaterThanOrEqual(5);
    const top: string[] = [];
    for await (const e of listFiles("test-org/tiny", opts)) top.push(`${e.type}:${e.path}`);
    expect(top).toContain("directory:data");
    expect(top).toContain("file:README.md");
    const big = [];
    for await (const e of listFiles("test-org/tiny", { ...opts, path: "data" })) big.push(e);
    expect(big.find((e) => e.path === "data/big.bin")?.lfs?.size).toBe(1_500_000);
  });

  it("listFiles on a missing folder is EntryNotFound", async () => {
    const it = listFiles("test-org/tiny", { ...opts, path: "nope" });
    await expect(it.next()).rejects.toBeInstanceOf(EntryNotFoundError);
  });

  it("pathsInfo leaves out missing paths", async () => {
    const entries = await pathsInfo("test-org/tiny", ["README.md", "data", "missing.txt"], opts);
    expect(entries.map((e) => `${e.type}:${e.path}`).sort()).toEqual(["directory:data", "file:README.md"]);
  });

  it("resolveRevision returns the sha, writes refs/main without newline, and a sha is returned with no request", async () => {
    const sha = await resolveRevision("test-org/tiny", "main", opts);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await readRef(repoCachePaths(fx.cacheDir, "test-org/tiny"), "main")).toBe(sha);
    fx.mirror.resetStats();
    expect(await resolveRevision("test-org/tiny", sha, opts)).toBe(sha);
    expect(fx.mirror.stats.requests).toBe(0);
    // offline: from refs/, no request
    expect(await resolveRevision("test-org/tiny", "main", { ...opts, offline: true })).toBe(sha);
    expect(fx.mirror.stats.requests).toBe(0);
  });

  it("sends refs/convert/parquet URL-encoded", async () => {
    const urls: string[] = [];
    const spy: typeof fetch = async (input, init) => {
      urls.push(new Request(input, init).url);
      return fetch(input, init);
    };
    await resolveRevision("test-org/tiny", "refs/convert/parquet", { ...opts, fetch: spy }).catch(() => undefined);
    expect(urls[0]).toContain("/revision/refs%2Fconvert%2Fparquet");
  });
});

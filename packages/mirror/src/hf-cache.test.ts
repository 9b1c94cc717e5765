import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror } from "./types.js";
import { gitSha1, mathParquet, mathRows, sha256, tempDir, type TempDir } from "./test-support/fixtures.js";
import { rawRequest } from "./test-support/http.js";

// Serving an existing HF hub cache folder (datasets--org--name/{blobs,snapshots,refs}).
let t: TempDir;
let mirror: Mirror;
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const PQ_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
const readme = "---\nlicense: apache-2.0\n---\n# cached\n";
const parquet = mathParquet(mathRows(12));

beforeAll(async () => {
  t = tempDir("crucible-mirror-hfcache-");
  const emptyRoot = path.join(t.dir, "root");
  mkdirSync(emptyRoot);
  const repo = path.join(t.dir, "cache", "datasets--cached-org--cached");
  mkdirSync(path.join(repo, "blobs"), { recursive: true });
  const put = (commit: string, p: string, bytes: Buffer, blob: string): void => {
    writeFileSync(path.join(repo, "blobs", blob), bytes);
    const link = path.join(repo, "snapshots", commit, p);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.relative(path.dirname(link), path.join(repo, "blobs", blob)), link);
  };
  put(COMMIT, "README.md", Buffer.from(readme), gitSha1(readme));
  put(COMMIT, "data/train-00000-of-00001.parquet", parquet, sha256(parquet));
  put(PQ_COMMIT, "default/train/0000.parquet", parquet, sha256(parquet));
  // a snapshot entry pointing outside the cache must not be served
  writeFileSync(path.join(t.dir, "secret.txt"), "TOP SECRET");
  symlinkSync(path.join(t.dir, "secret.txt"), path.join(repo, "snapshots", COMMIT, "leak.txt"));
  mkdirSync(path.join(repo, "refs", "refs", "convert"), { recursive: true });
  writeFileSync(path.join(repo, "refs", "main"), COMMIT);
  writeFileSync(path.join(repo, "refs", "refs", "convert", "parquet"), PQ_COMMIT);
  mirror = await startMirror({ root: emptyRoot, hfCacheDir: path.join(t.dir, "cache") });
});
afterAll(async () => {
  await mirror?.close();
  t?.cleanup();
});

describe("HF cache folder", () => {
  it("resolves main through refs/ and reports the snapshot's commit", async () => {
    const r = await fetch(`${mirror.url}/api/datasets/cached-org/cached?blobs=true`);
    const info = (await r.json()) as {
      sha: string;
      cardData: { license: string };
      siblings: Array<{ rfilename: string; lfs?: { sha256: string } }>;
    };
    expect(info.sha).toBe(COMMIT);
    expect(info.cardData.license).toBe("apache-2.0");
    expect(info.siblings.map((s) => s.rfilename)).toEqual(["README.md", "data/train-00000-of-00001.parquet"]);
    expect(info.siblings[1]?.lfs?.sha256).toBe(sha256(parquet));
  });

  it("serves files with ETags equal to the blob names, by branch and by commit", async () => {
    const a = await fetch(`${mirror.url}/datasets/cached-org/cached/resolve/main/data/train-00000-of-00001.parquet`);
    expect(Buffer.from(await a.arrayBuffer()).equals(parquet)).toBe(true);
    expect(a.headers.get("etag")).toBe(`"${sha256(parquet)}"`);
    expect(a.headers.get("x-repo-commit")).toBe(COMMIT);
    const b = await fetch(`${mirror.url}/datasets/cached-org/cached/resolve/${COMMIT}/README.md`);
    expect(await b.text()).toBe(readme);
    expect(b.headers.get("etag")).toBe(`"${gitSha1(readme)}"`);
  });

  it("serves nested refs (refs/convert/parquet) from refs/refs/convert/parquet", async () => {
    const r = await fetch(`${mirror.url}/api/datasets/cached-org/cached/tree/refs%2Fconvert%2Fparquet/default/train`);
    const entries = (await r.json()) as Array<{ path: string }>;
    expect(entries.map((e) => e.path)).toEqual(["default/train/0000.parquet"]);
    expect(r.headers.get("x-repo-commit")).toBe(PQ_COMMIT);
  });

  it("the /parquet API lists the cache's own refs/convert/parquet branch", async () => {
    const r = (await (await fetch(`${mirror.url}/api/datasets/cached-org/cached/parquet`)).json()) as Record<
      string,
      Record<string, string[]>
    >;
    expect(r).toEqual({ default: { train: [`${mirror.url}/api/datasets/cached-org/cached/parquet/default/train/0.parquet`] } });
    const file = await fetch(r.default?.train?.[0] as string);
    expect(Buffer.from(await file.arrayBuffer()).equals(parquet)).toBe(true);
    expect(file.headers.get("x-repo-commit")).toBe(PQ_COMMIT);
  });

  it("never serves snapshot links that leave the cache; unknown revisions are RevisionNotFound", async () => {
    const leak = await rawRequest(mirror.url, "/datasets/cached-org/cached/resolve/main/leak.txt");
    expect(leak.status).toBe(404);
    expect(leak.body.toString()).not.toContain("SECRET");
    const rev = await rawRequest(mirror.url, "/api/datasets/cached-org/cached/revision/v2");
    expect([rev.status, rev.headers["x-error-code"]]).toEqual([404, "RevisionNotFound"]);
  });
});

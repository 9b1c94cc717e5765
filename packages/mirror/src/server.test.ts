import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror } from "./types.js";
import { buildFixtureRoot, gitSha1, sha256, type FixtureRoot } from "./test-support/fixtures.js";
import { rawRequest } from "./test-support/http.js";

let fx: FixtureRoot;
let mirror: Mirror;
const TINY = "test-org/tiny";

beforeAll(async () => {
  fx = buildFixtureRoot();
  mirror = await startMirror({ root: fx.root });
});
afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
});

async function json<T = unknown>(p: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }> {
  const r = await fetch(mirror.url + p, init);
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

interface Info {
  _id: string;
  id: string;
  sha: string;
  lastModified: string;
  private: boolean;
  gated: unknown;
  cardData?: { configs?: unknown[]; license?: string };
  siblings: Array<{ rfilename: string; size?: number; blobId?: string; lfs?: { sha256: string; size: number; pointerSize: number } }>;
}
interface Entry {
  type: string;
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit?: { id: string };
}

describe("dataset info", () => {
  it("returns id, sha, siblings, cardData from the README front matter, flags and dates", async () => {
    const { status, body } = await json<Info>(`/api/datasets/${TINY}`);
    expect(status).toBe(200);
    expect(body.id).toBe(TINY);
    expect(body._id).toMatch(/^[0-9a-f]{24}$/);
    expect(body.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(body.private).toBe(false);
    expect(body.gated).toBe(false);
    expect(body.lastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.cardData?.license).toBe("mit");
    expect(body.cardData?.configs).toHaveLength(2);
    const names = body.siblings.map((s) => s.rfilename);
    expect(names).toContain("README.md");
    expect(names).toContain("docs/a b/c#d.txt");
    expect(names).not.toContain("leak.txt");
    expect(names.some((n) => n.startsWith("leakdir"))).toBe(false);
  });

  it("resolves main, HEAD and the commit sha to the same revision; unknown revision is RevisionNotFound", async () => {
    const main = await json<Info>(`/api/datasets/${TINY}/revision/main`);
    const head = await json<Info>(`/api/datasets/${TINY}/revision/HEAD`);
    const bySha = await json<Info>(`/api/datasets/${TINY}/revision/${main.body.sha}`);
    expect(head.body.sha).toBe(main.body.sha);
    expect(bySha.body.sha).toBe(main.body.sha);
    const bad = await json<{ error: string }>(`/api/datasets/${TINY}/revision/nope`);
    expect(bad.status).toBe(404);
    expect(bad.headers.get("x-error-code")).toBe("RevisionNotFound");
    expect(bad.headers.get("x-error-message")).toContain("nope");
    expect(bad.body.error).toContain("nope");
  });

  it("blobs=true adds size, blobId and lfs (sha256 of the content) to siblings", async () => {
    const { body } = await json<Info>(`/api/datasets/${TINY}?blobs=true`);
    const pq = body.siblings.find((s) => s.rfilename === "data/train-00000-of-00001.parquet");
    const bytes = fx.tiny["data/train-00000-of-00001.parquet"] as Buffer;
    expect(pq?.size).toBe(bytes.length);
    expect(pq?.lfs?.sha256).toBe(sha256(bytes));
    expect(pq?.lfs?.size).toBe(bytes.length);
    const readme = body.siblings.find((s) => s.rfilename === "README.md");
    expect(readme?.lfs).toBeUndefined();
    expect(readme?.blobId).toBe(gitSha1(fx.tiny["README.md"] as Buffer));
  });

  it("expand returns only the listed fields plus _id and id", async () => {
    const { body } = await json<Record<string, unknown>>(`/api/datasets/${TINY}?expand=sha&expand=private&expand=gated`);
    expect(Object.keys(body).sort()).toEqual(["_id", "gated", "id", "private", "sha"]);
  });

  it("missing repo → RepoNotFound (401 anonymous, 404 with a token)", async () => {
    const anon = await json(`/api/datasets/nobody/nothing`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("x-error-code")).toBe("RepoNotFound");
    const withToken = await json(`/api/datasets/nobody/nothing`, { headers: { authorization: "Bearer hf_whatever123" } });
    expect(withToken.status).toBe(404);
    expect(withToken.headers.get("x-error-code")).toBe("RepoNotFound");
  });

  it("commit sha is stable across requests and derived from content", async () => {
    const a = await json<Info>(`/api/datasets/${TINY}`);
    const b = await json<Info>(`/api/datasets/${TINY}`);
    const g = await json<Info>(`/api/datasets/openai/gsm8k`);
    expect(a.body.sha).toBe(b.body.sha);
    expect(g.body.sha).not.toBe(a.body.sha);
  });
});

describe("tree", () => {
  it("lists direct children, directories first, compact JSON, with git oids and lfs", async () => {
    const r = await fetch(`${mirror.url}/api/datasets/${TINY}/tree/main`);
    const text = await r.text();
    expect(text).not.toMatch(/": /);
    expect(text).toContain('"type":"file"');
    const body = JSON.parse(text) as Entry[];
    const dirs = body.filter((e) => e.type === "directory").map((e) => e.path);
    expect(dirs).toEqual(["big", "data", "docs", "extra", "many"]);
    expect(body.slice(0, 5).every((e) => e.type === "directory")).toBe(true);
    const readme = body.find((e) => e.path === "README.md");
    expect(readme?.oid).toBe(gitSha1(fx.tiny["README.md"] as Buffer));
    expect(readme?.lfs).toBeUndefined();
    const dat = body.find((e) => e.path === "blob.dat");
    expect(dat?.lfs?.oid).toBe(sha256(fx.tiny["blob.dat"] as Buffer));
    // LFS tree oid = git sha1 of the pointer file
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(fx.tiny["blob.dat"] as Buffer)}\nsize 8\n`;
    expect(dat?.oid).toBe(gitSha1(pointer));
    expect(dat?.lfs?.pointerSize).toBe(Buffer.byteLength(pointer));
    expect(body.some((e) => e.path.includes("/"))).toBe(false);
  });

  it("recursive lists all descendants with repo-root paths; sub-path and %2F-encoded path work", async () => {
    const all = await json<Entry[]>(`/api/datasets/${TINY}/tree/main?recursive=true&expand=false`);
    expect(all.body.filter((e) => e.type === "file")).toHaveLength(Object.keys(fx.tiny).length);
    const sub = await json<Entry[]>(`/api/datasets/${TINY}/tree/main/docs%2Fa%20b?recursive=True`);
    expect(sub.body.map((e) => e.path)).toEqual(["docs/a b/c#d.txt"]);
    const raw = await json<Entry[]>(`/api/datasets/${TINY}/tree/main/data`);
    expect(raw.body.map((e) => e.path).sort()).toEqual(["data/test-00000-of-00001.parquet", "data/train-00000-of-00001.parquet"]);
  });

  it("missing path → 404 EntryNotFound with X-Repo-Commit", async () => {
    const r = await json(`/api/datasets/${TINY}/tree/main/nope?recursive=true`);
    expect(r.status).toBe(404);
    expect(r.headers.get("x-error-code")).toBe("EntryNotFound");
    expect(r.headers.get("x-repo-commit")).toMatch(/^[0-9a-f]{40}$/);
  });

  it("paginates with an absolute Link rel=next that the JS regex accepts, until no Link", async () => {
    const seen: string[] = [];
    let url: string | undefined = `${mirror.url}/api/datasets/${TINY}/tree/main/many?recursive=false&expand=false&limit=10`;
    let pages = 0;
    while (url) {
      const r: Response = await fetch(url);
      const body = (await r.json()) as Entry[];
      seen.push(...body.map((e) => e.path));
      pages++;
      const link = r.headers.get("link");
      const m = link ? /<(https?:[/][/][^>]+)>;\s+rel="([^"]+)"/.exec(link) : null;
      url = m?.[2] === "next" ? m[1] : undefined;
      if (pages === 1) expect(m).not.toBeNull();
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it("expand=true adds lastCommit with the commit sha", async () => {
    const info = await json<Info>(`/api/datasets/${TINY}`);
    const r = await json<Entry[]>(`/api/datasets/${TINY}/tree/main?expand=true`);
    expect(r.body.every((e) => e.lastCommit?.id === info.body.sha)).toBe(true);
  });
});

describe("paths-info", () => {
  it("accepts form-encoded bodies (HFH) and leaves missing paths out", async () => {
    const r = await json<Entry[]>(`/api/datasets/${TINY}/paths-info/main`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "paths=README.md&paths=data&paths=nope&expand=false",
    });
    expect(r.status).toBe(200);
    expect(r.body.map((e) => [e.type, e.path])).toEqual([
      ["file", "README.md"],
      ["directory", "data"],
    ]);
  });

  it("accepts JSON bodies (JS) with expand", async () => {
    const r = await json<Entry[]>(`/api/datasets/${TINY}/paths-info/main`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ paths: ["blob.dat"], expand: true }),
    });
    expect(r.body).toHaveLength(1);
    expect(r.body[0]?.lfs?.oid).toBe(sha256(fx.tiny["blob.dat"] as Buffer));
    expect(r.body[0]?.lastCommit?.id).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("resolve", () => {
  it("serves a regular file with a quoted git-sha1 ETag, X-Repo-Commit, Content-Length, Accept-Ranges", async () => {
    const info = await json<Info>(`/api/datasets/${TINY}`);
    const r = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/README.md`);
    const body = Buffer.from(await r.arrayBuffer());
    expect(r.status).toBe(200);
    expect(body.equals(fx.tiny["README.md"] as Buffer)).toBe(true);
    expect(r.headers.get("etag")).toBe(`"${gitSha1(body)}"`);
    expect(r.headers.get("x-repo-commit")).toBe(info.body.sha);
    expect(r.headers.get("content-length")).toBe(String(body.length));
    expect(r.headers.get("accept-ranges")).toBe("bytes");
    expect(r.headers.get("x-linked-etag")).toBeNull();
    expect(r.headers.get("content-encoding")).toBeNull();
  });

  it("serves an LFS file with a quoted sha256 ETag and X-Linked-Size/X-Linked-Etag, same on HEAD", async () => {
    const p = "data/train-00000-of-00001.parquet";
    const bytes = fx.tiny[p] as Buffer;
    const head = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/${p}`, { method: "HEAD" });
    const get = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/${p}`);
    const body = Buffer.from(await get.arrayBuffer());
    expect(body.equals(bytes)).toBe(true);
    for (const r of [head, get]) {
      expect(r.status).toBe(200);
      expect(r.headers.get("etag")).toBe(`"${sha256(bytes)}"`);
      expect(r.headers.get("x-linked-etag")).toBe(`"${sha256(bytes)}"`);
      expect(r.headers.get("x-linked-size")).toBe(String(bytes.length));
      expect(r.headers.get("content-length")).toBe(String(bytes.length));
    }
    expect(head.headers.get("x-repo-commit")).toBe(get.headers.get("x-repo-commit"));
  });

  it("a binary file with an unknown extension is LFS (content sniff)", async () => {
    const r = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/blob.dat`);
    expect(r.headers.get("etag")).toBe(`"${sha256(fx.tiny["blob.dat"] as Buffer)}"`);
  });

  it("decodes quoted paths (spaces, #) and the encoded commit sha", async () => {
    const info = await json<Info>(`/api/datasets/${TINY}`);
    const r = await fetch(`${mirror.url}/datasets/${TINY}/resolve/${info.body.sha}/docs/a%20b/c%23d.txt`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("hello with spaces\n");
  });

  it.each([
    ["bytes=0-9", 0, 9],
    ["bytes=10-", 10, -1],
    ["bytes=-16", -16, -1],
    ["bytes=5-100000000", 5, -1],
  ])("Range %s → 206 with the exact slice and Content-Range", async (range, a, b) => {
    const p = "data/train-00000-of-00001.parquet";
    const bytes = fx.tiny[p] as Buffer;
    const size = bytes.length;
    const start = a < 0 ? size + a : a;
    const end = b < 0 ? size - 1 : b;
    const r = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/${p}`, { headers: { range } });
    const body = Buffer.from(await r.arrayBuffer());
    expect(r.status).toBe(206);
    expect(r.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
    expect(r.headers.get("content-length")).toBe(String(end - start + 1));
    expect(body.equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it("unsatisfiable range → 416 with Content-Range bytes */size", async () => {
    const size = (fx.tiny["README.md"] as Buffer).length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, "bytes=-0"]) {
      const r = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/README.md`, { headers: { range } });
      expect(r.status).toBe(416);
      expect(r.headers.get("content-range")).toBe(`bytes */${size}`);
      expect(r.headers.get("x-error-code")).toBeTruthy();
    }
    // an empty file ignores ranges (200, empty) but still tells its size, so bytes=0-0 size probes work
    const empty = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/empty.txt`, { headers: { range: "bytes=0-0" } });
    expect(empty.status).toBe(200);
    expect(empty.headers.get("content-range")).toBe("bytes */0");
    expect((await empty.arrayBuffer()).byteLength).toBe(0);
  });

  it("multiple ranges and malformed ranges are ignored: 200 with the whole body", async () => {
    const size = (fx.tiny["README.md"] as Buffer).length;
    for (const range of ["bytes=0-1,4-5", "bytes=5-2", "items=0-1"]) {
      const r = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/README.md`, { headers: { range } });
      expect(r.status).toBe(200);
      expect((await r.arrayBuffer()).byteLength).toBe(size);
    }
  });

  it("HEAD with Range answers 206 headers and no body", async () => {
    const r = await rawRequest(mirror.url, `/datasets/${TINY}/resolve/main/README.md`, { method: "HEAD", headers: { range: "bytes=0-0" } });
    expect(r.status).toBe(206);
    expect(r.headers["content-range"]).toBe(`bytes 0-0/${(fx.tiny["README.md"] as Buffer).length}`);
    expect(r.body.length).toBe(0);
  });

  it("missing file → 404 EntryNotFound with X-Repo-Commit; missing repo and revision coded too", async () => {
    const miss = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/nope.txt`, { method: "HEAD" });
    expect(miss.status).toBe(404);
    expect(miss.headers.get("x-error-code")).toBe("EntryNotFound");
    expect(miss.headers.get("x-error-message")).toBeTruthy();
    expect(miss.headers.get("x-repo-commit")).toMatch(/^[0-9a-f]{40}$/);
    const dir = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/data`);
    expect(dir.headers.get("x-error-code")).toBe("EntryNotFound");
    const rev = await fetch(`${mirror.url}/datasets/${TINY}/resolve/v9/README.md`);
    expect([rev.status, rev.headers.get("x-error-code")]).toEqual([404, "RevisionNotFound"]);
    const repo = await fetch(`${mirror.url}/datasets/nobody/nothing/resolve/main/README.md`);
    expect([repo.status, repo.headers.get("x-error-code")]).toEqual([401, "RepoNotFound"]);
  });

  it("/raw/ serves the LFS pointer for LFS files", async () => {
    const r = await fetch(`${mirror.url}/datasets/${TINY}/raw/main/blob.dat`);
    const text = await r.text();
    expect(text).toContain(`oid sha256:${sha256(fx.tiny["blob.dat"] as Buffer)}`);
    expect(r.headers.get("etag")).toBe(`"${gitSha1(text)}"`);
  });
});

describe("parquet export", () => {
  it("lists configs/splits with URLs that redirect to refs%2Fconvert%2Fparquet files", async () => {
    const all = await json<Record<string, Record<string, string[]>>>(`/api/datasets/${TINY}/parquet`);
    expect(Object.keys(all.body)).toEqual(["default"]); // the jsonl config is not Parquet → not exported
    expect(Object.keys(all.body.default ?? {})).toEqual(["train", "test"]);
    const urls = await json<string[]>(`/api/datasets/${TINY}/parquet/default/train`);
    expect(urls.body).toEqual([`${mirror.url}/api/datasets/${TINY}/parquet/default/train/0.parquet`]);
    const cfg = await json<Record<string, string[]>>(`/api/datasets/${TINY}/parquet/default`);
    expect(Object.keys(cfg.body)).toEqual(["train", "test"]);
    const redirect = await fetch(urls.body[0] as string, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toContain("/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet");
    const followed = Buffer.from(await (await fetch(urls.body[0] as string)).arrayBuffer());
    expect(followed.equals(fx.tiny["data/train-00000-of-00001.parquet"] as Buffer)).toBe(true);
    const missing = await json(`/api/datasets/${TINY}/parquet/nope/train`);
    expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
  });

  it("serves the refs/convert/parquet branch encoded, raw and as ~parquet, with its own sha", async () => {
    const enc = await json<Info>(`/api/datasets/${TINY}/revision/refs%2Fconvert%2Fparquet`);
    const raw = await json<Info>(`/api/datasets/${TINY}/revision/refs/convert/parquet`);
    const main = await json<Info>(`/api/datasets/${TINY}`);
    expect(enc.status).toBe(200);
    expect(raw.body.sha).toBe(enc.body.sha);
    expect(enc.body.sha).not.toBe(main.body.sha);
    expect(enc.body.siblings.map((s) => s.rfilename).sort()).toEqual([
      ".gitattributes",
      "default/test/0000.parquet",
      "default/train/0000.parquet",
    ]);
    const tree = await json<Entry[]>(`/api/datasets/${TINY}/tree/~parquet/default/train`);
    expect(tree.body.map((e) => e.path)).toEqual(["default/train/0000.parquet"]);
    const treeRaw = await json<Entry[]>(`/api/datasets/${TINY}/tree/refs/convert/parquet/default?recursive=true`);
    expect(treeRaw.body.filter((e) => e.type === "file")).toHaveLength(2);
    const file = await fetch(`${mirror.url}/datasets/${TINY}/resolve/${enc.body.sha}/default/test/0000.parquet`);
    expect(Buffer.from(await file.arrayBuffer()).equals(fx.tiny["data/test-00000-of-00001.parquet"] as Buffer)).toBe(true);
    expect(file.headers.get("x-repo-commit")).toBe(enc.body.sha);
  });

  it("refs lists main and the parquet convert", async () => {
    const r = await json<{ branches: Array<{ name: string }>; converts: Array<{ ref: string }>; tags: unknown[]; pullRequests: unknown[] }>(
      `/api/datasets/${TINY}/refs`,
    );
    expect(r.body.branches.map((b) => b.name)).toEqual(["main"]);
    expect(r.body.converts.map((c) => c.ref)).toEqual(["refs/convert/parquet"]);
    expect(r.body.tags).toEqual([]);
    expect(r.body.pullRequests).toEqual([]);
  });
});

describe("content-derived commit", () => {
  it("a content change gives a new sha; restoring the content (new mtime) gives the old sha back", async () => {
    const { writeFileSync } = await import("node:fs");
    const { default: path } = await import("node:path");
    const file = path.join(fx.root, "datasets", "test-org", "tiny", "many", "f00.txt");
    const sha = async (): Promise<string> => (await json<Info>(`/api/datasets/${TINY}`)).body.sha;
    const before = await sha();
    writeFileSync(file, "changed\n");
    const changed = await sha();
    const r = await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/many/f00.txt`);
    expect(await r.text()).toBe("changed\n");
    expect(r.headers.get("x-repo-commit")).toBe(changed);
    writeFileSync(file, fx.tiny["many/f00.txt"] as Buffer);
    expect(changed).not.toBe(before);
    expect(await sha()).toBe(before);
  });
});

describe("startMirror", () => {
  it("refuses a root that is not a directory with InvalidArgumentError", async () => {
    const { InvalidArgumentError } = await import("@crucible/types");
    await expect(startMirror({ root: `${fx.root}/nope` })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("stats", () => {
  it("counts requests, bytes and routes, and resets", async () => {
    mirror.resetStats();
    expect(mirror.stats).toEqual({ requests: 0, bytesSent: 0, byRoute: {} });
    await (await fetch(`${mirror.url}/datasets/${TINY}/resolve/main/README.md`)).arrayBuffer();
    await (await fetch(`${mirror.url}/api/datasets/${TINY}/tree/main`)).arrayBuffer();
    await (await fetch(`${mirror.url}/api/agent-harnesses`)).arrayBuffer();
    expect(mirror.stats.requests).toBe(3);
    expect(mirror.stats.byRoute).toEqual({ resolve: 1, tree: 1, "agent-harnesses": 1 });
    expect(mirror.stats.bytesSent).toBeGreaterThan((fx.tiny["README.md"] as Buffer).length);
  });
});

import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveHubConfig } from "../env/config.js";
import { downloadFile } from "./file.js";
import { getFileMetadata } from "./metadata.js";
import { streamFile } from "./remote.js";
import { FAST, type MirrorFixture, freshCache, startTinyMirror, tempDir } from "./test-support/fixtures.js";

const SHA = "a".repeat(40);
const LFS = "b".repeat(64);

function fake(handler: (req: Request, n: number) => Response) {
  const calls: Request[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push(req);
    return handler(req, calls.length);
  }) as typeof fetch;
  return { fn, calls };
}

describe("getFileMetadata redirects (huggingface_hub 1.x rules)", () => {
  it("follows a same-host relative redirect and reads the final headers", async () => {
    const f = fake((req) =>
      req.url.includes("/resolve/")
        ? new Response(null, { status: 307, headers: { location: `/api/resolve-cache/datasets/a/b/${SHA}/x.txt` } })
        : new Response(null, {
            status: 200,
            headers: { "x-repo-commit": SHA, etag: '"1234567890123456789012345678901234567890"', "content-length": "12" },
          }),
    );
    const cfg = resolveHubConfig({ ...FAST, token: "hf_secret123456", fetch: f.fn, endpoint: "http://hub.test", cacheDir: tempDir() }, {});
    const m = await getFileMetadata(cfg, "a/b", "x.txt", "main");
    expect(m).toEqual({
      commit: SHA,
      etag: "1234567890123456789012345678901234567890",
      size: 12,
      location: `http://hub.test/api/resolve-cache/datasets/a/b/${SHA}/x.txt`,
    });
    expect(f.calls.map((c) => c.method)).toEqual(["HEAD", "HEAD"]);
    expect(f.calls[0]?.headers.get("accept-encoding")).toBe("identity");
    expect(f.calls[1]?.headers.get("authorization")).toBe("Bearer hf_secret123456");
  });

  it("stops at a redirect to another host that carries X-Linked-* and never sends the token there", async () => {
    const f = fake(
      () =>
        new Response(null, {
          status: 302,
          headers: {
            location: "https://cdn.example/blob?sig=1",
            "x-repo-commit": SHA,
            "x-linked-etag": `"${LFS}"`,
            "x-linked-size": "99",
            "content-length": "5",
          },
        }),
    );
    const cfg = resolveHubConfig({ ...FAST, token: "hf_secret123456", fetch: f.fn, endpoint: "http://hub.test", cacheDir: tempDir() }, {});
    const m = await getFileMetadata(cfg, "a/b", "d/x.parquet", "main");
    expect(m).toEqual({ commit: SHA, etag: LFS, size: 99, location: "https://cdn.example/blob?sig=1" });
    expect(f.calls.length).toBe(1);
  });

  it("refuses a server without X-Repo-Commit (not a Hub endpoint)", async () => {
    const f = fake(() => new Response(null, { status: 200, headers: { etag: '"x"', "content-length": "1" } }));
    const cfg = resolveHubConfig({ ...FAST, fetch: f.fn, endpoint: "http://hub.test", cacheDir: tempDir() }, {});
    await expect(getFileMetadata(cfg, "a/b", "x", "main")).rejects.toThrow(/X-Repo-Commit/);
  });
});

describe("hostile or broken servers cannot write outside the cache", () => {
  it("rejects an ETag or commit that is not a safe file name, and paths with '..'", async () => {
    const cacheDir = tempDir();
    const evil = fake(
      () => new Response(null, { status: 200, headers: { "x-repo-commit": SHA, etag: '"../../../evil"', "content-length": "3" } }),
    );
    await expect(downloadFile("a/b", "x.txt", { ...FAST, fetch: evil.fn, endpoint: "http://hub.test", cacheDir })).rejects.toThrow(/ETag/);
    const badCommit = fake(
      () => new Response(null, { status: 200, headers: { "x-repo-commit": "../x", etag: '"abc"', "content-length": "3" } }),
    );
    await expect(downloadFile("a/b", "x.txt", { ...FAST, fetch: badCommit.fn, endpoint: "http://hub.test", cacheDir })).rejects.toThrow(
      /commit sha/,
    );
    await expect(downloadFile("a/b", "../x.txt", { ...FAST, fetch: evil.fn, endpoint: "http://hub.test", cacheDir })).rejects.toThrow(
      /Invalid path/,
    );
    await expect(
      downloadFile("a/b", "x.txt", { ...FAST, fetch: evil.fn, endpoint: "http://hub.test", cacheDir, offline: true, revision: "../../x" }),
    ).rejects.toThrow(/Invalid revision/);
  });
});

describe("stalled bodies", () => {
  it("a body that stops sending is resumed after timeoutMs with Range", async () => {
    const data = Buffer.from("0123456789abcdefghij");
    const f = fake((req, n) => {
      if (n === 1) {
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(data.subarray(0, 8));
          },
        }); // never closes
        return new Response(body, { status: 200, headers: { "x-repo-commit": SHA, "content-length": String(data.length) } });
      }
      const from = Number(/bytes=(\d+)-/.exec(req.headers.get("range") ?? "")?.[1]);
      return new Response(data.subarray(from), {
        status: 206,
        headers: { "x-repo-commit": SHA, "content-range": `bytes ${from}-${data.length - 1}/${data.length}` },
      });
    });
    const chunks: Uint8Array[] = [];
    for await (const c of streamFile("a/b", "x.bin", { ...FAST, fetch: f.fn, endpoint: "http://hub.test", timeoutMs: 50 })) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe(data.toString());
    expect(f.calls[1]?.headers.get("range")).toBe("bytes=8-");
    // the resume is pinned to the commit the first answer named
    expect(f.calls[1]?.url).toContain(`/resolve/${SHA}/`);
  });
});

describe("cache fallbacks", () => {
  let fx: MirrorFixture;
  beforeAll(async () => {
    fx = await startTinyMirror();
  });
  afterAll(async () => fx.close());

  it("when the Hub is unreachable, a cached file is returned (as huggingface_hub does)", async () => {
    const cacheDir = freshCache(fx);
    const p = await downloadFile("test-org/tiny", "README.md", { ...FAST, endpoint: fx.mirror.url, cacheDir });
    const down: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    expect(
      await downloadFile("test-org/tiny", "README.md", { ...FAST, endpoint: fx.mirror.url, cacheDir, fetch: down, maxRetries: 1 }),
    ).toBe(p);
    await expect(
      downloadFile("test-org/tiny", "data/train.jsonl", { ...FAST, endpoint: fx.mirror.url, cacheDir, fetch: down, maxRetries: 1 }),
    ).rejects.toMatchObject({ code: "OFFLINE_CACHE_MISS" });
  });

  it("HF_HUB_DISABLE_SYMLINKS=1 puts copies in the snapshot", async () => {
    const cacheDir = freshCache(fx);
    const saved = process.env.HF_HUB_DISABLE_SYMLINKS;
    process.env.HF_HUB_DISABLE_SYMLINKS = "1";
    try {
      const p = await downloadFile("test-org/tiny", "data/train.jsonl", { ...FAST, endpoint: fx.mirror.url, cacheDir });
      expect(lstatSync(p).isSymbolicLink()).toBe(false);
      expect(readFileSync(p).equals(fx.repo.files["data/train.jsonl"] as Buffer)).toBe(true);
      expect(path.basename(path.dirname(path.dirname(p)))).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      if (saved === undefined) delete process.env.HF_HUB_DISABLE_SYMLINKS;
      else process.env.HF_HUB_DISABLE_SYMLINKS = saved;
    }
  });
});

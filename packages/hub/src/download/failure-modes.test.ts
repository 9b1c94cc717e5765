import { readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrucibleError } from "@crucible/types";
import { downloadFile } from "./file.js";
import { type MirrorFixture, freshCache, startTinyMirror, tempDir } from "./test-support/fixtures.js";

/** A 127.0.0.1 port with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(p: Promise<unknown>): Promise<CrucibleError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(CrucibleError.isInstance(e), String(e)).toBe(true);
  return e as CrucibleError;
}

let fx: MirrorFixture;
beforeAll(async () => {
  fx = await startTinyMirror();
}, 30_000);
afterAll(async () => fx?.close());

describe("failure modes", () => {
  it("a refused connection fails at once (default retry settings), and a cached copy answers at once", async () => {
    const cacheDir = freshCache(fx);
    const file = await downloadFile("test-org/tiny", "data/train.jsonl", { endpoint: fx.mirror.url, cacheDir, token: false });
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    // Default retry settings (1 s base, 5 retries: ~20 s if refused connections were retried).
    let t0 = performance.now();
    const e = await failure(downloadFile("test-org/tiny", "data/train.jsonl", { endpoint, cacheDir: freshCache(fx), token: false }));
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(e.code).toBe("OFFLINE_CACHE_MISS"); // not cached: huggingface_hub's "cannot reach the Hub and not in cache"
    expect(e.message).toMatch(/could not be reached \(The Hub refused the connection \(ECONNREFUSED\)/);
    t0 = performance.now();
    expect(await downloadFile("test-org/tiny", "data/train.jsonl", { endpoint, cacheDir, token: false })).toBe(file);
    expect(performance.now() - t0).toBeLessThan(3000);
  }, 20_000);

  it("a token with CR/LF is reported as a malformed token, never echoed", async () => {
    const token = "hf_abcdefSECRETtoken\r\nX-Injected: 1";
    const e = await failure(downloadFile("test-org/tiny", "README.md", { endpoint: fx.mirror.url, cacheDir: freshCache(fx), token }));
    expect(e.code).toBe("INVALID_ARGUMENT");
    expect(e.message).toMatch(/token contains a line break/);
    expect(e.message).not.toMatch(/SECRET|abcdef|Injected/);
  }, 20_000);

  it("a snapshot link that leads outside the cache is refused offline and re-linked online", async () => {
    const cacheDir = freshCache(fx);
    const opts = { endpoint: fx.mirror.url, cacheDir, token: false as const };
    const file = await downloadFile("test-org/tiny", "data/train.jsonl", opts);
    const target = readlinkSync(file);
    const outside = path.join(tempDir(), "private.txt");
    writeFileSync(outside, "PRIVATE-BYTES\n");
    rmSync(file);
    symlinkSync(outside, file);
    const sha = path.basename(path.dirname(path.dirname(file)));
    const e = await failure(downloadFile("test-org/tiny", "data/train.jsonl", { ...opts, offline: true, revision: sha }));
    expect(e.code).toBe("CACHE");
    expect(e.message).toMatch(/leads outside the cache/);
    expect(e.message).not.toContain("PRIVATE");
    expect(await failure(downloadFile("test-org/tiny", "data/train.jsonl", { ...opts, offline: true }))).toMatchObject({ code: "CACHE" });
    // Online the entry is linked to its blob again.
    const again = await downloadFile("test-org/tiny", "data/train.jsonl", { ...opts, revision: sha });
    expect(readlinkSync(again)).toBe(target);
    expect(readFileSync(again)).toEqual(fx.repo.files["data/train.jsonl"]);
  }, 20_000);
});

describe("offline readers never follow a link out of the cache", () => {
  it("streamFile and openRemoteFile refuse it", async () => {
    const { streamFile, openRemoteFile } = await import("./remote.js");
    const cacheDir = freshCache(fx);
    const opts = { endpoint: fx.mirror.url, cacheDir, token: false as const };
    const file = await downloadFile("test-org/tiny", "README.md", opts);
    const outside = path.join(tempDir(), "outside.txt");
    writeFileSync(outside, "PRIVATE-BYTES\n");
    rmSync(file);
    symlinkSync(outside, file);
    const chunks: Uint8Array[] = [];
    const e1 = await failure(
      (async () => {
        for await (const c of streamFile("test-org/tiny", "README.md", { ...opts, offline: true })) chunks.push(c);
      })(),
    );
    expect(e1.code).toBe("CACHE");
    expect(chunks).toEqual([]);
    const e2 = await failure(openRemoteFile("test-org/tiny", "README.md", { ...opts, offline: true }));
    expect(e2.message).not.toContain("PRIVATE");
  }, 20_000);
});

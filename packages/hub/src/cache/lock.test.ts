import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256File } from "../download/hash.js";
import { downloadFile } from "../download/file.js";
import {
  FAST,
  type MirrorFixture,
  freshCache,
  sha256,
  spawnDownload,
  startTinyMirror,
  tempDir,
} from "../download/test-support/fixtures.js";
import { blobLockPath, repoCachePaths } from "./layout.js";
import { acquireLock } from "./lock.js";

describe("acquireLock", () => {
  it("excludes a second holder until release", async () => {
    const file = path.join(tempDir(), "x.lock");
    const a = await acquireLock(file);
    expect(a).toBeDefined();
    let bHeld = false;
    const b = acquireLock(file, { pollMs: 5 }).then((l) => {
      bHeld = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(bHeld).toBe(false);
    await a?.release();
    const lb = await b;
    expect(bHeld).toBe(true);
    await lb?.release();
    expect(existsSync(file)).toBe(false);
  });

  it("breaks a lock whose holder process is dead at once", async () => {
    const file = path.join(tempDir(), "dead.lock");
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname(), nonce: "x" }));
    const l = await acquireLock(file, { timeoutMs: 2000 });
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    await l?.release();
  });

  it("breaks a lock not touched for staleMs (other host), and times out on a live one", async () => {
    const file = path.join(tempDir(), "old.lock");
    writeFileSync(file, JSON.stringify({ pid: 1, host: "elsewhere", nonce: "y" }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const l = await acquireLock(file, { staleMs: 10_000, timeoutMs: 2000 });
    expect(l).toBeDefined();
    await expect(acquireLock(file, { staleMs: 10_000, timeoutMs: 100, pollMs: 10 })).rejects.toThrow(/Timed out waiting/);
    await l?.release();
  });

  it("stops waiting when asked (the blob appeared)", async () => {
    const file = path.join(tempDir(), "w.lock");
    const a = await acquireLock(file);
    expect(await acquireLock(file, { shouldStopWaiting: async () => true })).toBeUndefined();
    await a?.release();
  });
});

describe("two processes and a killed process", () => {
  let fx: MirrorFixture;
  beforeAll(async () => {
    fx = await startTinyMirror();
  });
  afterAll(async () => fx.close());

  it("two processes downloading one file at once: one transfer, both succeed, the blob verifies", async () => {
    const cacheDir = freshCache(fx);
    // slow the transfer down so the two runs overlap: ~15 pieces of 100 kB, 80 ms each
    fx.mirror.setFaults({ cutBodyAfterBytes: 100_000, latencyMs: 80 });
    fx.mirror.resetStats();
    const args = [fx.mirror.url, cacheDir, "test-org/tiny", "data/big.bin"];
    const [a, b] = await Promise.all([spawnDownload(args).done, spawnDownload(args).done]);
    fx.mirror.setFaults({});
    expect(a.result?.ok).toBe(true);
    expect(b.result?.ok).toBe(true);
    expect(a.result?.path).toBe(b.result?.path);
    const big = fx.repo.files["data/big.bin"] as Buffer;
    expect(await sha256File(String(a.result?.path))).toBe(sha256(big));
    // one process fetched the bytes; the other waited on the lock and found the blob
    expect([a.result?.bytes, b.result?.bytes].sort()).toEqual([0, big.length]);
    expect(fx.mirror.stats.bytesSent).toBeLessThan(big.length * 1.2);
  }, 60_000);

  it("a process SIGKILLed mid-download: the next run breaks the stale lock, resumes, and verifies", async () => {
    const cacheDir = freshCache(fx);
    const big = fx.repo.files["data/big.bin"] as Buffer;
    fx.mirror.setFaults({ cutBodyAfterBytes: 100_000, latencyMs: 100 });
    const child = spawnDownload([fx.mirror.url, cacheDir, "test-org/tiny", "data/big.bin"], { reportProgress: true });
    // progress ≥ 1.1 MB means the first 1 MiB write batch is on disk
    await child.progressed(1_100_000);
    child.kill("SIGKILL");
    const end = await child.done;
    expect(end.signal).toBe("SIGKILL");
    const paths = repoCachePaths(cacheDir, "test-org/tiny");
    const lock = blobLockPath(paths, sha256(big));
    expect(existsSync(lock)).toBe(true);
    const incomplete = path.join(paths.blobs, `${sha256(big)}.incomplete`);
    const partial = readFileSync(incomplete).length;
    expect(partial).toBeGreaterThanOrEqual(1 << 20);
    expect(partial).toBeLessThan(big.length);
    fx.mirror.setFaults({});
    fx.mirror.resetStats();
    const p = await downloadFile("test-org/tiny", "data/big.bin", { ...FAST, endpoint: fx.mirror.url, cacheDir, lockStaleMs: 60_000 });
    expect(await sha256File(p)).toBe(sha256(big));
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(incomplete)).toBe(false);
    // resumed: only the missing tail was sent
    expect(fx.mirror.stats.bytesSent).toBeLessThanOrEqual(big.length - partial + 1000);
  }, 60_000);
});

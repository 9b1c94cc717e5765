import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidArgumentError } from "@crucible/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEMP_SUFFIX } from "../fs/atomic-write.js";
import { tempDir } from "../readers/__tests__/helpers.js";
import { cacheKey, type CacheKeyParts } from "./fingerprint.js";
import { defaultProcessedCacheDir, ProcessedCache } from "./processed-cache.js";

const parts: CacheKeyParts = {
  sourceRevision: "a".repeat(40),
  files: [{ path: "main/train-00000-of-00001.parquet", size: 2251602, etag: "abc" }],
  transform: "gsm8k:parse",
  codeVersion: "1",
};

let dir: string;
let cleanup: () => Promise<void>;
let clock = 1_000_000;
const now = () => clock;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("crucible-cache-"));
  clock = 1_000_000;
});
afterEach(async () => cleanup());

describe("cacheKey", () => {
  it("is stable, order-independent for files, and changes with every input", () => {
    const k = cacheKey(parts);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...parts, files: [...parts.files].reverse() })).toBe(k);
    expect(cacheKey({ ...parts, sourceRevision: "b".repeat(40) })).not.toBe(k);
    expect(cacheKey({ ...parts, files: [{ ...parts.files[0]!, size: 1 }] })).not.toBe(k);
    expect(cacheKey({ ...parts, files: [{ ...parts.files[0]!, etag: "def" }] })).not.toBe(k);
    expect(cacheKey({ ...parts, transform: "other" })).not.toBe(k);
    expect(cacheKey({ ...parts, codeVersion: "2" })).not.toBe(k);
    expect(cacheKey({ ...parts, extra: { seed: 1 } })).not.toBe(cacheKey({ ...parts, extra: { seed: 2 } }));
  });
});

describe("ProcessedCache", () => {
  it("put/get/has/delete round trip with a manifest", async () => {
    const cache = new ProcessedCache({ dir, now });
    const key = ProcessedCache.key(parts);
    expect(await cache.get(key)).toBeUndefined();
    expect(await cache.put(key, "hello", { meta: { rows: 2 } })).toBe(true);
    expect(await cache.has(key)).toBe(true);
    expect(new TextDecoder().decode(await cache.get(key))).toBe("hello");
    expect((await cache.info(key))?.meta).toEqual({ rows: 2 });
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.entries)).toEqual([key]);
    expect(await cache.delete(key)).toBe(true);
    expect(await cache.has(key)).toBe(false);
    expect(existsSync(cache.pathOf(key))).toBe(false);
  });

  it("a new source revision is a different key: never a stale hit", async () => {
    const cache = new ProcessedCache({ dir, now });
    await cache.put(ProcessedCache.key(parts), "old");
    expect(await cache.get(ProcessedCache.key({ ...parts, sourceRevision: "c".repeat(40) }))).toBeUndefined();
  });

  it("entries expire after their TTL", async () => {
    const cache = new ProcessedCache({ dir, now, ttlMs: 1000 });
    await cache.put("k1", "x");
    await cache.put("k2", "y", { ttlMs: 5000 });
    clock += 1500;
    expect(await cache.get("k1")).toBeUndefined();
    expect(await cache.get("k2")).toBeDefined();
    expect(existsSync(cache.pathOf("k1"))).toBe(false);
  });

  it("evicts least recently used entries beyond the size cap", async () => {
    const cache = new ProcessedCache({ dir, now, maxBytes: 25 });
    await cache.put("a", "0123456789");
    clock++;
    await cache.put("b", "0123456789");
    clock++;
    await cache.get("a"); // a is now more recent than b
    clock++;
    await cache.put("c", "0123456789");
    expect(await cache.has("a")).toBe(true);
    expect(await cache.has("b")).toBe(false);
    expect(await cache.has("c")).toBe(true);
    expect(await cache.put("huge", "x".repeat(26))).toBe(false);
  });

  it("crash leftovers: a manifest entry without its file is a miss and is cleaned up; temp files and orphans are pruned", async () => {
    const cache = new ProcessedCache({ dir, now });
    await cache.put("good", "data");
    await cache.put("lost", "data");
    // Simulate a crash: the data file of "lost" vanished, a temp file and an orphan remain.
    const entries = join(dir, "entries");
    await writeFile(cache.pathOf("lost") + ".1234.5" + TEMP_SUFFIX, "partial");
    await utimes(cache.pathOf("lost") + ".1234.5" + TEMP_SUFFIX, new Date(0), new Date(0));
    await writeFile(join(entries, "orphan.bin"), "x");
    await (await import("node:fs/promises")).rm(cache.pathOf("lost"));
    expect(await cache.get("lost")).toBeUndefined();
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.entries)).toEqual(["good"]);
    const result = await cache.prune();
    expect(result.removed).toBe(2);
    expect((await readdir(entries)).sort()).toEqual(["good.bin"]);
    expect(new TextDecoder().decode(await cache.get("good"))).toBe("data");
  });

  it("a truncated data file (wrong size) is a miss; a damaged manifest is treated as empty", async () => {
    const cache = new ProcessedCache({ dir, now });
    await cache.put("k", "0123456789");
    await writeFile(cache.pathOf("k"), "01234");
    expect(await cache.get("k")).toBeUndefined();
    await cache.put("k2", "v");
    await writeFile(join(dir, "manifest.json"), '{"version": 1, "entr');
    expect(await cache.get("k2")).toBeUndefined();
    await cache.prune();
    expect(await readdir(join(dir, "entries"))).toEqual([]);
  });

  it("verifyHash catches same-size corruption", async () => {
    const cache = new ProcessedCache({ dir, now, verifyHash: true });
    await cache.put("k", "0123456789");
    await writeFile(cache.pathOf("k"), "abcdefghij");
    expect(await cache.get("k")).toBeUndefined();
  });

  it("putFile moves a file in; clear removes everything", async () => {
    const cache = new ProcessedCache({ dir, now });
    const src = join(dir, "store.bin");
    await writeFile(src, "rows");
    expect(await cache.putFile("store", src)).toBe(true);
    expect(existsSync(src)).toBe(false);
    expect(new TextDecoder().decode(await cache.get("store"))).toBe("rows");
    await cache.clear();
    expect(await cache.entries()).toEqual([]);
  });

  it("rejects keys that could escape the directory", async () => {
    const cache = new ProcessedCache({ dir, now });
    await expect(cache.put("../x", "y")).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("default dir honours CRUCIBLE_HOME, else ~/.cache/crucible/processed", () => {
    const before = process.env.CRUCIBLE_HOME;
    try {
      process.env.CRUCIBLE_HOME = "/tmp/ch";
      expect(defaultProcessedCacheDir()).toBe("/tmp/ch/processed");
      delete process.env.CRUCIBLE_HOME;
      expect(defaultProcessedCacheDir()).toMatch(/\.cache\/crucible\/processed$/);
    } finally {
      if (before === undefined) delete process.env.CRUCIBLE_HOME;
      else process.env.CRUCIBLE_HOME = before;
    }
  });

  it("concurrent puts and gets on one instance stay consistent", async () => {
    const cache = new ProcessedCache({ dir, now });
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.put(`k${i}`, `v${i}`)));
    const got = await Promise.all(Array.from({ length: 20 }, (_, i) => cache.get(`k${i}`)));
    expect(got.map((g) => new TextDecoder().decode(g))).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
    await mkdir(join(dir, "entries"), { recursive: true });
  });
});

import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { CrucibleError, InvalidArgumentError } from "@crucible/types";
import { fsError } from "../fs/async-buffer.js";
import { atomicWriteFile, TEMP_SUFFIX } from "../fs/atomic-write.js";
import { cacheKey, type CacheKeyParts } from "./fingerprint.js";

/** Options of {@link ProcessedCache}. */
export interface ProcessedCacheOptions {
  /** Cache directory. Default `$CRUCIBLE_HOME/processed` when `CRUCIBLE_HOME` is set, else `~/.cache/crucible/processed`. */
  dir?: string;
  /** Time to live of an entry in milliseconds, counted from when it was written. Default 7 days. */
  ttlMs?: number;
  /** Size cap of all entries in bytes; least recently used entries are evicted beyond it. Default 10 GiB. */
  maxBytes?: number;
  /** Temp files older than this are removed by {@link ProcessedCache.prune} (a crashed writer's leftovers). Default 1 hour. */
  staleTempMs?: number;
  /** Verify each entry's sha256 on `get` (size is always checked). Default `false`. */
  verifyHash?: boolean;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** One entry of the manifest. */
export interface CacheEntryInfo {
  /** The key. */
  key: string;
  /** Size of the data in bytes. */
  size: number;
  /** sha256 (hex) of the data. */
  sha256: string;
  /** When it was written (ms since epoch). */
  createdAt: number;
  /** When it was last read or written (ms since epoch). */
  lastAccess: number;
  /** When it expires (ms since epoch). */
  expiresAt: number;
  /** Caller-supplied JSON metadata (row counts, features…). */
  meta?: unknown;
}

interface Manifest {
  version: 1;
  entries: Record<string, Omit<CacheEntryInfo, "key">>;
}

const MANIFEST = "manifest.json";
const DATA_DIR = "entries";
const KEY_RE = /^[A-Za-z0-9_-]{1,128}$/;

/** The default directory of the processed-data cache (see {@link ProcessedCacheOptions.dir}). */
export function defaultProcessedCacheDir(): string {
  const home = process.env.CRUCIBLE_HOME;
  return home ? join(home, "processed") : join(homedir(), ".cache", "crucible", "processed");
}

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * A cache of processed data (prepared row stores, transformed splits) on disk.
 *
 * - Keys are fingerprints ({@link cacheKey}) of the source revision, files (sizes/etags), transform and code
 *   version: a new revision means a new key, so an entry is never stale.
 * - Each entry is one file under `entries/`, written atomically (temp file + fsync + rename) BEFORE the manifest
 *   (`manifest.json`, also written atomically) mentions it. A crash therefore leaves at worst an orphan file or a
 *   temp file, never a manifest entry pointing at partial data; a manifest entry whose file is missing or has the
 *   wrong size is treated as a miss and removed.
 * - Entries expire after `ttlMs`; beyond `maxBytes` the least recently used are evicted.
 * - Operations of one instance are serialised; several processes may share a directory (the manifest is
 *   last-writer-wins: an entry lost from it is an orphan that {@link prune} deletes, i.e. a future miss, never
 *   wrong data).
 */
export class ProcessedCache {
  /** The cache directory. */
  readonly dir: string;
  private readonly ttlMs: number;
  private readonly maxBytes: number;
  private readonly staleTempMs: number;
  private readonly verifyHash: boolean;
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  /** @param options - See {@link ProcessedCacheOptions}. */
  constructor(options: ProcessedCacheOptions = {}) {
    this.dir = options.dir ?? defaultProcessedCacheDir();
    this.ttlMs = options.ttlMs ?? 7 * 24 * 3600 * 1000;
    this.maxBytes = options.maxBytes ?? 10 * 1024 ** 3;
    this.staleTempMs = options.staleTempMs ?? 3600 * 1000;
    this.verifyHash = options.verifyHash ?? false;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs > 0)) throw new InvalidArgumentError(`ttlMs must be positive, got ${this.ttlMs}`);
    if (!(this.maxBytes > 0)) throw new InvalidArgumentError(`maxBytes must be positive, got ${this.maxBytes}`);
  }

  /** Same as {@link cacheKey}. */
  static key(parts: CacheKeyParts): string {
    return cacheKey(parts);
  }

  /** Path of an entry's data file (it exists only while the entry does). */
  pathOf(key: string): string {
    this.checkKey(key);
    return join(this.dir, DATA_DIR, `${key}.bin`);
  }

  /**
   * The entry's data, or `undefined` on a miss (absent, expired, or its file missing/damaged — then removed).
   * Refreshes the entry's last-access time.
   */
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.serial(async () => {
      const manifest = await this.readManifest();
      const entry = await this.validEntry(manifest, key);
      if (!entry) return undefined;
      let data: Uint8Array;
      try {
        data = await readFile(this.pathOf(key));
      } catch {
        await this.dropEntry(manifest, key);
        return undefined;
      }
      if (data.length !== entry.size || (this.verifyHash && sha256(data) !== entry.sha256)) {
        await this.dropEntry(manifest, key);
        return undefined;
      }
      entry.lastAccess = this.now();
      await this.writeManifest(manifest);
      return data;
    });
  }

  /** The entry's manifest record (without reading its data), or `undefined` on a miss. */
  async info(key: string): Promise<CacheEntryInfo | undefined> {
    return this.serial(async () => {
      const manifest = await this.readManifest();
      const entry = await this.validEntry(manifest, key);
      return entry ? { key, ...entry } : undefined;
    });
  }

  /** True when a valid (unexpired, file present with the right size) entry exists. Does not refresh it. */
  async has(key: string): Promise<boolean> {
    return (await this.info(key)) !== undefined;
  }

  /**
   * Stores `data` under `key` (replacing any previous entry), then evicts least recently used entries beyond
   * the size cap.
   * @param options - `ttlMs` overrides the cache's TTL for this entry; `meta` is kept in the manifest.
   * @returns `false` when the data alone is larger than `maxBytes` (nothing is stored), else `true`.
   */
  async put(key: string, data: Uint8Array | string, options: { ttlMs?: number; meta?: unknown } = {}): Promise<boolean> {
    this.checkKey(key);
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    if (bytes.length > this.maxBytes) return false;
    return this.serial(async () => {
      await atomicWriteFile(this.pathOf(key), bytes);
      await this.record(key, bytes.length, sha256(bytes), options);
      return true;
    });
  }

  /**
   * Moves an existing file (e.g. a prepared row store) into the cache under `key` (rename, or copy when on
   * another file system). The source file is gone afterwards.
   * @returns `false` when the file is larger than `maxBytes` (it is left in place), else `true`.
   */
  async putFile(key: string, sourcePath: string, options: { ttlMs?: number; meta?: unknown } = {}): Promise<boolean> {
    this.checkKey(key);
    let size: number;
    try {
      size = (await stat(sourcePath)).size;
    } catch (cause) {
      throw fsError(cause, sourcePath, "add the file to the processed-data cache");
    }
    if (size > this.maxBytes) return false;
    return this.serial(async () => {
      const target = this.pathOf(key);
      const temp = `${target}.${process.pid}.${this.now()}${TEMP_SUFFIX}`;
      let hash: string;
      try {
        await mkdir(join(this.dir, DATA_DIR), { recursive: true });
        try {
          await rename(sourcePath, temp);
        } catch {
          await copyFile(sourcePath, temp);
          await rm(sourcePath, { force: true });
        }
        hash = sha256(await readFile(temp));
        await rename(temp, target);
      } catch (cause) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw fsError(cause, sourcePath, "move the file into the processed-data cache");
      }
      await this.record(key, size, hash, options);
      return true;
    });
  }

  /** Removes an entry. @returns whether it existed. */
  async delete(key: string): Promise<boolean> {
    this.checkKey(key);
    return this.serial(async () => {
      const manifest = await this.readManifest();
      const existed = key in manifest.entries;
      await this.dropEntry(manifest, key);
      return existed;
    });
  }

  /** Every valid entry, most recently used first. */
  async entries(): Promise<CacheEntryInfo[]> {
    return this.serial(async () => {
      const manifest = await this.readManifest();
      const now = this.now();
      return Object.entries(manifest.entries)
        .filter(([, e]) => e.expiresAt > now)
        .map(([key, e]) => ({ key, ...e }))
        .sort((a, b) => b.lastAccess - a.lastAccess);
    });
  }

  /**
   * Housekeeping: removes expired entries, manifest entries whose file is missing or damaged, data files the
   * manifest does not know (orphans of a crash), temp files older than `staleTempMs`, and evicts least recently
   * used entries beyond `maxBytes`.
   * @returns How many entries/files were removed and how many bytes were freed.
   */
  async prune(): Promise<{ removed: number; freedBytes: number }> {
    return this.serial(async () => {
      const manifest = await this.readManifest();
      let removed = 0;
      let freedBytes = 0;
      const now = this.now();
      for (const [key, entry] of Object.entries(manifest.entries)) {
        const size = await stat(this.pathOf(key)).then(
          (s) => s.size,
          () => -1,
        );
        if (entry.expiresAt <= now || size !== entry.size) {
          delete manifest.entries[key];
          await rm(this.pathOf(key), { force: true });
          removed++;
          if (size > 0) freedBytes += size;
        }
      }
      const dataDir = join(this.dir, DATA_DIR);
      const names = await readdir(dataDir).catch(() => [] as string[]);
      for (const name of names) {
        const path = join(dataDir, name);
        const isTemp = name.endsWith(TEMP_SUFFIX);
        const key = name.endsWith(".bin") ? name.slice(0, -4) : undefined;
        if (!isTemp && key !== undefined && key in manifest.entries) continue;
        const info = await stat(path).catch(() => undefined);
        if (!info) continue;
        if (isTemp && Date.now() - info.mtimeMs < this.staleTempMs) continue; // maybe another writer's
        if (!isTemp && key === undefined) continue; // not ours
        await rm(path, { force: true });
        removed++;
        freedBytes += info.size;
      }
      const evicted = await this.evict(manifest, undefined);
      removed += evicted.count;
      freedBytes += evicted.bytes;
      await this.writeManifest(manifest);
      return { removed, freedBytes };
    });
  }

  /** Removes every entry and the manifest. */
  async clear(): Promise<void> {
    return this.serial(async () => {
      await rm(join(this.dir, DATA_DIR), { recursive: true, force: true });
      await rm(join(this.dir, MANIFEST), { force: true });
    });
  }

  // ------------------------------------------------------------------------------------------------------------

  private checkKey(key: string): void {
    if (!KEY_RE.test(key)) {
      throw new InvalidArgumentError(`Invalid cache key ${JSON.stringify(key)}`, {
        hint: "Use ProcessedCache.key(...) (hex) or 1–128 characters of [A-Za-z0-9_-]",
      });
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readManifest(): Promise<Manifest> {
    let text: string;
    try {
      text = await readFile(join(this.dir, MANIFEST), "utf8");
    } catch (cause) {
      if ((cause as { code?: string }).code === "ENOENT") return { version: 1, entries: {} };
      throw new CrucibleError("CACHE", "Cannot read the processed-data cache manifest", { file: join(this.dir, MANIFEST), cause });
    }
    try {
      const parsed = JSON.parse(text) as Manifest;
      if (parsed && parsed.version === 1 && parsed.entries && typeof parsed.entries === "object") return parsed;
    } catch {
      // fall through: a damaged manifest is an empty one; prune() removes the orphaned files
    }
    return { version: 1, entries: {} };
  }

  private async writeManifest(manifest: Manifest): Promise<void> {
    await atomicWriteFile(join(this.dir, MANIFEST), JSON.stringify(manifest));
  }

  /** The entry when it is valid; an expired entry or one whose file is gone/wrong-sized is removed. */
  private async validEntry(manifest: Manifest, key: string): Promise<Manifest["entries"][string] | undefined> {
    this.checkKey(key);
    const entry = manifest.entries[key];
    if (!entry) return undefined;
    const size = await stat(this.pathOf(key)).then(
      (s) => s.size,
      () => -1,
    );
    if (entry.expiresAt <= this.now() || size !== entry.size) {
      await this.dropEntry(manifest, key);
      return undefined;
    }
    return entry;
  }

  private async dropEntry(manifest: Manifest, key: string): Promise<void> {
    const existed = key in manifest.entries;
    delete manifest.entries[key];
    await rm(this.pathOf(key), { force: true });
    if (existed) await this.writeManifest(manifest);
  }

  private async record(key: string, size: number, hash: string, options: { ttlMs?: number; meta?: unknown }): Promise<void> {
    const manifest = await this.readManifest();
    const now = this.now();
    manifest.entries[key] = {
      size,
      sha256: hash,
      createdAt: now,
      lastAccess: now,
      expiresAt: now + (options.ttlMs ?? this.ttlMs),
      ...(options.meta !== undefined ? { meta: options.meta } : {}),
    };
    await this.evict(manifest, key);
    await this.writeManifest(manifest);
  }

  /** Evicts least recently used entries (never `keep`) until the total fits `maxBytes`. */
  private async evict(manifest: Manifest, keep: string | undefined): Promise<{ count: number; bytes: number }> {
    let total = Object.values(manifest.entries).reduce((n, e) => n + e.size, 0);
    let count = 0;
    let bytes = 0;
    if (total <= this.maxBytes) return { count, bytes };
    const byAge = Object.entries(manifest.entries)
      .filter(([k]) => k !== keep)
      .sort(([, a], [, b]) => a.lastAccess - b.lastAccess);
    for (const [key, entry] of byAge) {
      if (total <= this.maxBytes) break;
      delete manifest.entries[key];
      await rm(this.pathOf(key), { force: true });
      total -= entry.size;
      bytes += entry.size;
      count++;
    }
    return { count, bytes };
  }
}

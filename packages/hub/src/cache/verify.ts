import { createReadStream } from "node:fs";
import { lstat, readdir, realpath, rm, stat } from "node:fs/promises";
import path from "node:path";
import { DAMAGED_MANIFEST_FILE, RowStore, defaultStoreRoot } from "@crucible/core";
import { CrucibleError } from "@crucible/types";
import { type HubOptions, resolveHubConfig } from "../env/config.js";
import { blobCheckFor, createBlobHasher } from "../download/hash.js";
import { markBlobVerified } from "../download/ingest.js";
import { type RepoCachePaths, repoCachePaths } from "./layout.js";
import { readTreeCache } from "./tree-cache.js";

/** Options of {@link verifyCache}. */
export interface VerifyCacheOptions extends Pick<HubOptions, "cacheDir"> {
  /** Delete what is damaged (blobs, snapshot links out of the cache, damaged or outdated row stores). Default false. */
  repair?: boolean;
  /** Folder of the row stores. Default: `$CRUCIBLE_HOME/stores` (`~/.cache/crucible/stores`), where loads keep them. */
  storeRoot?: string;
  /** Called after each blob or store is checked (for progress output). */
  onItem?: (item: { kind: "blob" | "store"; path: string; ok: boolean }) => void;
}

/** One problem {@link verifyCache} found. */
export interface CacheIssue {
  /** `blob`: bytes differ from the name (hash) or the listed size; `link`: a snapshot entry that leads outside the
   * cache; `store`: a row store that fails its checksums, is marked damaged, or is of an older version. */
  kind: "blob" | "link" | "store";
  /** The file or directory. */
  path: string;
  /** Repo id, for blobs and links. */
  repo?: string;
  /** What is wrong. */
  problem: string;
  /** True when `repair` deleted it (it is downloaded or rebuilt on the next load). */
  repaired: boolean;
}

/** What {@link verifyCache} checked and found. */
export interface CacheReport {
  /** Blobs whose hash was checked. */
  blobs: number;
  /** Bytes hashed. */
  bytes: number;
  /** Row stores checked. */
  stores: number;
  /** Problems found (empty when everything is sound). */
  issues: CacheIssue[];
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Expected sizes by blob name, from the repo's cached tree listings (huggingface_hub's `trees/{sha}.json`). */
async function listedSizes(paths: RepoCachePaths): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const name of await listDir(path.join(paths.root, "trees"))) {
    if (!name.endsWith(".json")) continue;
    const tree = await readTreeCache(paths, name.slice(0, -5));
    for (const entry of tree?.values() ?? []) {
      if (entry.lfs_sha256 !== undefined && entry.lfs_size !== undefined) sizes.set(entry.lfs_sha256, entry.lfs_size);
      else sizes.set(entry.blob_id, entry.size);
    }
  }
  return sizes;
}

async function hashFile(file: string, name: string, size: number): Promise<string | undefined> {
  const check = blobCheckFor(name);
  const hasher = createBlobHasher(check, size);
  if (!hasher) return undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hasher.update(chunk as Buffer);
  return hasher.digest("hex");
}

async function walkSnapshots(dir: string, visit: (file: string) => Promise<void>): Promise<void> {
  for (const name of await listDir(dir)) {
    const p = path.join(dir, name);
    const st = await lstat(p).catch(() => undefined);
    if (st?.isDirectory()) await walkSnapshots(p, visit);
    else if (st !== undefined) await visit(p);
  }
}

function within(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

async function verifyRepo(repoDir: string, repo: string, report: CacheReport, options: VerifyCacheOptions): Promise<void> {
  const paths = repoCachePaths(path.dirname(repoDir), repo);
  const repair = options.repair === true;
  const sizes = await listedSizes(paths);
  for (const name of await listDir(paths.blobs)) {
    if (name.endsWith(".incomplete") || name.startsWith(".") || name.endsWith(".tmp")) continue;
    const file = path.join(paths.blobs, name);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) continue;
    let problem: string | undefined;
    const listed = sizes.get(name);
    if (listed !== undefined && listed !== st.size) problem = `has ${st.size} bytes, the Hub listed ${listed}`;
    else {
      const actual = await hashFile(file, name, st.size);
      if (actual !== undefined) {
        report.blobs++;
        report.bytes += st.size;
        if (actual !== name) problem = `content hash is ${actual}, the name says ${name}`;
        else await markBlobVerified(file);
      }
    }
    options.onItem?.({ kind: "blob", path: file, ok: problem === undefined });
    if (problem !== undefined) {
      if (repair) await rm(file, { force: true });
      report.issues.push({ kind: "blob", path: file, repo, problem, repaired: repair });
    }
  }
  const root = await realpath(paths.root).catch(() => paths.root);
  await walkSnapshots(paths.snapshots, async (entry) => {
    const real = await realpath(entry).catch(() => undefined);
    if (real === undefined || within(root, real)) return; // dangling links are misses, downloaded again
    if (repair) await rm(entry, { force: true });
    report.issues.push({ kind: "link", path: entry, repo, problem: "is a link that leads outside the cache", repaired: repair });
  });
}

async function verifyStores(storeRoot: string, report: CacheReport, options: VerifyCacheOptions): Promise<void> {
  const repair = options.repair === true;
  for (const name of await listDir(storeRoot)) {
    if (name.startsWith(".")) continue; // a writer's temporary directory
    const dir = path.join(storeRoot, name);
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) continue;
    const entries = await listDir(dir);
    let problem: string | undefined;
    if (entries.includes(DAMAGED_MANIFEST_FILE)) problem = "was marked damaged by a reader";
    else if (!entries.includes("manifest.json"))
      continue; // not a finished store
    else {
      report.stores++;
      try {
        const store = RowStore.open(dir);
        try {
          store.verify();
        } finally {
          store.close();
        }
      } catch (error) {
        problem = CrucibleError.isInstance(error) ? error.message : String(error);
      }
    }
    options.onItem?.({ kind: "store", path: dir, ok: problem === undefined });
    if (problem !== undefined) {
      if (repair) await rm(dir, { recursive: true, force: true });
      report.issues.push({ kind: "store", path: dir, problem, repaired: repair });
    }
  }
}

/**
 * Checks the whole local cache: every blob of every dataset repo in the HF cache (its content hash — sha256 for
 * LFS, git blob sha1 otherwise — and its size when a cached tree listing gives one), every snapshot entry (a link
 * out of the cache is an issue), and every row store (manifest, offsets and every data chunk's CRC-32; stores of
 * older versions or marked damaged are issues). Nothing is downloaded. With `repair`, what is damaged is deleted,
 * so the next load downloads or rebuilds it. A store found damaged is marked damaged even without `repair` (every
 * reader would refuse it anyway).
 * @param options - `cacheDir` (default: the HF cache from the environment), `storeRoot`, `repair` (default false),
 *   `onItem`.
 * @returns What was checked and the issues found.
 */
export async function verifyCache(options: VerifyCacheOptions = {}): Promise<CacheReport> {
  const config = resolveHubConfig({
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    offline: true,
    token: false,
  });
  const report: CacheReport = { blobs: 0, bytes: 0, stores: 0, issues: [] };
  for (const name of (await listDir(config.cacheDir)).sort()) {
    if (!name.startsWith("datasets--")) continue;
    await verifyRepo(path.join(config.cacheDir, name), name.split("--").slice(1).join("/"), report, options);
  }
  await verifyStores(options.storeRoot ?? defaultStoreRoot(), report, options);
  return report;
}

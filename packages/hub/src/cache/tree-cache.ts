import { readFile } from "node:fs/promises";
import type { TreeEntry } from "../api/tree.js";
import { atomicWrite } from "./atomic.js";
import { type RepoCachePaths, treeCachePath } from "./layout.js";

/** One file of huggingface_hub's `trees/{commit}.json` (format_version 1). */
export interface TreeCacheEntry {
  size: number;
  blob_id: string;
  lfs_sha256?: string;
  lfs_size?: number;
  xet_hash?: string;
}

/** Reads `trees/{commit}.json`; undefined when absent, unreadable or of another format version. */
export async function readTreeCache(paths: RepoCachePaths, commit: string): Promise<Map<string, TreeCacheEntry> | undefined> {
  try {
    const data = JSON.parse(await readFile(treeCachePath(paths, commit), "utf8")) as {
      format_version?: number;
      files?: Record<string, TreeCacheEntry>;
    };
    if (data.format_version !== 1 || typeof data.files !== "object" || data.files === null) return undefined;
    return new Map(Object.entries(data.files));
  } catch {
    return undefined;
  }
}

/**
 * Writes the recursive file listing of a commit to `trees/{commit}.json` exactly as huggingface_hub 1.x does
 * (sorted paths, indent 1), so Python's `snapshot_download` can skip its tree request and vice versa.
 */
export async function writeTreeCache(paths: RepoCachePaths, commit: string, files: TreeEntry[]): Promise<void> {
  const entries: Record<string, TreeCacheEntry> = {};
  for (const f of [...files].filter((e) => e.type === "file").sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const e: TreeCacheEntry = { size: f.size, blob_id: f.oid ?? "" };
    if (f.lfs) {
      e.lfs_sha256 = f.lfs.oid;
      e.lfs_size = f.lfs.size;
    }
    entries[f.path] = e;
  }
  await atomicWrite(treeCachePath(paths, commit), JSON.stringify({ format_version: 1, files: entries }, null, 1));
}

/** Tree entries from a tree cache. */
export function treeEntriesFromCache(files: Map<string, TreeCacheEntry>): TreeEntry[] {
  return [...files].map(([p, e]) => ({
    type: "file" as const,
    path: p,
    size: e.size,
    oid: e.blob_id,
    ...(e.lfs_sha256 ? { lfs: { oid: e.lfs_sha256, size: e.lfs_size ?? e.size } } : {}),
  }));
}

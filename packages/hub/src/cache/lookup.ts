import { access, stat } from "node:fs/promises";
import { isCommitSha } from "../api/repo.js";
import { type RepoCachePaths, noExistPath, repoCachePaths, snapshotFilePath } from "./layout.js";
import { readRef } from "./refs.js";

/** Result of a cache lookup. */
export type CacheLookup =
  | { kind: "hit"; path: string; commit: string }
  | { kind: "no-exist"; commit: string }
  | { kind: "miss"; commit: string | undefined };

/** The commit a revision points at in the cache: the revision itself when it is a sha, else `refs/{revision}`. */
export async function cachedCommit(paths: RepoCachePaths, revision: string): Promise<string | undefined> {
  if (isCommitSha(revision)) return revision;
  return readRef(paths, revision);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * huggingface_hub's `try_to_load_from_cache`: revision → commit (sha or `refs/`), then `.no_exist/{commit}/{path}`,
 * then `snapshots/{commit}/{path}` (a dangling symlink counts as a miss). No network.
 */
export async function lookupCachedFile(cacheDir: string, repo: string, pathInRepo: string, revision = "main"): Promise<CacheLookup> {
  const paths = repoCachePaths(cacheDir, repo);
  const commit = await cachedCommit(paths, revision);
  if (commit === undefined) return { kind: "miss", commit };
  const file = snapshotFilePath(paths, commit, pathInRepo);
  const st = await stat(file).catch(() => undefined);
  if (st?.isFile()) return { kind: "hit", path: file, commit };
  if (await exists(noExistPath(paths, commit, pathInRepo))) return { kind: "no-exist", commit };
  return { kind: "miss", commit };
}

import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { OfflineCacheMissError } from "@crucible/types";
import pLimit from "p-limit";
import { type HubOptions, resolveHubConfig } from "../env/config.js";
import { validateRepoId } from "../api/repo.js";
import { isTransientHubError, resolveRevisionWithConfig } from "../api/revision.js";
import { type TreeEntry, listFiles } from "../api/tree.js";
import { repoCachePaths, snapshotFilePath } from "../cache/layout.js";
import { cachedCommit } from "../cache/lookup.js";
import { readTreeCache, treeEntriesFromCache, writeTreeCache } from "../cache/tree-cache.js";
import { downloadFileWithConfig, expectedFromTreeEntry } from "./file.js";
import { filterPaths } from "./fnmatch.js";

/** Options of {@link snapshotDownload}. */
export interface SnapshotDownloadOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
  /** Only files matching one of these fnmatch patterns (huggingface_hub `allow_patterns`). Default: all. */
  include?: string | string[];
  /** Skip files matching these (huggingface_hub `ignore_patterns`). Default: none. */
  exclude?: string | string[];
  /** Parallel transfers. Default: 8. */
  concurrency?: number;
  /** Lock staleness for cross-process locks, in ms. Default: 30000. */
  lockStaleMs?: number;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Downloads every file of a dataset revision (optionally filtered) into the HF hub cache and returns
 * `snapshots/{commit}`. Requests: the revision's sha (skipped for a sha), the recursive tree at the commit (skipped
 * when `trees/{commit}.json` is cached, and written otherwise, as huggingface_hub 1.x does), then one GET per
 * missing blob (no HEAD: ETag and size come from the tree), `concurrency` at a time.
 * Offline: `refs/` → commit, and the cached tree (if any) must show every wanted file present; zero requests.
 * @throws OfflineCacheMissError, RepoNotFoundError, RevisionNotFoundError, GatedRepoError, IntegrityError.
 */
export async function snapshotDownload(repo: string, options: SnapshotDownloadOptions = {}): Promise<string> {
  validateRepoId(repo);
  const config = resolveHubConfig(options);
  const revision = options.revision ?? "main";
  const paths = repoCachePaths(config.cacheDir, repo);

  if (config.offline) return offlineSnapshot(config.cacheDir, repo, revision, options);

  let commit: string;
  try {
    commit = await resolveRevisionWithConfig(config, repo, revision);
  } catch (error) {
    if (isTransientHubError(error)) return offlineSnapshot(config.cacheDir, repo, revision, options, error);
    throw error;
  }
  let files: TreeEntry[];
  const cachedTree = await readTreeCache(paths, commit);
  if (cachedTree) files = treeEntriesFromCache(cachedTree);
  else {
    files = [];
    for await (const e of listFiles(repo, { ...options, revision: commit, recursive: true })) if (e.type === "file") files.push(e);
    await writeTreeCache(paths, commit, files);
  }
  const wanted = new Set(
    filterPaths(
      files.map((f) => f.path),
      options.include,
      options.exclude,
    ),
  );
  const limit = pLimit(Math.max(1, options.concurrency ?? 8));
  await Promise.all(
    files
      .filter((f) => wanted.has(f.path))
      .map((f) =>
        limit(() => {
          const expected = expectedFromTreeEntry(f);
          const known = expected ? { commit, ...expected } : undefined;
          return downloadFileWithConfig(config, repo, f.path, commit, { known, lockStaleMs: options.lockStaleMs });
        }),
      ),
  );
  const dir = path.join(paths.snapshots, commit);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function offlineSnapshot(
  cacheDir: string,
  repo: string,
  revision: string,
  options: SnapshotDownloadOptions,
  cause?: unknown,
): Promise<string> {
  const paths = repoCachePaths(cacheDir, repo);
  const where = { repo, revision, cause };
  const commit = await cachedCommit(paths, revision);
  const dir = commit === undefined ? undefined : path.join(paths.snapshots, commit);
  if (commit === undefined || dir === undefined || !(await stat(dir).catch(() => undefined))?.isDirectory()) {
    throw new OfflineCacheMissError(`No cached snapshot of dataset ${repo}@${revision} in ${cacheDir}`, where);
  }
  const tree = await readTreeCache(paths, commit);
  if (tree) {
    const wanted = filterPaths([...tree.keys()], options.include, options.exclude);
    const missing: string[] = [];
    for (const p of wanted) if (!(await isFile(snapshotFilePath(paths, commit, p)))) missing.push(p);
    if (missing.length > 0) {
      throw new OfflineCacheMissError(
        `The cached snapshot of dataset ${repo}@${revision} lacks ${missing.length} file(s): ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`,
        where,
      );
    }
  }
  return dir;
}

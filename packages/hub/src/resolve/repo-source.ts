import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { CrucibleError, EntryNotFoundError, OfflineCacheMissError } from "@crucible/types";
import { resolveRevision } from "../api/revision.js";
import { listFiles, type TreeEntry } from "../api/tree.js";
import { repoCachePaths } from "../cache/layout.js";
import { readTreeCache, treeEntriesFromCache, writeTreeCache } from "../cache/tree-cache.js";
import { downloadFile } from "../download/file.js";
import { type HubOptions, resolveHubConfig } from "../env/config.js";
import type { RepoFileEntry, RepoView } from "./resolve.js";

/** Options of {@link fetchRepoView}. */
export interface RepoViewOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
}

async function listSnapshotDir(dir: string): Promise<RepoFileEntry[]> {
  const out: RepoFileEntry[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else out.push({ path: r });
    }
  };
  await walk("");
  return out;
}

async function readOptionalFile(repo: string, file: string, sha: string, options: HubOptions): Promise<string | undefined> {
  try {
    return await readFile(await downloadFile(repo, file, { ...options, revision: sha }), "utf8");
  } catch (error) {
    if (CrucibleError.hasCode(error, "ENTRY_NOT_FOUND") || error instanceof EntryNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Takes a snapshot of what config/split resolution needs from a Hub repo: the revision resolved to a commit once,
 * the recursive file list (from the cache's `trees/{sha}.json` when present, else one paginated tree listing, then
 * cached), README.md and `.huggingface.yaml`. Offline it answers from the HF cache only (refs → commit, tree
 * cache or the snapshot folder), with zero network calls.
 * @throws OfflineCacheMissError offline when the cache knows nothing of the repo; Hub errors online.
 */
export async function fetchRepoView(repo: string, options: RepoViewOptions = {}): Promise<RepoView> {
  const config = resolveHubConfig(options);
  const revision = options.revision ?? "main";
  const sha = await resolveRevision(repo, revision, options);
  const paths = repoCachePaths(config.cacheDir, repo);
  let files: RepoFileEntry[];
  const cached = await readTreeCache(paths, sha);
  if (cached) {
    files = treeEntriesFromCache(cached).map((e) => ({ path: e.path, size: e.size }));
  } else if (config.offline) {
    files = await listSnapshotDir(path.join(paths.snapshots, sha));
    if (files.length === 0) {
      throw new OfflineCacheMissError(`Offline mode: no file of dataset ${repo}@${sha} is in the cache`, { repo, revision });
    }
  } else {
    const entries: TreeEntry[] = [];
    for await (const e of listFiles(repo, { ...options, revision: sha, recursive: true })) entries.push(e);
    await writeTreeCache(paths, sha, entries).catch(() => undefined);
    files = entries.filter((e) => e.type === "file").map((e) => ({ path: e.path, size: e.size }));
  }
  const view: RepoView = { repo, revision, sha, files };
  const names = new Set(files.map((f) => f.path));
  if (names.has("README.md")) {
    const readme = await readOptionalFile(repo, "README.md", sha, options);
    if (readme !== undefined) view.readme = readme;
  }
  if (names.has(".huggingface.yaml")) {
    const yml = await readOptionalFile(repo, ".huggingface.yaml", sha, options);
    if (yml !== undefined) view.standaloneYaml = yml;
  }
  return view;
}

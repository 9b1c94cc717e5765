import { stat } from "node:fs/promises";
import { EntryNotFoundError, OfflineCacheMissError } from "@crucible/types";
import { type HubConfig, type HubOptions, resolveHubConfig } from "../env/config.js";
import { isCommitSha, resolveUrl, validatePathInRepo, validateRepoId } from "../api/repo.js";
import { isTransientHubError } from "../api/revision.js";
import { linkSnapshotFile } from "../cache/link.js";
import { lookupCachedFile } from "../cache/lookup.js";
import { blobPath, repoCachePaths, snapshotFilePath } from "../cache/layout.js";
import { writeRef } from "../cache/refs.js";
import { ensureBlob } from "./blob.js";
import { insideRepoCache, outsideCacheError } from "./ingest.js";
import { type FileMetadata, getFileMetadata } from "./metadata.js";
import type { TransferStats } from "./range-stream.js";

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
  /** Lock staleness for cross-process locks, in ms. Default: 30000. */
  lockStaleMs?: number;
  /**
   * ETag (blob name: `lfs.oid` for LFS files, else `oid`) and size from a tree listing made at the same commit.
   * Only used when `revision` is a commit sha; it lets the download skip its HEAD request. Default: none.
   */
  expected?: { etag: string; size: number };
}

/** The `expected` option of {@link downloadFile} from a tree entry (LFS sha256 or git oid, and the size). */
export function expectedFromTreeEntry(entry: {
  oid?: string | undefined;
  size: number;
  lfs?: { oid: string; size: number };
}): { etag: string; size: number } | undefined {
  const etag = entry.lfs?.oid ?? entry.oid;
  return etag ? { etag, size: entry.lfs?.size ?? entry.size } : undefined;
}

/** Internal: metadata already known (from a tree listing at a commit), so the HEAD can be skipped. */
export interface KnownFile {
  commit: string;
  etag: string;
  size: number;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function fromCache(config: HubConfig, repo: string, pathInRepo: string, revision: string, cause?: unknown): Promise<string> {
  const hit = await lookupCachedFile(config.cacheDir, repo, pathInRepo, revision);
  if (hit.kind === "hit") {
    if (!(await insideRepoCache(repoCachePaths(config.cacheDir, repo), hit.path)))
      throw outsideCacheError({ repo, revision, file: pathInRepo }, hit.path);
    return hit.path;
  }
  if (hit.kind === "no-exist") {
    throw new EntryNotFoundError(`${pathInRepo} does not exist in dataset ${repo} (cached answer)`, {
      repo,
      revision,
      file: pathInRepo,
    });
  }
  const reason = cause instanceof Error ? ` (${cause.message})` : "";
  const why = config.offline ? "Offline mode is on" : `The Hub could not be reached${reason}`;
  throw new OfflineCacheMissError(`${why} and ${pathInRepo} of dataset ${repo}@${revision} is not in the cache ${config.cacheDir}`, {
    repo,
    revision,
    file: pathInRepo,
    cause,
  });
}

/** {@link downloadFile} with a resolved config; `known` skips the HEAD. */
export async function downloadFileWithConfig(
  config: HubConfig,
  repo: string,
  pathInRepo: string,
  revision: string,
  options: { known?: KnownFile; lockStaleMs?: number; stats?: TransferStats } = {},
): Promise<string> {
  const paths = repoCachePaths(config.cacheDir, repo);
  if (isCommitSha(revision)) {
    const file = snapshotFilePath(paths, revision, pathInRepo);
    // A snapshot entry that leads out of the cache is never returned: online it is linked again below.
    if (await isFile(file)) {
      if (await insideRepoCache(paths, file)) return file;
      if (config.offline) throw outsideCacheError({ repo, revision, file: pathInRepo }, file);
    }
  }
  if (config.offline) return fromCache(config, repo, pathInRepo, revision);
  let meta: FileMetadata;
  if (options.known) {
    meta = { ...options.known, location: resolveUrl(config.endpoint, repo, options.known.commit, pathInRepo) };
  } else {
    try {
      meta = await getFileMetadata(config, repo, pathInRepo, revision);
    } catch (error) {
      if (isTransientHubError(error)) return fromCache(config, repo, pathInRepo, revision, error);
      throw error;
    }
  }
  await writeRef(paths, revision, meta.commit);
  const snapshot = snapshotFilePath(paths, meta.commit, pathInRepo);
  const blob = blobPath(paths, meta.etag);
  // No fsync before the rename (as huggingface_hub): a blob of the wrong size (power loss) is downloaded again.
  if ((await isFile(snapshot)) && (await stat(blob).catch(() => undefined))?.size === meta.size && (await insideRepoCache(paths, snapshot)))
    return snapshot;
  await ensureBlob(config, {
    repo,
    revision,
    file: pathInRepo,
    paths,
    etag: meta.etag,
    size: meta.size,
    url: meta.location,
    lockStaleMs: options.lockStaleMs,
    stats: options.stats,
  });
  await linkSnapshotFile(blob, snapshot, config.disableSymlinks);
  return snapshot;
}

/**
 * Downloads one file of a dataset repo into the HF hub cache (huggingface_hub layout) and returns the absolute
 * path of `snapshots/{commit}/{path}`. A commit-sha revision whose file is cached answers with no request; otherwise
 * one HEAD gives commit/ETag/size, `refs/{revision}` is written, and only a missing blob is downloaded (locked,
 * resumable, size- and hash-checked, atomic). Offline (or when the Hub is unreachable) the cache answers, with zero
 * requests when offline.
 * @throws EntryNotFoundError, RepoNotFoundError, GatedRepoError, RevisionNotFoundError, OfflineCacheMissError, IntegrityError.
 */
export async function downloadFile(repo: string, pathInRepo: string, options: DownloadFileOptions = {}): Promise<string> {
  validateRepoId(repo);
  validatePathInRepo(pathInRepo);
  const config = resolveHubConfig(options);
  const revision = options.revision ?? "main";
  const known = options.expected && isCommitSha(revision) ? { commit: revision, ...options.expected } : undefined;
  return downloadFileWithConfig(config, repo, pathInRepo, revision, { lockStaleMs: options.lockStaleMs, known });
}

import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import type { AsyncBuffer } from "hyparquet";
import { EntryNotFoundError, OfflineCacheMissError } from "@crucible/types";
import { repoCachePaths } from "../cache/layout.js";
import { lookupCachedFile } from "../cache/lookup.js";
import { insideRepoCache, outsideCacheError } from "./ingest.js";
import { type HubConfig, type HubOptions, resolveHubConfig } from "../env/config.js";
import { isCommitSha, resolveUrl, validatePathInRepo, validateRepoId } from "../api/repo.js";
import { getFileMetadata } from "./metadata.js";
import { type TransferStats, rangeStream } from "./range-stream.js";

export type { TransferStats } from "./range-stream.js";

/** Offline: the cached snapshot file of `pathInRepo`, or a typed error (no request is ever sent). */
async function cachedOrThrow(
  config: HubConfig,
  repo: string,
  pathInRepo: string,
  revision: string,
): Promise<{ path: string; commit: string }> {
  const hit = await lookupCachedFile(config.cacheDir, repo, pathInRepo, revision);
  const where = { repo, revision, file: pathInRepo };
  if (hit.kind === "hit") {
    if (!(await insideRepoCache(repoCachePaths(config.cacheDir, repo), hit.path))) throw outsideCacheError(where, hit.path);
    return { path: hit.path, commit: hit.commit };
  }
  if (hit.kind === "no-exist") throw new EntryNotFoundError(`${pathInRepo} does not exist in dataset ${repo} (cached answer)`, where);
  throw new OfflineCacheMissError(
    `Offline mode is on and ${pathInRepo} of dataset ${repo}@${revision} is not in the cache ${config.cacheDir}`,
    where,
  );
}

/** Options of {@link openRemoteFile}. */
export interface OpenRemoteFileOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. Pass a commit sha to pin every read to one version. */
  revision?: string;
  /** File size, when already known (from a tree listing): skips the HEAD. */
  size?: number;
  /** Normalized ETag, when already known; reads that see another ETag fail. */
  etag?: string;
}

/** A remote file read by ranges. */
export interface RemoteFile {
  /** hyparquet's AsyncBuffer: `byteLength` and `slice(start, end)` (one Range GET per slice, resumed if cut). */
  buffer: AsyncBuffer;
  /** Size in bytes. */
  size: number;
  /** Normalized ETag, when known. */
  etag: string | undefined;
  /** Commit the reads are pinned to (when known). */
  commit: string | undefined;
  /** Bytes and requests spent so far (the HEAD included). */
  stats: TransferStats;
}

async function collect(config: HubConfig, iterable: AsyncIterable<Uint8Array>, length: number): Promise<ArrayBuffer> {
  const out = new Uint8Array(length);
  let at = 0;
  for await (const chunk of iterable) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  config.signal?.throwIfAborted();
  return at === length ? out.buffer : out.slice(0, at).buffer;
}

/**
 * Opens a dataset file for random access over HTTP Range requests, e.g. for hyparquet:
 * `parquetRead({ file: (await openRemoteFile(repo, path, { revision: sha })).buffer })`.
 * One HEAD gives size/ETag/commit (skipped when `size` is passed); then each `slice(start, end)` is one
 * `Range: bytes=start-(end-1)` GET at the commit, with retries on 429/5xx and resume after a cut body.
 * Offline, the buffer reads the cached snapshot file instead (zero requests; OfflineCacheMissError if absent).
 */
export async function openRemoteFile(repo: string, pathInRepo: string, options: OpenRemoteFileOptions = {}): Promise<RemoteFile> {
  validateRepoId(repo);
  validatePathInRepo(pathInRepo);
  const config = resolveHubConfig(options);
  const revision = options.revision ?? "main";
  const stats: TransferStats = { bytesFetched: 0, requests: 0 };
  if (config.offline) {
    // Offline: the same interface over the cached file (zero requests).
    const local = await cachedOrThrow(config, repo, pathInRepo, revision);
    const localSize = (await stat(local.path)).size;
    const buffer: AsyncBuffer = {
      byteLength: localSize,
      async slice(start: number, end?: number): Promise<ArrayBuffer> {
        const s = Math.max(0, Math.min(start, localSize));
        const e = Math.max(s, Math.min(end ?? localSize, localSize));
        const out = new Uint8Array(e - s);
        const fh = await open(local.path, "r");
        try {
          await fh.read(out, 0, out.byteLength, s);
        } finally {
          await fh.close();
        }
        return out.buffer;
      },
    };
    return { buffer, size: localSize, etag: options.etag, commit: local.commit, stats };
  }
  let size = options.size;
  let etag = options.etag;
  let commit = isCommitSha(revision) ? revision : undefined;
  if (size === undefined) {
    stats.requests++;
    const meta = await getFileMetadata(config, repo, pathInRepo, revision);
    size = meta.size;
    etag ??= meta.etag;
    commit = meta.commit;
  }
  const url = resolveUrl(config.endpoint, repo, commit ?? revision, pathInRepo);
  const byteLength = size;
  const context = { repo, revision, file: pathInRepo };
  const buffer: AsyncBuffer = {
    byteLength,
    slice(start: number, end?: number): Promise<ArrayBuffer> {
      const s = Math.max(0, Math.min(start, byteLength));
      const e = Math.max(s, Math.min(end ?? byteLength, byteLength));
      if (e === s) return Promise.resolve(new ArrayBuffer(0));
      return collect(config, rangeStream(config, { url: () => url, start: s, end: e, context, stats, expectedEtag: etag }), e - s);
    },
  };
  return { buffer, size: byteLength, etag, commit, stats };
}

/** Options of {@link streamFile}. */
export interface StreamFileOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
  /** First byte. Default: 0. */
  start?: number;
  /** One past the last byte. Default: the end of the file. */
  end?: number;
  /** Counters to update. */
  stats?: TransferStats;
}

/**
 * Streams a dataset file (or a byte range of it) as Uint8Array chunks. A connection that drops mid-file is
 * resumed with `Range: bytes={reached}-` at the commit the first answer named (`X-Repo-Commit`), so the bytes
 * continue exactly where they stopped and come from the same version. Offline, the cached file is streamed.
 */
export async function* streamFile(repo: string, pathInRepo: string, options: StreamFileOptions = {}): AsyncGenerator<Uint8Array> {
  validateRepoId(repo);
  validatePathInRepo(pathInRepo);
  const config = resolveHubConfig(options);
  const revision = options.revision ?? "main";
  if (config.offline) {
    const local = await cachedOrThrow(config, repo, pathInRepo, revision);
    const start = options.start ?? 0;
    if (options.end !== undefined && options.end <= start) return;
    const stream = createReadStream(local.path, { start, ...(options.end !== undefined ? { end: options.end - 1 } : {}) });
    for await (const chunk of stream)
      yield new Uint8Array((chunk as Buffer).buffer, (chunk as Buffer).byteOffset, (chunk as Buffer).byteLength);
    return;
  }
  let pinned = isCommitSha(revision) ? revision : undefined;
  yield* rangeStream(config, {
    url: () => resolveUrl(config.endpoint, repo, pinned ?? revision, pathInRepo),
    start: options.start ?? 0,
    ...(options.end !== undefined ? { end: options.end } : {}),
    context: { repo, revision, file: pathInRepo },
    stats: options.stats,
    onResponse: (meta) => {
      if (meta.commit && isCommitSha(meta.commit)) pinned ??= meta.commit;
    },
  });
}

/**
 * Bytes `[start, end)` of a dataset file in one Range request (resumed if the body is cut).
 * @param end - One past the last byte (exclusive).
 */
export async function fetchRange(
  repo: string,
  pathInRepo: string,
  start: number,
  end: number,
  options: Omit<StreamFileOptions, "start" | "end"> = {},
): Promise<Uint8Array> {
  const config = resolveHubConfig(options);
  return new Uint8Array(await collect(config, streamFile(repo, pathInRepo, { ...options, start, end }), Math.max(0, end - start)));
}

import { createReadStream } from "node:fs";
import { lstat, open, realpath, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { AsyncBuffer } from "hyparquet";
import { CrucibleError, IntegrityError } from "@crucible/types";
import type { RepoCachePaths } from "../cache/layout.js";
import { type BlobCheck, blobCheckFor, createBlobHasher } from "./hash.js";

/** Where a cached file comes from, for errors. */
export interface IngestContext {
  repo: string;
  revision: string;
  /** Path in the repo. */
  file: string;
  /** True when the cache is the only source (offline): a damaged blob cannot be downloaded again. */
  offline: boolean;
}

/** A cached file about to be read, resolved to its blob. */
export interface CachedBlob {
  /** The snapshot path (what readers are told). */
  snapshot: string;
  /** The real file: `blobs/{etag}`, or the snapshot itself when the cache holds copies. */
  file: string;
  /** Size on disk, equal to the expected size when one was given. */
  size: number;
  /** Hash check implied by the blob's name, if it is a content hash. */
  check: BlobCheck;
}

/**
 * A cached file's bytes are not what its name (content hash) or the Hub's listing (size) says. `blob` is the damaged
 * file, which a caller online deletes and downloads again.
 */
export class CachedBlobIntegrityError extends IntegrityError {
  /** The damaged file in the cache. */
  readonly blob: string;
  constructor(message: string, blob: string, ctx: IngestContext) {
    super(message, {
      repo: ctx.repo,
      revision: ctx.revision,
      file: ctx.file,
      hint: ctx.offline
        ? `The cached copy (${blob}) is damaged and offline mode is on: load once online to download it again, or run \`crucible cache verify --repair\``
        : "It is downloaded again",
    });
    this.blob = blob;
  }
}

/** Blobs whose content hash was verified by this process, with the (size, mtime, inode) seen then. */
const verified = new Map<string, string>();

function identity(st: { size: number; mtimeMs: number; ino: number }): string {
  return `${st.size}:${st.mtimeMs}:${st.ino}`;
}

/** Records that `file` was hash-verified (by a download, which hashes while it writes). @internal */
export async function markBlobVerified(file: string): Promise<void> {
  const st = await stat(file).catch(() => undefined);
  if (st) verified.set(file, identity(st));
}

/**
 * True when `file` (a snapshot entry) resolves inside the repo's cache folder; false for a link that leads out of it
 * or a path that does not resolve.
 */
export async function insideRepoCache(paths: RepoCachePaths, file: string): Promise<boolean> {
  try {
    return within(await realpath(paths.root), await realpath(file));
  } catch {
    return false;
  }
}

/** The error for a snapshot entry that leads outside the cache (its target is neither read nor named). */
export function outsideCacheError(ctx: { repo: string; revision: string; file: string }, snapshot: string): CrucibleError {
  return new CrucibleError("CACHE", `The cached file ${ctx.file} of ${ctx.repo} is a link that leads outside the cache; it was not read`, {
    repo: ctx.repo,
    revision: ctx.revision,
    file: snapshot,
    hint: "Delete that snapshot entry (or run `crucible cache verify --repair`) and load again",
  });
}

function within(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * Resolves a snapshot file of the cache to the file holding its bytes, refusing a link that leads outside the repo's
 * cache folder (its content is never read or echoed), and checks the size against `expectedSize` when known.
 * @throws CrucibleError("CACHE") for a link out of the cache; CachedBlobIntegrityError for a wrong size.
 */
export async function resolveCachedBlob(
  paths: RepoCachePaths,
  snapshot: string,
  expectedSize: number | undefined,
  ctx: IngestContext,
): Promise<CachedBlob> {
  let real: string;
  let root: string;
  try {
    await lstat(snapshot);
    real = await realpath(snapshot);
    root = await realpath(paths.root);
  } catch (cause) {
    throw new CrucibleError("CACHE", `The cached file ${ctx.file} of ${ctx.repo} cannot be opened`, {
      repo: ctx.repo,
      revision: ctx.revision,
      file: snapshot,
      cause,
      hint: ctx.offline ? "Load once online to download it again" : "Load again to download it",
    });
  }
  if (!within(root, real)) throw outsideCacheError(ctx, snapshot);
  const st = await stat(real);
  if (expectedSize !== undefined && st.size !== expectedSize) {
    throw new CachedBlobIntegrityError(`The cached copy of ${ctx.file} has ${st.size} bytes, the Hub lists ${expectedSize}`, real, ctx);
  }
  const inBlobs = within(await realpath(paths.blobs).catch(() => paths.blobs), real);
  return { snapshot, file: real, size: st.size, check: inBlobs ? blobCheckFor(path.basename(real)) : undefined };
}

/** True when the blob must be hashed while it is read (it has a content-hash name not verified by this process). */
export async function needsHash(blob: CachedBlob): Promise<boolean> {
  if (blob.check === undefined) return false;
  const st = await stat(blob.file).catch(() => undefined);
  return st === undefined || verified.get(blob.file) !== identity(st);
}

function mismatch(blob: CachedBlob, actual: string, ctx: IngestContext): CachedBlobIntegrityError {
  const check = blob.check as NonNullable<BlobCheck>;
  return new CachedBlobIntegrityError(
    `The cached copy of ${ctx.file} is damaged: its ${check.kind} is ${actual}, its name says ${check.expected}`,
    blob.file,
    ctx,
  );
}

/**
 * The blob's bytes as a chunk stream for the text readers, hashed as they pass; after the last chunk the size and
 * hash are checked (so a reader consuming it to the end fails before its rows are kept). No second read.
 * @throws CachedBlobIntegrityError at the end of the stream on a mismatch.
 */
export async function* hashedChunks(blob: CachedBlob, ctx: IngestContext): AsyncGenerator<Uint8Array> {
  const hasher = createBlobHasher(blob.check, blob.size);
  let bytes = 0;
  const stream = createReadStream(blob.file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      const c = chunk as Buffer;
      hasher?.update(c);
      bytes += c.byteLength;
      yield c;
    }
  } finally {
    stream.destroy();
  }
  if (bytes !== blob.size)
    throw new CachedBlobIntegrityError(`The cached copy of ${ctx.file} changed size while it was read`, blob.file, ctx);
  if (hasher) {
    const actual = hasher.digest("hex");
    if (actual !== blob.check?.expected) throw mismatch(blob, actual, ctx);
    await markBlobVerified(blob.file);
  }
}

/** An AsyncBuffer over a blob that hashes the bytes the reader asks for, plus `complete()` to finish the check. */
export interface HashedBuffer {
  buffer: AsyncBuffer;
  /**
   * Hashes what the reader did not read in order (at most the gaps, typically the footer), checks the hash and
   * closes the file. Call it after the reader finished (and in a `finally` to close the file: then with `check`
   * false).
   * @throws CachedBlobIntegrityError on a mismatch.
   */
  complete(check?: boolean): Promise<void>;
}

/**
 * A random-access view of a blob for the Parquet reader. Each slice that continues the hashed prefix extends it (a
 * reader that goes through the column chunks in order hashes them as it decodes them); `complete()` hashes the rest.
 */
export async function hashedBuffer(blob: CachedBlob, ctx: IngestContext): Promise<HashedBuffer> {
  const hasher = createBlobHasher(blob.check, blob.size);
  const handle: FileHandle = await open(blob.file, "r");
  let cursor = 0;
  let closed = false;
  const read = async (start: number, end: number): Promise<Uint8Array> => {
    const out = new Uint8Array(end - start);
    let at = 0;
    while (at < out.length) {
      const { bytesRead } = await handle.read(out, at, out.length - at, start + at);
      if (bytesRead === 0)
        throw new CachedBlobIntegrityError(`The cached copy of ${ctx.file} is shorter than ${blob.size} bytes`, blob.file, ctx);
      at += bytesRead;
    }
    return out;
  };
  const buffer: AsyncBuffer = {
    byteLength: blob.size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const s = Math.max(0, Math.min(start, blob.size));
      const e = Math.max(s, Math.min(end ?? blob.size, blob.size));
      const bytes = await read(s, e);
      if (hasher && s <= cursor && e > cursor) {
        hasher.update(bytes.subarray(cursor - s));
        cursor = e;
      }
      return bytes.buffer as ArrayBuffer;
    },
  };
  return {
    buffer,
    async complete(check = true): Promise<void> {
      if (closed) return;
      try {
        if (!check || !hasher) return;
        const step = 1 << 20;
        while (cursor < blob.size) {
          const e = Math.min(blob.size, cursor + step);
          hasher.update(await read(cursor, e));
          cursor = e;
        }
        const actual = hasher.digest("hex");
        if (actual !== blob.check?.expected) throw mismatch(blob, actual, ctx);
        await markBlobVerified(blob.file);
      } finally {
        closed = true;
        await handle.close();
      }
    },
  };
}

/**
 * Hashes the whole blob in one extra read: before a reader that opens the file by path, and after a reader failed
 * (to tell corruption from a genuinely malformed file).
 */
async function verifyWhole(blob: CachedBlob, ctx: IngestContext): Promise<void> {
  for await (const _ of hashedChunks(blob, ctx)) {
    // hashedChunks checks size and hash at the end
  }
}

/**
 * Checks a cached file before a reader that opens it by path (the parallel Parquet store writer): the snapshot must
 * resolve inside the repo's cache, its size must equal `expectedSize` (when known), and a blob named by its content
 * hash that this process has not verified yet is hashed in full (a fresh download was hashed as it was written).
 * @returns The file holding the bytes (the blob).
 * @throws CachedBlobIntegrityError, CrucibleError("CACHE") (link out of the cache).
 */
export async function checkCachedBlob(
  paths: RepoCachePaths,
  snapshot: string,
  expectedSize: number | undefined,
  ctx: IngestContext,
): Promise<string> {
  const blob = await resolveCachedBlob(paths, snapshot, expectedSize, ctx);
  if (await needsHash(blob)) await verifyWhole(blob, ctx);
  return blob.file;
}

/**
 * Reads a cached file through `read`, checking on the way that its bytes are what the cache says: the snapshot
 * must resolve inside the repo's cache, the size must equal `expectedSize` (when known), and a blob named by its
 * content hash that this process has not verified yet is hashed while the reader consumes it (`random`: an
 * AsyncBuffer for Parquet, else a chunk stream). The check completes before the last rows are handed on, so a
 * consumer that stores rows only when the generator finishes never keeps rows of a damaged file. When the reader
 * fails on a damaged file, the integrity error replaces the parse error.
 * @throws CachedBlobIntegrityError, CrucibleError("CACHE") (link out of the cache), and the reader's errors.
 */
export async function* readCachedBlob<T>(
  paths: RepoCachePaths,
  snapshot: string,
  expectedSize: number | undefined,
  ctx: IngestContext,
  random: boolean,
  read: (input: string | AsyncBuffer | AsyncIterable<Uint8Array>) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const blob = await resolveCachedBlob(paths, snapshot, expectedSize, ctx);
  if (!(await needsHash(blob))) {
    yield* read(blob.file);
    return;
  }
  if (!random) {
    try {
      yield* read(hashedChunks(blob, ctx));
    } catch (error) {
      if (!(error instanceof CachedBlobIntegrityError)) await verifyWhole(blob, ctx);
      throw error;
    }
    return;
  }
  const hashed = await hashedBuffer(blob, ctx);
  let ok = false;
  try {
    yield* read(hashed.buffer);
    ok = true;
  } catch (error) {
    await hashed.complete(true); // throws the integrity error when the bytes are damaged
    throw error;
  } finally {
    if (!ok) await hashed.complete(false).catch(() => undefined);
  }
  await hashed.complete(true);
}

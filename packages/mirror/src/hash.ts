import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** Content hashes of one file, computed in a single streaming pass. */
export interface FileHashes {
  /** Lower-case hex sha256 of the content (the Hub's LFS oid). */
  sha256: string;
  /** Lower-case hex git blob sha1 of the content: sha1("blob {size}\0" + content). */
  gitSha1: string;
  /** True when the first 8000 bytes contain a NUL byte (git's binary heuristic). */
  binary: boolean;
}

const BINARY_SNIFF_BYTES = 8000;

/**
 * Hash a file by streaming it (never read whole into memory).
 * @param file - Absolute path of the file.
 * @param size - Its size in bytes (used for the git blob header).
 */
export async function hashFile(file: string, size: number): Promise<FileHashes> {
  const sha256 = createHash("sha256");
  const sha1 = createHash("sha1");
  sha1.update(`blob ${size}\0`);
  let seen = 0;
  let binary = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (seen < BINARY_SNIFF_BYTES && !binary) {
      const head = chunk.subarray(0, BINARY_SNIFF_BYTES - seen);
      if (head.includes(0)) binary = true;
    }
    seen += chunk.length;
    sha256.update(chunk);
    sha1.update(chunk);
  }
  return { sha256: sha256.digest("hex"), gitSha1: sha1.digest("hex"), binary };
}

/** Git blob sha1 of an in-memory buffer or string. */
export function gitBlobSha1(content: string | Uint8Array): string {
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  return createHash("sha1").update(`blob ${buf.length}\0`).update(buf).digest("hex");
}

/** Hex sha1 of a string (used for derived ids and commit shas). */
export function sha1Hex(text: string | Uint8Array): string {
  return createHash("sha1").update(text).digest("hex");
}

/**
 * Memoises {@link hashFile} by (path, size, mtime), so repeated requests do not re-read files,
 * and concurrent requests for the same file share one hashing pass.
 */
export class HashCache {
  /** One entry per path: a changed size or mtime replaces it, so the cache never grows past the files served. */
  private readonly entries = new Map<string, { key: string; hashes: Promise<FileHashes> }>();

  /**
   * Hashes of `file`, from the cache when its size and mtime are unchanged.
   * @param file - Absolute path.
   * @param size - Size from `stat`.
   * @param mtimeMs - Modification time from `stat`.
   */
  get(file: string, size: number, mtimeMs: number): Promise<FileHashes> {
    const key = `${size}\0${mtimeMs}`;
    const hit = this.entries.get(file);
    if (hit && hit.key === key) return hit.hashes;
    const hashes = hashFile(file, size);
    const entry = { key, hashes };
    hashes.catch(() => {
      if (this.entries.get(file) === entry) this.entries.delete(file);
    });
    this.entries.set(file, entry);
    return hashes;
  }

  /** Number of cached entries. */
  get size(): number {
    return this.entries.size;
  }
}

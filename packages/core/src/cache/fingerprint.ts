import { createHash } from "node:crypto";

/** One source file that went into a processed entry. */
export interface SourceFile {
  /** Path of the file in the repo (or a local path). */
  path: string;
  /** Size in bytes, when known. */
  size?: number;
  /** ETag / content hash (e.g. the LFS sha256), when known. */
  etag?: string;
}

/** What a processed-data entry depends on; any change gives a different key. */
export interface CacheKeyParts {
  /** The source's revision: a commit sha for Hub data, or any stable version string for local data. */
  sourceRevision: string;
  /** The input files with their sizes/etags (order does not matter). */
  files: SourceFile[];
  /** Identifies the transform (name plus its parameters, e.g. `"gsm8k:parse-answer"`). */
  transform: string;
  /** Version of the code that produced the entry (bump it when the transform's output changes). */
  codeVersion: string;
  /** Anything else the output depends on (options, seeds); serialised as canonical JSON. Default none. */
  extra?: unknown;
}

/** Bump when the key derivation or entry format changes: old entries then simply miss. */
const KEY_SCHEMA = 1;

function canonical(value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The cache key of a processed entry: sha256 (hex) of the canonical JSON of its {@link CacheKeyParts}
 * (files sorted by path, object keys sorted). A new source revision, a changed file size/etag, another transform
 * or code version gives another key, so a stale entry is never returned.
 * @param parts - What the entry depends on.
 * @returns 64 lowercase hex characters.
 */
export function cacheKey(parts: CacheKeyParts): string {
  const files = [...parts.files]
    .map((f) => ({ path: f.path, size: f.size ?? null, etag: f.etag ?? null }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const body = canonical({
    v: KEY_SCHEMA,
    rev: parts.sourceRevision,
    files,
    transform: parts.transform,
    code: parts.codeVersion,
    extra: parts.extra ?? null,
  });
  return createHash("sha256").update(JSON.stringify(body)).digest("hex");
}

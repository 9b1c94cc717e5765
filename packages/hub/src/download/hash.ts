import { type Hash, createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** How a blob's name is checked: sha256 of the content (LFS, 64 hex) or git blob sha1 (40 hex). */
export type BlobCheck = { kind: "sha256" | "git-sha1"; expected: string } | undefined;

/** The check implied by a normalized ETag, if it is a content hash. */
export function blobCheckFor(etag: string): BlobCheck {
  if (/^[0-9a-f]{64}$/.test(etag)) return { kind: "sha256", expected: etag };
  if (/^[0-9a-f]{40}$/.test(etag)) return { kind: "git-sha1", expected: etag };
  return undefined;
}

/** A hasher for a check: git blob sha1 is `sha1("blob {size}\0" + content)`. */
export function createBlobHasher(check: BlobCheck, size: number): Hash | undefined {
  if (!check) return undefined;
  if (check.kind === "sha256") return createHash("sha256");
  return createHash("sha1").update(`blob ${size}\0`);
}

/** Feeds the first `length` bytes of `file` into `hash`. */
export async function hashFilePrefix(hash: Hash, file: string, length: number): Promise<void> {
  if (length === 0) return;
  for await (const chunk of createReadStream(file, { start: 0, end: length - 1 })) hash.update(chunk as Buffer);
}

/** sha256 (hex) of a whole file. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

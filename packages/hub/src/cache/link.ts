import { copyFile, lstat, mkdir, readlink, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { tempSibling } from "./atomic.js";

/**
 * Points `snapshotFile` at `blob` with a relative symlink (`../../../blobs/{etag}`), as huggingface_hub does, so the
 * cache can be moved. Falls back to a copy when symlinks are not possible or `copy` is set. Atomic: the link is
 * made under a temp name and renamed over any previous entry.
 * @returns `symlink` or `copy`.
 */
export async function linkSnapshotFile(blob: string, snapshotFile: string, copy = false): Promise<"symlink" | "copy"> {
  const dir = path.dirname(snapshotFile);
  await mkdir(dir, { recursive: true });
  const target = path.relative(dir, blob);
  const existing = await lstat(snapshotFile).catch(() => undefined);
  if (!copy && existing?.isSymbolicLink() && (await readlink(snapshotFile).catch(() => "")) === target) return "symlink";
  const tmp = tempSibling(snapshotFile);
  if (!copy) {
    try {
      await symlink(target, tmp);
      await rename(tmp, snapshotFile);
      return "symlink";
    } catch {
      await rm(tmp, { force: true });
    }
  }
  await copyFile(blob, tmp);
  await rename(tmp, snapshotFile);
  return "copy";
}

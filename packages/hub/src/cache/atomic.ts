import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** A unique sibling temp name for `file`: `{file}.{8 hex}.tmp`. */
export function tempSibling(file: string, suffix = ".tmp"): string {
  return `${file}.${randomBytes(4).toString("hex")}${suffix}`;
}

/** Writes `data` to `file` atomically (temp file in the same folder, then rename). Creates parent folders. */
export async function atomicWrite(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = tempSibling(file);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

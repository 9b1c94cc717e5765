import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fsError } from "./async-buffer.js";

/** Suffix of the temporary files {@link atomicWriteFile} creates; anything ending in it is an unfinished write. */
export const TEMP_SUFFIX = ".tmp-crucible";

/** Options of {@link atomicWriteFile}. */
export interface AtomicWriteOptions {
  /** File mode of the new file. Default `0o644`. */
  mode?: number;
  /** Call fsync on the file (and its directory) before and after the rename. Default `true`. */
  fsync?: boolean;
}

/**
 * Writes a file atomically: the data goes to a temporary file in the same directory (so the rename never crosses
 * a file system), which is fsynced and then renamed over `path`. Readers see either the old content or the new,
 * never a partial file; a crash leaves at most a `*.tmp-crucible` file beside it (see {@link TEMP_SUFFIX}).
 * Creates the parent directory when missing.
 * @param path - Destination path.
 * @param data - The content (a string is written as UTF-8).
 * @param options - See {@link AtomicWriteOptions}.
 */
export async function atomicWriteFile(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const { mode = 0o644, fsync = true } = options;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, "wx", mode);
    try {
      await handle.writeFile(data);
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw fsError(cause, path, "write the file atomically");
  }
  if (fsync) {
    // Persist the rename itself. Directory fsync is not supported everywhere (e.g. Windows); ignore failures.
    try {
      const dirHandle = await open(dir, "r");
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    } catch {
      // best effort
    }
  }
}

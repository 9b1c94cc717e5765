import { open, stat } from "node:fs/promises";
import { CrucibleError, InvalidArgumentError } from "@crucible/types";
import type { AsyncBuffer } from "hyparquet";
import { describeIoError } from "./io-error.js";

/** An {@link AsyncBuffer} over a local file, as returned by {@link asyncBufferFromFile}. */
export interface FileAsyncBuffer extends AsyncBuffer {
  /** Absolute or relative path the buffer was opened from. */
  readonly path: string;
}

/** Error codes from node's fs layer that mean "no such file". */
const NOT_FOUND = new Set(["ENOENT", "ENOTDIR"]);

/**
 * Wraps a node fs error in a typed crucible error naming the file.
 * @internal
 */
export function fsError(cause: unknown, file: string, action: string): CrucibleError {
  const code = (cause as { code?: string } | null)?.code;
  if (code !== undefined && NOT_FOUND.has(code)) {
    return new CrucibleError("FILE_NOT_FOUND", `Cannot ${action}: the file does not exist`, {
      file,
      cause,
      hint: "Check the path (relative paths resolve against the current directory or `baseDir`)",
    });
  }
  if (code === "EISDIR") {
    return new InvalidArgumentError(`Cannot ${action}: the path is a directory`, { file, cause });
  }
  const io = describeIoError(cause);
  if (io !== undefined) return new CrucibleError("CACHE", `Cannot ${action}: ${io.reason} (${io.code})`, { file, cause, hint: io.hint });
  const message = cause instanceof Error ? cause.message : String(cause);
  return new CrucibleError("CACHE", `Cannot ${action}: ${message}`, { file, cause, hint: "Check permissions and free disk space" });
}

/**
 * Opens a local file as a hyparquet {@link AsyncBuffer}: `byteLength` plus `slice(start, end)` that reads only
 * the requested byte range (each slice opens, reads and closes the file, so no descriptor is ever leaked).
 *
 * Errors are typed: a missing file is a `CrucibleError` with code `FILE_NOT_FOUND`, a directory an
 * `InvalidArgumentError`, anything else a `CrucibleError` naming the file.
 * @param path - Path of the file.
 * @returns The buffer; `slice` returns a fresh `ArrayBuffer` of exactly `end - start` bytes (`end` defaults to the file size).
 */
export async function asyncBufferFromFile(path: string): Promise<FileAsyncBuffer> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = info.size;
  } catch (cause) {
    throw fsError(cause, path, "open the file");
  }
  return {
    path,
    byteLength: size,
    async slice(start: number, end: number = size): Promise<ArrayBuffer> {
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end, size));
      const length = to - from;
      const out = new ArrayBuffer(length);
      if (length === 0) return out;
      let handle;
      try {
        handle = await open(path, "r");
        const view = new Uint8Array(out);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(view, done, length - done, from + done);
          if (bytesRead === 0) {
            throw new CrucibleError("DATA_FORMAT", `File shrank while reading: got ${done} of ${length} bytes`, {
              file: path,
              byteOffset: from + done,
              hint: "Another process is writing the file; wait for it to finish and retry",
            });
          }
          done += bytesRead;
        }
        return out;
      } catch (cause) {
        if (CrucibleError.isInstance(cause)) throw cause;
        throw fsError(cause, path, `read bytes ${from}-${to}`);
      } finally {
        await handle?.close();
      }
    },
  };
}

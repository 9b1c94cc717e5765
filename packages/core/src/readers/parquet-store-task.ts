import { CrucibleError, DataFormatError, type ErrorLocation } from "@crucible/types";
import type { FileMetaData } from "hyparquet";
import { RecordChunkEncoder, type EncodedChunk } from "../store/record-chunks.js";
import { readParquet, readParquetInfo } from "./parquet.js";

/** One unit of decode work: rows [rowStart, rowEnd) of a local Parquet file (whole row groups). @internal */
export interface DecodeTask {
  id: number;
  path: string;
  name: string;
  rowStart: number;
  rowEnd: number;
  columns?: string[];
}

/** A CrucibleError (or any error) in a form that crosses a worker boundary. @internal */
export interface SerializedError {
  code?: string;
  name: string;
  message: string;
  location?: ErrorLocation;
  hint?: string;
}

/** Turns what a task threw into a {@link SerializedError}. @internal */
export function serializeError(error: unknown): SerializedError {
  if (CrucibleError.isInstance(error)) {
    return {
      code: error.code,
      name: error.name,
      message: error.message,
      location: error.location,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  return { name: error instanceof Error ? error.name : "Error", message: error instanceof Error ? error.message : String(error) };
}

/** Rebuilds the typed error a task threw (message, code, location and hint as they were). @internal */
export function deserializeError(e: SerializedError): Error {
  if (e.code === undefined) return new Error(e.message);
  const error = e.code === "DATA_FORMAT" ? new DataFormatError(e.message) : new CrucibleError(e.code as CrucibleError["code"], e.message);
  Object.defineProperty(error, "message", { value: e.message, configurable: true, writable: true });
  Object.defineProperty(error, "location", { value: e.location ?? {}, configurable: true });
  Object.defineProperty(error, "hint", { value: e.hint, configurable: true });
  return error;
}

/** Parsed footers by path, so the tasks of one file read its footer once per thread. @internal */
export type FooterCache = Map<string, FileMetaData>;

/**
 * Decodes a task's rows with {@link readParquet} and encodes them into row-store record chunks, handing each
 * full chunk to `emit` as soon as it fills; when `emit` returns a promise, decoding waits for it (backpressure).
 * Chunk buffers handed back into `spare` are reused.
 * @returns The number of rows decoded.
 * @internal
 */
export async function runDecodeTask(
  task: DecodeTask,
  emit: (chunk: EncodedChunk) => void | Promise<void>,
  footers: FooterCache,
  spare?: ArrayBuffer[],
): Promise<number> {
  let metadata = footers.get(task.path);
  if (metadata === undefined) {
    metadata = (await readParquetInfo(task.path, { name: task.name })).metadata;
    footers.set(task.path, metadata);
  }
  const encoder = new RecordChunkEncoder(undefined, spare);
  let rows = 0;
  for await (const batch of readParquet(task.path, {
    name: task.name,
    rowStart: task.rowStart,
    rowEnd: task.rowEnd,
    metadata,
    ...(task.columns ? { columns: task.columns } : {}),
  })) {
    for (const row of batch) {
      const full = encoder.push(row);
      if (full) {
        const wait = emit(full);
        if (wait) await wait;
      }
    }
    rows += batch.length;
  }
  if (encoder.pending > 0) await emit(encoder.take());
  return rows;
}

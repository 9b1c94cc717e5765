import { CrucibleError, DataFormatError, type ErrorLocation } from "@crucible/types";
import type { FileMetaData } from "hyparquet";
import { RecordChunkEncoder, type EncodedChunk } from "../store/record-chunks.js";
import { asyncBufferFromFile } from "../fs/async-buffer.js";
import { readParquet, readParquetInfo } from "./parquet.js";
import { encodeRecordsDirect } from "./parquet-records.js";
import { planRecords, type RecordPlan } from "./parquet-record-plan.js";

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

/** Record plans per footer and columns, so the tasks of one file plan once per thread. */
const plans = new WeakMap<FileMetaData, Map<string, RecordPlan | string>>();

function planFor(task: DecodeTask, metadata: FileMetaData): RecordPlan | string {
  let byColumns = plans.get(metadata);
  if (byColumns === undefined) plans.set(metadata, (byColumns = new Map()));
  const key = JSON.stringify(task.columns ?? null);
  let plan = byColumns.get(key);
  if (plan === undefined) byColumns.set(key, (plan = planRecords(metadata, task.columns)));
  return plan;
}

/**
 * Encodes a task's rows into row-store record chunks, handing each full chunk to `emit` as soon as it fills;
 * when `emit` returns a promise, decoding waits for it (backpressure). Chunk buffers handed back into `spare` are
 * reused. Rows are written straight from the decoded pages ({@link encodeRecordsDirect}) when the schema allows;
 * otherwise, and from the first row the direct path cannot write, rows are decoded with {@link readParquet} and
 * encoded one by one. Either way the chunks are the same bytes. When the direct path stops on corrupt data,
 * `readParquet` reports it (its error, with its location); should it read those rows without failing, the task
 * fails with the direct path's error instead.
 * @param onFallback - Told why (and from which row) a task took the `readParquet` path. Default: nothing.
 * @returns The number of rows decoded.
 * @internal
 */
export async function runDecodeTask(
  task: DecodeTask,
  emit: (chunk: EncodedChunk) => void | Promise<void>,
  footers: FooterCache,
  spare?: ArrayBuffer[],
  onFallback?: (reason: string, row: number) => void,
): Promise<number> {
  let metadata = footers.get(task.path);
  if (metadata === undefined) {
    metadata = (await readParquetInfo(task.path, { name: task.name })).metadata;
    footers.set(task.path, metadata);
  }
  const encoder = new RecordChunkEncoder(undefined, spare);
  let rows = 0;
  const plan = planFor(task, metadata);
  let corrupt: Error | undefined;
  if (typeof plan === "string") onFallback?.(plan, task.rowStart);
  else {
    const direct = await encodeRecordsDirect(
      { file: await asyncBufferFromFile(task.path), name: task.name, metadata, plan, rowStart: task.rowStart, rowEnd: task.rowEnd },
      encoder,
      emit,
    );
    rows = direct.rows;
    corrupt = direct.corrupt;
    if (direct.fallback !== undefined) onFallback?.(direct.fallback, task.rowStart + rows);
  }
  if (task.rowStart + rows < task.rowEnd) {
    for await (const batch of readParquet(task.path, {
      name: task.name,
      rowStart: task.rowStart + rows,
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
  }
  // The direct path found corrupt data that readParquet read without complaint: fail rather than return it.
  if (corrupt !== undefined) throw corrupt;
  if (encoder.pending > 0) await emit(encoder.take());
  return rows;
}

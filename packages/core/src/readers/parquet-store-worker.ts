// Worker-thread entry of writeParquetStore: runs decode tasks and posts the encoded record chunks back (their
// buffers are transferred, not copied); the main thread hands each buffer back once appended, for reuse.
import { parentPort, workerData } from "node:worker_threads";
import type { EncodedChunk } from "../store/record-chunks.js";
import { runDecodeTask, serializeError, type DecodeTask, type FooterCache } from "./parquet-store-task.js";

const port = parentPort;
const footers: FooterCache = new Map();
const spare: ArrayBuffer[] = [];
/**
 * Chunks posted and not yet handed back. The main thread appends a task's chunks only once every earlier task is
 * done, so a worker ahead of the others stops at this many (bounding what waits in the main thread's heap).
 */
const maxOutstanding = Math.max(1, Number((workerData as { maxOutstanding?: number } | undefined)?.maxOutstanding ?? 8));
let outstanding = 0;
let resume: (() => void) | undefined;

function emit(id: number, chunk: EncodedChunk): Promise<void> | undefined {
  (port as NonNullable<typeof port>).postMessage({ id, chunk }, [chunk.data.buffer as ArrayBuffer, chunk.ends.buffer as ArrayBuffer]);
  outstanding++;
  return outstanding >= maxOutstanding ? new Promise((resolve) => (resume = resolve)) : undefined;
}

if (port) {
  port.on("message", (message: DecodeTask | { recycle: ArrayBuffer }) => {
    if ("recycle" in message) {
      spare.push(message.recycle);
      outstanding--;
      if (resume && outstanding < maxOutstanding) {
        const r = resume;
        resume = undefined;
        r();
      }
      return;
    }
    const task = message;
    runDecodeTask(task, (chunk) => emit(task.id, chunk), footers, spare).then(
      (rows) => port.postMessage({ id: task.id, done: rows }),
      (error: unknown) => port.postMessage({ id: task.id, error: serializeError(error) }),
    );
  });
}

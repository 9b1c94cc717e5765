// Worker-thread entry of writeParquetStore: runs decode tasks and posts the encoded record chunks back (their
// buffers are transferred, not copied); the main thread hands each buffer back once appended, for reuse.
import { parentPort } from "node:worker_threads";
import { runDecodeTask, serializeError, type DecodeTask, type FooterCache } from "./parquet-store-task.js";

const port = parentPort;
const footers: FooterCache = new Map();
const spare: ArrayBuffer[] = [];
if (port) {
  port.on("message", (message: DecodeTask | { recycle: ArrayBuffer }) => {
    if ("recycle" in message) {
      spare.push(message.recycle);
      return;
    }
    const task = message;
    runDecodeTask(task, (chunk) => port.postMessage({ id: task.id, chunk }, [chunk.data.buffer as ArrayBuffer, chunk.ends.buffer as ArrayBuffer]), footers, spare).then(
      (rows) => port.postMessage({ id: task.id, done: rows }),
      (error: unknown) => port.postMessage({ id: task.id, error: serializeError(error) }),
    );
  });
}

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CrucibleError, InvalidArgumentError, type Features } from "@crucible/types";
import type { EncodedChunk } from "../store/record-chunks.js";
import { RowStoreWriter, type DatasetInfo, type RowStore } from "../store/row-store.js";
import { readParquetInfo } from "./parquet.js";
import { deserializeError, runDecodeTask, type DecodeTask, type FooterCache, type SerializedError } from "./parquet-store-task.js";

/** One input file of {@link writeParquetStore}. */
export interface ParquetStoreFile {
  /** Local path, or a promise of it (a download still running: decoding starts as soon as it resolves). */
  path: string | Promise<string>;
  /** Name for error messages. Default: the path. */
  name?: string;
  /** Size in bytes, when known before the file is there; decides whether worker threads are worth starting. */
  size?: number;
}

/** Options of {@link writeParquetStore}. */
export interface WriteParquetStoreOptions {
  /** Fingerprint recorded in the manifest. */
  fingerprint?: string;
  /** Features recorded in the manifest. */
  features?: Features;
  /** Provenance recorded in the manifest. */
  info?: DatasetInfo;
  /** Top-level columns to read, in this order. Default: every column. */
  columns?: string[];
  /**
   * Worker threads that decode and encode row groups. Default: the machine's available parallelism, at most 4,
   * when the files total at least 4 MiB (known sizes); otherwise 0, which decodes in this thread.
   */
  workers?: number;
  /**
   * Called with each encoded record chunk as it is appended, in row order (e.g. a `TransformFeed`'s `pushChunk`, to
   * run a transform's pass while the files decode). The chunk's buffer is reused after the call returns: read it,
   * do not keep it. Default none.
   */
  onChunk?: (chunk: EncodedChunk) => void;
}

/** Below this many input bytes, starting threads costs more than it saves. */
const MIN_PARALLEL_BYTES = 4 << 20;
/** A decode task spans whole row groups until it holds this many rows or compressed bytes. */
const TASK_ROWS = 16_384;
const TASK_BYTES = 16 << 20;

/**
 * Record chunks (4 MiB each) a worker may have posted and not yet had back: chunks of a task wait in this thread
 * until every earlier task is done, so a worker running ahead pauses at this many instead of filling the heap.
 */
const WORKER_OUTSTANDING_CHUNKS = 8;

/** Where the worker entry is; `maxOutstanding` overrides {@link WORKER_OUTSTANDING_CHUNKS} (tests). @internal */
export interface WorkerScript {
  url: URL;
  execArgv?: string[];
  maxOutstanding?: number;
}

/** The worker script: the compiled module next to this one; absent when running from TypeScript source. */
let workerScript: WorkerScript | undefined = import.meta.url.endsWith(".js")
  ? { url: new URL("./parquet-store-worker.js", import.meta.url) }
  : undefined;

/**
 * Points the worker pool at another worker script (tests running from TypeScript source pass the `.ts` entry and
 * a loader in `execArgv`). `undefined` disables workers.
 * @internal
 */
export function setParquetStoreWorker(script: WorkerScript | undefined): void {
  workerScript = script;
}

function defaultWorkers(files: readonly ParquetStoreFile[]): number {
  if (workerScript === undefined || !existsSync(fileURLToPath(workerScript.url))) return 0;
  let bytes = 0;
  for (const f of files) bytes += f.size ?? 0;
  return bytes >= MIN_PARALLEL_BYTES ? Math.min(availableParallelism(), 4) : 0;
}

/** Splits a file into tasks of whole row groups. */
async function* fileTasks(file: ParquetStoreFile, columns: string[] | undefined, nextId: () => number): AsyncGenerator<DecodeTask> {
  const path = await file.path;
  const name = file.name ?? path;
  const info = await readParquetInfo(path, { name });
  let start = 0;
  let rows = 0;
  let bytes = 0;
  let at = 0;
  const groups = info.metadata.row_groups;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as (typeof groups)[number];
    rows += Number(group.num_rows);
    bytes += Number(group.total_compressed_size ?? group.total_byte_size);
    at += Number(group.num_rows);
    if (rows >= TASK_ROWS || bytes >= TASK_BYTES || g === groups.length - 1) {
      if (at > start) yield { id: nextId(), path, name, rowStart: start, rowEnd: at, ...(columns ? { columns } : {}) };
      start = at;
      rows = 0;
      bytes = 0;
    }
  }
}

async function* allTasks(files: readonly ParquetStoreFile[], columns: string[] | undefined): AsyncGenerator<DecodeTask> {
  let id = 0;
  for (const file of files) yield* fileTasks(file, columns, () => id++);
}

/** Appends task outputs to the writer in task order, whatever order they finish in. */
class OrderedAppender {
  private head = 0;
  private readonly waiting = new Map<number, { chunks: EncodedChunk[]; done: boolean }>();
  private readonly advanced: Array<() => void> = [];

  /** @param recycle - Called with each chunk once its bytes are written (its buffer can be reused). */
  constructor(
    private readonly writer: RowStoreWriter,
    private readonly recycle: (chunk: EncodedChunk) => void,
    private readonly onChunk: ((chunk: EncodedChunk) => void) | undefined,
  ) {}

  private append(chunk: EncodedChunk): void {
    // The worker's buffer is written as it is and goes back to the worker once on disk.
    this.writer.appendEncodedAsync(chunk, () => this.recycle(chunk));
    this.onChunk?.(chunk);
  }

  /** Id of the first task not yet fully appended. */
  get next(): number {
    return this.head;
  }

  chunk(id: number, chunk: EncodedChunk): void {
    if (id === this.head) this.append(chunk);
    else this.entry(id).chunks.push(chunk);
  }

  done(id: number): void {
    this.entry(id).done = true;
    let moved = false;
    for (let e = this.waiting.get(this.head); e?.done; e = this.waiting.get(this.head)) {
      for (const c of e.chunks) this.append(c);
      this.waiting.delete(this.head++);
      moved = true;
    }
    const e = this.waiting.get(this.head);
    if (e) {
      for (const c of e.chunks) this.append(c);
      e.chunks = [];
    }
    if (moved) for (const wake of this.advanced.splice(0)) wake();
  }

  /** Wakes every {@link OrderedAppender.waitForProgress} (the load is failing). */
  wakeAll(): void {
    for (const wake of this.advanced.splice(0)) wake();
  }

  /** Resolves once the head task moved on. */
  waitForProgress(): Promise<void> {
    return new Promise((resolve) => this.advanced.push(resolve));
  }

  private entry(id: number): { chunks: EncodedChunk[]; done: boolean } {
    let e = this.waiting.get(id);
    if (!e) {
      e = { chunks: [], done: false };
      this.waiting.set(id, e);
    }
    return e;
  }
}

/** A chunk with the worker it came from, so its buffer goes back there. */
const origin = new WeakMap<EncodedChunk, DecodeWorker>();

type WorkerMessage = { id: number; chunk: EncodedChunk } | { id: number; done: number } | { id: number; error: SerializedError };

/** Runs tasks on one worker thread, one at a time. */
class DecodeWorker {
  private readonly worker: Worker;
  private current: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private failed: unknown;

  constructor(script: WorkerScript, onChunk: (id: number, chunk: EncodedChunk) => void) {
    this.worker = new Worker(script.url, {
      workerData: { maxOutstanding: script.maxOutstanding ?? WORKER_OUTSTANDING_CHUNKS },
      ...(script.execArgv ? { execArgv: script.execArgv } : {}),
    });
    this.worker.on("message", (m: WorkerMessage) => {
      if ("chunk" in m) {
        origin.set(m.chunk, this);
        onChunk(m.id, m.chunk);
      } else if ("done" in m) this.settle();
      else this.settle(deserializeError(m.error));
    });
    const crash = (error: unknown) => {
      this.failed ??= new CrucibleError(
        "STORE",
        `A Parquet decode worker thread stopped: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          hint: "Retry; if it happens again (e.g. out of memory), pass `workers: 0` to decode in the main thread",
        },
      );
      this.settle(this.failed);
    };
    this.worker.on("error", crash);
    this.worker.on("exit", (code) => {
      if (this.current) crash(new Error(`exit code ${code}`));
    });
  }

  private settle(error?: unknown): void {
    const c = this.current;
    this.current = undefined;
    if (!c) return;
    if (error === undefined) c.resolve();
    else c.reject(error);
  }

  /** Hands a chunk's buffer back to the worker for its next chunks. */
  recycle(chunk: EncodedChunk): void {
    if (this.failed === undefined) this.worker.postMessage({ recycle: chunk.data.buffer }, [chunk.data.buffer as ArrayBuffer]);
  }

  run(task: DecodeTask): Promise<void> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.current = { resolve, reject };
      this.worker.postMessage(task);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Decodes local Parquet files into a new on-disk row store, in file and row order — the same records, bytes and
 * row order as appending every row of `readParquet` to a {@link RowStoreWriter} — using worker threads that
 * decode whole row groups and encode their rows into record chunks; the chunks are transferred (not copied) to
 * this thread, which appends them in order. A file whose `path` is still a promise (a download) is decoded as
 * soon as it resolves, so downloads overlap with decoding. Memory: at most 8 encoded 4 MiB chunks per worker waiting
 * for their turn (a worker ahead of the others pauses), plus each thread's page windows and decoded batch.
 * @param dir - Final store directory (written atomically: a crash leaves no store there).
 * @param files - The files, in order.
 * @param options - See {@link WriteParquetStoreOptions}.
 * @returns The finished store.
 * @throws DataFormatError naming the file, row group, row and column for corrupt data (as `readParquet`);
 *   InvalidArgumentError for unknown columns or a bad `workers`.
 */
export async function writeParquetStore(
  dir: string,
  files: readonly ParquetStoreFile[],
  options: WriteParquetStoreOptions = {},
): Promise<RowStore> {
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 0)) {
    throw new InvalidArgumentError(`workers must be a non-negative integer, got ${options.workers}`);
  }
  // A failed download must not surface as an unhandled rejection while earlier files are being decoded.
  for (const f of files) if (typeof f.path !== "string") f.path.catch(() => undefined);
  const workers = workerScript === undefined ? 0 : (options.workers ?? defaultWorkers(files));
  const writer = RowStoreWriter.create(dir, {
    asyncWrites: true,
    ...(options.fingerprint !== undefined ? { fingerprint: options.fingerprint } : {}),
    ...(options.features !== undefined ? { features: options.features } : {}),
    ...(options.info !== undefined ? { info: options.info } : {}),
  });
  const tasks = allTasks(files, options.columns);
  const pool: DecodeWorker[] = [];
  try {
    if (workers === 0) {
      const footers: FooterCache = new Map();
      const spare: ArrayBuffer[] = [];
      const append = (chunk: EncodedChunk) => {
        writer.appendEncoded(chunk);
        options.onChunk?.(chunk);
        spare.push(chunk.data.buffer as ArrayBuffer);
      };
      for await (const task of tasks) await runDecodeTask(task, append, footers, spare);
    } else {
      const order = new OrderedAppender(writer, (chunk) => origin.get(chunk)?.recycle(chunk), options.onChunk);
      for (let i = 0; i < workers; i++) pool.push(new DecodeWorker(workerScript as WorkerScript, (id, chunk) => order.chunk(id, chunk)));
      let failed = false;
      // Each loop takes the next task when its worker is free, but never runs more than 2 tasks per worker
      // ahead of the first unfinished one (bounds the chunks waiting for their turn).
      const loop = async (w: DecodeWorker) => {
        for (;;) {
          const next = await tasks.next();
          if (next.done || failed) return;
          while (next.value.id - order.next >= 2 * workers && !failed) await order.waitForProgress();
          try {
            await w.run(next.value);
            order.done(next.value.id);
          } catch (error) {
            failed = true;
            order.wakeAll();
            throw error;
          }
        }
      };
      await Promise.all(pool.map(loop));
    }
    await writer.drain();
    return writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  } finally {
    await Promise.all(pool.map((w) => w.close()));
  }
}

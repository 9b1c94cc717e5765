import { Worker } from "node:worker_threads";
import zlib from "node:zlib";

/**
 * Background verification of row store data chunks.
 *
 * One worker thread per process (started on the first store that asks for it, `unref`'d so that it never keeps the
 * process alive, terminated {@link VERIFIER_LINGER_MS} after its last job ends) reads the data chunks of every
 * registered store through its own file descriptor and checks their CRC-32s. Results go to a shared byte per
 * chunk ({@link ChunkState}); the reading thread trusts only `VERIFIED`, and checks any other chunk itself before
 * returning a row from it. The worker never marks a store damaged and never throws at the reader: a damaged chunk
 * is left for the reader to find, so the error is the reader's usual one naming the row.
 */

/** State of one data chunk, one byte each in a job's shared `state` array. */
export const ChunkState = {
  /** Not checked yet. */
  PENDING: 0,
  /** Being checked by the reading thread. */
  MAIN: 1,
  /** Being checked by the worker. */
  WORKER: 2,
  /** CRC-32 matched (the only state a reader trusts). */
  VERIFIED: 3,
  /** CRC-32 mismatch or short read seen by the worker: the reader checks the chunk itself, and throws. */
  DAMAGED: 4,
} as const;

/** Index of the stop flag (1 = stop) in a job's control array. */
export const CTL_STOP = 0;
/** Index of the reader's position hint (a chunk index the worker should continue from) in a job's control array. */
export const CTL_HINT = 1;

/** A worker that has no job left ends after this many milliseconds (a store opened meanwhile reuses it). */
export const VERIFIER_LINGER_MS = 1000;

/** Chunks the worker claims, reads and checks at once (with 64 KiB chunks: 1 MiB). */
const BLOCK_CHUNKS = 16;

/** What the worker receives for one store. */
interface JobMessage {
  id: number;
  path: string;
  dev: number;
  ino: number;
  size: number;
  chunkBytes: number;
  crcs: Uint32Array;
  state: SharedArrayBuffer;
  ctl: SharedArrayBuffer;
}

// Plain CommonJS, run with `eval: true`: no module file to locate (works from the compiled package and from
// TypeScript sources alike). Jobs are served round-robin, one block per job per turn; between turns the event loop
// runs, so new jobs arrive while others are in progress.
const WORKER_SOURCE = `
"use strict";
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const { crc32 } = require("node:zlib");
const [PENDING, WORKER, VERIFIED, DAMAGED] = [${ChunkState.PENDING}, ${ChunkState.WORKER}, ${ChunkState.VERIFIED}, ${ChunkState.DAMAGED}];
const BLOCK = ${BLOCK_CHUNKS};
const jobs = [];
let scheduled = false;
let buf = Buffer.allocUnsafe(0);

function finish(job) {
  if (job.fd >= 0) { try { fs.closeSync(job.fd); } catch {} job.fd = -1; }
  jobs.splice(jobs.indexOf(job), 1);
  parentPort.postMessage({ done: job.id });
}

function start(m) {
  const job = { id: m.id, fd: -1, crcs: m.crcs, chunkBytes: m.chunkBytes, size: m.size,
    state: new Uint8Array(m.state), ctl: new Int32Array(m.ctl), cursor: 0 };
  jobs.push(job);
  try {
    job.fd = fs.openSync(m.path, "r");
    const st = fs.fstatSync(job.fd);
    // Another file at the same path (the store was replaced since the reader opened it): no verdicts from here.
    if (st.dev !== m.dev || st.ino !== m.ino || st.size !== m.size) finish(job);
  } catch { finish(job); }
}

function nextPending(job) {
  const { state, ctl } = job;
  const n = state.length;
  let c = Math.max(job.cursor, Atomics.load(ctl, ${CTL_HINT}));
  while (c < n && Atomics.load(state, c) !== PENDING) c++;
  if (c < n) return c;
  for (c = 0; c < n && Atomics.load(state, c) !== PENDING; c++);
  return c < n ? c : -1;
}

/** Claims, reads and checks up to BLOCK pending chunks of the job; false when the job is over. */
function step(job) {
  if (Atomics.load(job.ctl, ${CTL_STOP}) === 1) return false;
  const first = nextPending(job);
  if (first < 0) return false;
  const { state, chunkBytes, size } = job;
  let n = 0;
  while (n < BLOCK && first + n < state.length && Atomics.compareExchange(state, first + n, PENDING, WORKER) === PENDING) n++;
  job.cursor = first + n;
  if (n === 0) return true;
  const at = first * chunkBytes;
  const want = Math.min(size, (first + n) * chunkBytes) - at;
  if (buf.length < want) buf = Buffer.allocUnsafe(want);
  let got = 0;
  try {
    while (got < want) {
      const r = fs.readSync(job.fd, buf, got, want - got, at + got);
      if (r === 0) break;
      got += r;
    }
  } catch {
    for (let k = 0; k < n; k++) Atomics.compareExchange(state, first + k, WORKER, PENDING); // the reader checks them
    return false;
  }
  for (let k = 0; k < n; k++) {
    const from = k * chunkBytes;
    const to = Math.min(from + chunkBytes, want);
    const ok = to <= got && crc32(buf.subarray(from, to)) === job.crcs[first + k];
    Atomics.compareExchange(state, first + k, WORKER, ok ? VERIFIED : DAMAGED);
  }
  return true;
}

function run() {
  scheduled = false;
  for (const job of [...jobs]) if (!step(job)) finish(job);
  if (jobs.length > 0) { scheduled = true; setImmediate(run); }
}

parentPort.on("message", (m) => {
  start(m);
  if (!scheduled && jobs.length > 0) { scheduled = true; setImmediate(run); }
});
`;

/** A store's registration with the background verifier. */
export interface VerifierJob {
  /** One {@link ChunkState} byte per data chunk, shared with the worker. */
  readonly state: Uint8Array;
  /** `[stop flag, position hint]`, shared with the worker. */
  readonly ctl: Int32Array;
  /** Stops the worker's reads for this store (idempotent). */
  cancel(): void;
}

/** What a store tells the verifier about its data file. */
export interface VerifierFile {
  path: string;
  dev: number;
  ino: number;
  size: number;
  chunkBytes: number;
  crcs: Uint32Array;
}

class VerifierThread {
  readonly worker: Worker;
  readonly live = new Set<number>();
  private idleTimer: NodeJS.Timeout | undefined;
  readonly exited: Promise<void>;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, name: "crucible-chunk-verifier" });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.on("message", (m: { done?: number }) => {
      if (typeof m.done === "number") this.release(m.done);
    });
    // A failing worker only means the reader checks every chunk itself.
    this.worker.on("error", () => undefined);
    void this.exited.then(() => {
      if (thread === this) thread = undefined;
    });
  }

  add(id: number, message: JobMessage): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.live.add(id);
    this.worker.postMessage(message);
  }

  release(id: number): void {
    if (!this.live.delete(id) || this.live.size > 0) return;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (thread === this) thread = undefined;
      void this.worker.terminate();
    }, lingerMs);
    this.idleTimer.unref();
  }
}

let thread: VerifierThread | undefined;
let nextId = 1;
let lingerMs = VERIFIER_LINGER_MS;
let disabled = typeof (zlib as unknown as { crc32?: unknown }).crc32 !== "function";

/**
 * Registers a store's data file with the background verifier thread (starting it when needed).
 * @returns The job, or `undefined` when no worker can run here (Node without `zlib.crc32`, or the thread failed to
 *   start): the reader then checks every chunk itself.
 */
export function startBackgroundVerify(file: VerifierFile): VerifierJob | undefined {
  const chunks = file.crcs.length;
  if (disabled || chunks === 0) return undefined;
  const state = new Uint8Array(new SharedArrayBuffer(chunks));
  const ctl = new Int32Array(new SharedArrayBuffer(8));
  try {
    thread ??= new VerifierThread();
  } catch {
    disabled = true;
    return undefined;
  }
  const owner = thread;
  const id = nextId++;
  owner.add(id, {
    id,
    path: file.path,
    dev: file.dev,
    ino: file.ino,
    size: file.size,
    chunkBytes: file.chunkBytes,
    crcs: file.crcs,
    state: state.buffer as SharedArrayBuffer,
    ctl: ctl.buffer as SharedArrayBuffer,
  });
  let cancelled = false;
  return {
    state,
    ctl,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      Atomics.store(ctl, CTL_STOP, 1);
      owner.release(id);
    },
  };
}

/**
 * The verifier thread of this process, if one is running: its `threadId`, the number of stores it still serves,
 * and a promise settled when it exits.
 * @internal For tests.
 */
export function verifierThread(): { threadId: number; jobs: number; exited: Promise<void> } | undefined {
  return thread === undefined ? undefined : { threadId: thread.worker.threadId, jobs: thread.live.size, exited: thread.exited };
}

/**
 * Sets how long an idle verifier thread lingers (default {@link VERIFIER_LINGER_MS}).
 * @internal For tests.
 */
export function setVerifierLinger(ms: number): void {
  lingerMs = ms;
}

import { randomBytes } from "node:crypto";
import {
  close,
  closeSync,
  fdatasync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  write,
  writeSync,
} from "node:fs";
import { endianness } from "node:os";
import { basename, dirname, join } from "node:path";
import { CrucibleError, type Features } from "@crucible/types";
import { binaryBound, writeBinary } from "./binary.js";
import { decodeRecord, encodeRecord } from "./encoding.js";
import type { EncodedChunk } from "./record-chunks.js";

/** Name of the record file inside a store directory. */
export const DATA_FILE = "data.bin";
/** Name of the offsets file (float64 little-endian, numRows + 1 entries) inside a store directory. */
export const OFFSETS_FILE = "offsets.bin";
/** Name of the manifest inside a store directory. It is written last: no manifest, no store. */
export const MANIFEST_FILE = "manifest.json";
/** `format` field of every manifest. */
export const STORE_FORMAT = "crucible-row-store";
/**
 * Current store layout version. Version 2 added binary records (tag `B`, see store/binary.ts); version 1 stores
 * (JSON and v8 records only) are still read. Older readers refuse a version 2 store and rebuild it.
 */
export const STORE_VERSION = 2;

/** Descriptive metadata kept with a dataset (and in a store manifest). Every field is optional. */
export interface DatasetInfo {
  /** Hub repository id, e.g. `openai/gsm8k`. */
  repo?: string;
  /** Config (subset) name. */
  config?: string;
  /** Split name. */
  split?: string;
  /** Revision (commit sha preferred). */
  revision?: string;
  /** Fingerprint identifying the content (source revision + files + transforms). */
  fingerprint?: string;
  /**
   * Where the rows came from when they are slices of source splits (a split string such as `train[10:20]+test`):
   * rows 0.. of this dataset are `start..end-1` of each range's split, range after range. Absent when the dataset
   * is one whole split (row i is row i of `split`). See {@link sourceRowOf}.
   */
  sourceRanges?: Array<{ split: string; start: number; end: number }>;
}

/**
 * The source split and row index of position `position` of a dataset with this info: through `sourceRanges`
 * when present, else `{ split: info.split, index: position }`.
 * @throws RangeError when `position` is beyond the ranges.
 */
export function sourceRowOf(info: DatasetInfo, position: number): { split: string | undefined; index: number } {
  if (!info.sourceRanges) return { split: info.split, index: position };
  let offset = position;
  for (const range of info.sourceRanges) {
    const size = range.end - range.start;
    if (offset < size) return { split: range.split, index: range.start + offset };
    offset -= size;
  }
  throw new RangeError(`position ${position} is beyond the dataset's source ranges`);
}

/** The `manifest.json` of a row store. */
export interface RowStoreManifest {
  format: typeof STORE_FORMAT;
  version: number;
  /**
   * Record encoding: a tag byte then binary, JSON or v8 serialization (see store/encoding.ts). Version 1 stores say
   * `"tagged-json-v8"` (no binary records).
   */
  encoding: "tagged-binary-json-v8" | "tagged-json-v8";
  endianness: "LE";
  numRows: number;
  /** Size of data.bin in bytes. */
  dataBytes: number;
  fingerprint?: string;
  features?: Features;
  info?: DatasetInfo;
  /** ISO date of completion. */
  createdAt: string;
}

/** Options of {@link RowStoreWriter.create}. */
export interface RowStoreWriterOptions {
  /** Stored in the manifest; {@link RowStore.open} callers can check it. */
  fingerprint?: string;
  /** Stored in the manifest. */
  features?: Features;
  /** Stored in the manifest. */
  info?: DatasetInfo;
  /** fsync the files before the final rename. Default true. */
  fsync?: boolean;
  /**
   * Hand full 4 MiB data chunks to the libuv thread pool (positional `fs.write`) so that writing overlaps with
   * producing the next rows; at most {@link ASYNC_WRITE_BUFFERS} chunks are in flight, beyond that a chunk is
   * written synchronously. Call {@link RowStoreWriter.drain} before {@link RowStoreWriter.finish} to wait for them
   * (`finish` without it stays correct: it rewrites the in-flight chunks synchronously). Default false.
   */
  asyncWrites?: boolean;
}

const DATA_CHUNK = 4 << 20;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temporary directories of writers for `dir` whose process no longer exists (left by a crash). */
function removeStaleTempDirs(dir: string): void {
  const prefix = `.${basename(dir)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dirname(dir));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) rmSync(join(dirname(dir), name), { recursive: true, force: true });
  }
}
const OFFSETS_CHUNK = 65536;

/** Data chunks a writer with `asyncWrites` may have in flight (4 MiB each). */
export const ASYNC_WRITE_BUFFERS = 4;
/** With `asyncWrites` and `fsync`, a background fdatasync starts every this many chunks (64 MiB). */
const SYNC_EVERY_CHUNKS = 16;

/** Writes `data[0, length)` fully at file offset `position` (`writeSync` may write less than asked). */
function writeAll(fd: number, data: Uint8Array, length: number, position: number): void {
  let done = 0;
  while (done < length) done += writeSync(fd, data, done, length - done, position + done);
}

/** A data chunk handed to the thread pool and not yet acknowledged. */
interface InFlight {
  buf: Buffer;
  length: number;
  position: number;
}
const WINDOW = 1 << 20;

function storeError(message: string, dir: string, cause?: unknown): CrucibleError {
  return new CrucibleError("STORE", message, {
    file: dir,
    cause,
    hint: "Delete the store directory and rebuild it (it was probably left half-written by a crash)",
  });
}

/**
 * Streams rows into a new store directory. Everything is written to a sibling temporary directory
 * (`<dir>.tmp-<pid>-<random>`), and {@link RowStoreWriter.finish} writes the manifest last and renames the
 * directory into place, so a crash never leaves a directory that {@link RowStore.open} accepts.
 * Memory use is constant (a 4 MiB data buffer, up to {@link ASYNC_WRITE_BUFFERS} with `asyncWrites`, and a
 * 512 KiB offsets buffer). Records use the binary encoding of store/binary.ts when it represents the row exactly,
 * else v8 serialization (store/encoding.ts).
 */
export class RowStoreWriter {
  /** Final directory. */
  readonly dir: string;
  /** Temporary directory being written. */
  readonly tempDir: string;
  private readonly options: RowStoreWriterOptions;
  private dataFd: number;
  private offsetsFd: number;
  private dataBuf: Buffer = Buffer.allocUnsafe(DATA_CHUNK);
  private dataLen = 0;
  private offsets = new Float64Array(OFFSETS_CHUNK);
  private offsetsLen = 0;
  private offsetsBytes = 0;
  private position = 0;
  private rows = 0;
  private done = false;
  private readonly inFlight = new Set<InFlight>();
  private readonly spare: Buffer[] = [];
  private buffers = 1;
  private writeError: unknown;
  private waiters: Array<() => void> = [];
  /** Set once finish/abort ran while writes were in flight: the last callback closes the data fd. */
  private closeWhenIdle = false;
  /** fdatasync calls running in the thread pool (they keep the data fd open too). */
  private syncsInFlight = 0;
  private chunksSinceSync = 0;
  private filesClosed = false;

  private constructor(dir: string, options: RowStoreWriterOptions) {
    this.dir = dir;
    this.options = options;
    mkdirSync(dirname(dir), { recursive: true });
    removeStaleTempDirs(dir);
    this.tempDir = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
    mkdirSync(this.tempDir, { recursive: true });
    this.dataFd = openSync(join(this.tempDir, DATA_FILE), "w");
    this.offsetsFd = openSync(join(this.tempDir, OFFSETS_FILE), "w");
    this.pushOffset(0);
  }

  /**
   * Starts a new store that will live at `dir` once finished.
   * @param dir - Final store directory (its parent is created when missing).
   * @param options - See {@link RowStoreWriterOptions}.
   */
  static create(dir: string, options: RowStoreWriterOptions = {}): RowStoreWriter {
    try {
      return new RowStoreWriter(dir, options);
    } catch (cause) {
      throw storeError("Could not create the row-store directory", dir, cause);
    }
  }

  /** Rows appended so far. */
  get numRows(): number {
    return this.rows;
  }

  /** Bytes of record data written so far. */
  get bytes(): number {
    return this.position;
  }

  private pushOffset(value: number): void {
    this.offsets[this.offsetsLen++] = value;
    if (this.offsetsLen === OFFSETS_CHUNK) this.flushOffsets();
  }

  private flushOffsets(): void {
    if (this.offsetsLen === 0) return;
    const length = this.offsetsLen * 8;
    writeAll(this.offsetsFd, new Uint8Array(this.offsets.buffer, 0, length), length, this.offsetsBytes);
    this.offsetsBytes += length;
    this.offsetsLen = 0;
  }

  private flushData(): void {
    if (this.dataLen === 0) return;
    const position = this.position - this.dataLen;
    if (this.writeError !== undefined) throw storeError("Could not write the row store", this.dir, this.writeError);
    if (this.options.asyncWrites === true && !this.done) {
      let next = this.spare.pop();
      if (next === undefined && this.buffers < ASYNC_WRITE_BUFFERS) {
        next = Buffer.allocUnsafe(DATA_CHUNK);
        this.buffers++;
      }
      if (next !== undefined) {
        this.startWrite({ buf: this.dataBuf, length: this.dataLen, position });
        this.dataBuf = next;
        this.dataLen = 0;
        if ((this.options.fsync ?? true) && ++this.chunksSinceSync >= SYNC_EVERY_CHUNKS && this.syncsInFlight === 0) {
          this.chunksSinceSync = 0;
          this.startSync();
        }
        return;
      }
    }
    writeAll(this.dataFd, this.dataBuf, this.dataLen, position);
    this.dataLen = 0;
  }

  private startWrite(chunk: InFlight): void {
    this.inFlight.add(chunk);
    const fd = this.dataFd;
    const step = (done: number): void => {
      write(fd, chunk.buf, done, chunk.length - done, chunk.position + done, (error, written) => {
        if (error === null && done + written < chunk.length && !this.closeWhenIdle) return step(done + written);
        if (error !== null && this.writeError === undefined && !this.closeWhenIdle) this.writeError = error;
        this.inFlight.delete(chunk);
        this.spare.push(chunk.buf);
        this.settled();
      });
    };
    step(0);
  }

  /**
   * Background fdatasync of what is written so far, so that dirty pages do not pile up (the kernel throttles
   * writers then) and the final fsync in {@link RowStoreWriter.finish} has little left to do.
   */
  private startSync(): void {
    this.syncsInFlight++;
    fdatasync(this.dataFd, () => {
      // An error here resurfaces in finish's fsyncSync.
      this.syncsInFlight--;
      this.settled();
    });
  }

  private get idle(): boolean {
    return this.inFlight.size === 0 && this.syncsInFlight === 0;
  }

  private settled(): void {
    if (!this.idle) return;
    if (this.closeWhenIdle) close(this.dataFd, () => undefined);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /**
   * Resolves once every chunk handed to the thread pool (see {@link RowStoreWriterOptions.asyncWrites}) is written.
   * @throws CrucibleError("STORE") when one of those writes failed.
   */
  async drain(): Promise<void> {
    if (!this.idle) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.writeError !== undefined) throw storeError("Could not write the row store", this.dir, this.writeError);
  }

  /**
   * Closes the data fd now, or — while chunks are in flight — once the last one is acknowledged (closing earlier
   * could let a pending write land in a file that reuses the descriptor number).
   */
  private closeData(): void {
    if (this.idle) closeSync(this.dataFd);
    else this.closeWhenIdle = true;
  }

  /** Closes both files once (a second call does nothing: the descriptor numbers may already be reused). */
  private closeFiles(): void {
    if (this.filesClosed) return;
    this.filesClosed = true;
    try {
      this.closeData();
    } finally {
      closeSync(this.offsetsFd);
    }
  }

  /** Appends one row. */
  append(row: unknown): void {
    if (this.done) throw new CrucibleError("STORE", "RowStoreWriter.append after finish/abort", { file: this.dir });
    // Fast path: the binary encoding written straight into the chunk buffer (no per-row allocation), decided
    // structurally by binaryBound (an upper bound of the size, or -1 when the row needs v8).
    const bound = binaryBound(row);
    if (bound >= 0) {
      if (bound <= DATA_CHUNK) {
        if (this.dataLen + bound > DATA_CHUNK) this.flushData();
        const end = writeBinary(this.dataBuf, this.dataLen, row);
        if (end >= 0) {
          this.recordWritten(end - this.dataLen);
          this.dataLen = end;
          return;
        }
      } else {
        const big = Buffer.allocUnsafe(bound);
        const end = writeBinary(big, 0, row);
        if (end >= 0) {
          this.flushData();
          writeAll(this.dataFd, big, end, this.position);
          this.recordWritten(end);
          return;
        }
      }
    }
    const rec = encodeRecord(row);
    if (this.dataLen + rec.length > DATA_CHUNK) this.flushData();
    if (rec.length > DATA_CHUNK) writeAll(this.dataFd, rec, rec.length, this.position);
    else {
      rec.copy(this.dataBuf, this.dataLen);
      this.dataLen += rec.length;
    }
    this.recordWritten(rec.length);
  }

  private recordWritten(length: number): void {
    this.position += length;
    this.rows++;
    this.pushOffset(this.position);
  }

  /**
   * Appends rows already encoded as records (see store/record-chunks.ts), e.g. by a worker thread: the same bytes
   * go through the same chunk buffer and offsets as {@link RowStoreWriter.append} would write for those rows.
   */
  appendEncoded(chunk: EncodedChunk): void {
    if (this.done) throw new CrucibleError("STORE", "RowStoreWriter.appendEncoded after finish/abort", { file: this.dir });
    const { data, ends } = chunk;
    let start = 0;
    let i = 0;
    while (i < ends.length) {
      // The longest run of records from `i` that fits in what is left of the data buffer.
      const room = DATA_CHUNK - this.dataLen;
      let j = i;
      while (j < ends.length && (ends[j] as number) - start <= room) j++;
      if (j === i) {
        const end = ends[i] as number;
        if (this.dataLen > 0) {
          this.flushData();
          continue;
        }
        // A record larger than a whole data chunk: written directly, as append does.
        this.flushData();
        writeAll(this.dataFd, data.subarray(start, end), end - start, this.position);
        this.recordWritten(end - start);
        start = end;
        i++;
        continue;
      }
      const end = ends[j - 1] as number;
      this.dataBuf.set(data.subarray(start, end), this.dataLen);
      this.dataLen += end - start;
      for (let k = i; k < j; k++) this.recordWritten((ends[k] as number) - (k === 0 ? 0 : (ends[k - 1] as number)));
      start = end;
      i = j;
    }
  }

  /** Appends many rows. */
  appendMany(rows: Iterable<unknown>): void {
    for (const row of rows) this.append(row);
  }

  /**
   * Flushes, writes the manifest and renames the temporary directory to {@link RowStoreWriter.dir}
   * (replacing an existing store there).
   * @returns The finished store, open for reading.
   */
  finish(): RowStore {
    if (this.done) throw new CrucibleError("STORE", "RowStoreWriter.finish called twice", { file: this.dir });
    this.done = true;
    const sync = this.options.fsync ?? true;
    try {
      if (this.writeError !== undefined) throw this.writeError;
      this.flushData();
      // Chunks still in flight (no drain before finish): write the same bytes at the same offsets synchronously,
      // so the file is complete now whatever order the pending writes land in.
      for (const chunk of this.inFlight) writeAll(this.dataFd, chunk.buf, chunk.length, chunk.position);
      this.flushOffsets();
      if (sync) {
        fsyncSync(this.dataFd);
        fsyncSync(this.offsetsFd);
      }
      this.closeFiles();
      const manifest: RowStoreManifest = {
        format: STORE_FORMAT,
        version: STORE_VERSION,
        encoding: "tagged-binary-json-v8",
        endianness: "LE",
        numRows: this.rows,
        dataBytes: this.position,
        ...(this.options.fingerprint !== undefined ? { fingerprint: this.options.fingerprint } : {}),
        ...(this.options.features !== undefined ? { features: this.options.features } : {}),
        ...(this.options.info !== undefined ? { info: this.options.info } : {}),
        createdAt: new Date().toISOString(),
      };
      const manifestPath = join(this.tempDir, MANIFEST_FILE);
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
      if (sync) {
        const fd = openSync(manifestPath, "r");
        fsyncSync(fd);
        closeSync(fd);
      }
      let old: string | undefined;
      if (existsSync(this.dir)) {
        old = `${this.dir}.old-${randomBytes(6).toString("hex")}`;
        renameSync(this.dir, old);
      }
      renameSync(this.tempDir, this.dir);
      if (old !== undefined) rmSync(old, { recursive: true, force: true });
    } catch (cause) {
      try {
        this.closeFiles();
      } catch {
        // best effort
      }
      rmSync(this.tempDir, { recursive: true, force: true });
      throw storeError("Could not finish the row store", this.dir, cause);
    }
    return RowStore.open(this.dir);
  }

  /** Discards everything written (removes the temporary directory). Safe to call twice. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.closeFiles();
    } catch {
      // best effort
    }
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}

const registry = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * A finished on-disk row store, read synchronously with `fs.readSync`: `get(i)` costs one `pread` (or none when
 * the row is in the 1 MiB read-ahead window used for sequential access) plus decoding. Only the offsets
 * (8 bytes per row) live in memory. The file descriptor closes on {@link RowStore.close} or when the store is
 * garbage-collected.
 */
export class RowStore {
  /** Store directory. */
  readonly dir: string;
  /** The parsed manifest. */
  readonly manifest: RowStoreManifest;
  /** Number of rows. */
  readonly numRows: number;
  private readonly offsets: Float64Array;
  private fd: number;
  private readonly token = {};
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private window = Buffer.allocUnsafe(0);
  private windowStart = 0;
  private windowEnd = 0;
  private lastIndex = -2;

  private constructor(dir: string, manifest: RowStoreManifest, offsets: Float64Array, fd: number) {
    this.dir = dir;
    this.manifest = manifest;
    this.numRows = manifest.numRows;
    this.offsets = offsets;
    this.fd = fd;
    registry.register(this, fd, this.token);
  }

  /**
   * True when `dir` holds a complete, consistent store (manifest present, file sizes match).
   * @param fingerprint - When given, the manifest's fingerprint must equal it.
   */
  static isValid(dir: string, fingerprint?: string): boolean {
    try {
      const store = RowStore.open(dir);
      const ok = fingerprint === undefined || store.manifest.fingerprint === fingerprint;
      store.close();
      return ok;
    } catch {
      return false;
    }
  }

  /**
   * Opens a finished store.
   * @throws CrucibleError("STORE") when the directory is missing, unfinished (no manifest) or inconsistent
   *   (a file size does not match the manifest), naming the directory.
   */
  static open(dir: string): RowStore {
    let manifest: RowStoreManifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")) as RowStoreManifest;
    } catch (cause) {
      throw storeError("Not a complete row store: manifest.json is missing or unreadable", dir, cause);
    }
    if (manifest.format !== STORE_FORMAT || (manifest.version !== STORE_VERSION && manifest.version !== 1)) {
      throw storeError(`Unsupported row store format ${String(manifest.format)} v${String(manifest.version)}`, dir);
    }
    if (endianness() !== "LE") throw storeError("Row stores are little-endian; this machine is big-endian", dir);
    const n = manifest.numRows;
    if (!Number.isSafeInteger(n) || n < 0) throw storeError(`Invalid numRows ${String(n)} in manifest`, dir);
    let offsetsFd: number | undefined;
    let dataFd: number | undefined;
    try {
      offsetsFd = openSync(join(dir, OFFSETS_FILE), "r");
      const size = fstatSync(offsetsFd).size;
      if (size !== (n + 1) * 8) {
        throw storeError(`offsets.bin has ${size} bytes, expected ${(n + 1) * 8} for ${n} rows`, dir);
      }
      const offsets = new Float64Array(n + 1);
      const bytes = new Uint8Array(offsets.buffer);
      let read = 0;
      while (read < bytes.length) {
        const r = readSync(offsetsFd, bytes, read, bytes.length - read, read);
        if (r === 0) break;
        read += r;
      }
      closeSync(offsetsFd);
      offsetsFd = undefined;
      if (read !== bytes.length) throw storeError("offsets.bin is truncated", dir);
      if (offsets[n] !== manifest.dataBytes) {
        throw storeError(`offsets.bin ends at ${String(offsets[n])}, manifest says ${manifest.dataBytes} bytes`, dir);
      }
      dataFd = openSync(join(dir, DATA_FILE), "r");
      const dataSize = fstatSync(dataFd).size;
      if (dataSize !== manifest.dataBytes) {
        throw storeError(`data.bin has ${dataSize} bytes, manifest says ${manifest.dataBytes}`, dir);
      }
      return new RowStore(dir, manifest, offsets, dataFd);
    } catch (cause) {
      if (offsetsFd !== undefined) closeSync(offsetsFd);
      if (dataFd !== undefined) closeSync(dataFd);
      if (CrucibleError.isInstance(cause)) throw cause;
      throw storeError("Could not open the row store", dir, cause);
    }
  }

  private readInto(buf: Buffer, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const r = readSync(this.fd, buf, done, length - done, position + done);
      if (r === 0) throw storeError(`Unexpected end of data.bin at byte ${position + done}`, this.dir);
      done += r;
    }
  }

  /**
   * Row `i` (0 ≤ i < numRows), decoded.
   * @throws CrucibleError("STORE") when the store was closed or the record is corrupt.
   */
  get(i: number): unknown {
    if (this.fd < 0) throw new CrucibleError("STORE", "Row store is closed", { file: this.dir, row: i });
    const start = this.offsets[i] as number;
    const end = this.offsets[i + 1] as number;
    const sequential = i === this.lastIndex + 1;
    this.lastIndex = i;
    if (start >= this.windowStart && end <= this.windowEnd) {
      return decodeRecord(this.window, start - this.windowStart, end - this.windowStart, { file: this.dir, row: i });
    }
    const len = end - start;
    if (sequential) {
      const want = Math.min(Math.max(WINDOW, len), this.manifest.dataBytes - start);
      if (this.window.length < want) this.window = Buffer.allocUnsafe(Math.max(want, WINDOW));
      this.readInto(this.window, want, start);
      this.windowStart = start;
      this.windowEnd = start + want;
      return decodeRecord(this.window, 0, len, { file: this.dir, row: i });
    }
    if (this.scratch.length < len) this.scratch = Buffer.allocUnsafe(Math.max(len, this.scratch.length * 2));
    this.readInto(this.scratch, len, start);
    return decodeRecord(this.scratch, 0, len, { file: this.dir, row: i });
  }

  /** Size of the record data in bytes. */
  get dataBytes(): number {
    return this.manifest.dataBytes;
  }

  /** Closes the file descriptor. Further `get` calls throw. */
  close(): void {
    if (this.fd >= 0) {
      registry.unregister(this.token);
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

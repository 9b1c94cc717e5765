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
import { CrucibleError, IntegrityError, type Features } from "@crucible/types";
import { describeIoError } from "../fs/io-error.js";
import { binaryBound, writeBinary } from "./binary.js";
import { ChunkState, CTL_HINT, startBackgroundVerify, type VerifierJob } from "./chunk-verifier.js";
import { crc32 } from "./crc32.js";
import { decodeRecord, encodeRecord } from "./encoding.js";
import type { EncodedChunk } from "./record-chunks.js";
import { processAlive } from "../fs/process-alive.js";

/** Name of the record file inside a store directory. */
export const DATA_FILE = "data.bin";
/** Name of the offsets file (float64 little-endian, numRows + 1 entries) inside a store directory. */
export const OFFSETS_FILE = "offsets.bin";
/** Name of the manifest inside a store directory. It is written last: no manifest, no store. */
export const MANIFEST_FILE = "manifest.json";
/** Name of the chunk checksums file (one CRC-32, u32 little-endian, per data chunk) inside a store directory. */
export const CHECKSUMS_FILE = "checksums.bin";
/**
 * What the manifest of a store found damaged is renamed to: the store is then no longer accepted by
 * {@link RowStore.open}, so the next load rebuilds it from its source.
 */
export const DAMAGED_MANIFEST_FILE = "manifest.json.damaged";
/** Default size of the data chunks that each carry a CRC-32 (64 KiB). */
export const CHECKSUM_CHUNK_BYTES = 65536;
/** `format` field of every manifest. */
export const STORE_FORMAT = "crucible-row-store";
/**
 * Current store layout version. Version 2 added binary records (tag `B`, see store/binary.ts); version 3 added
 * checksums (CRC-32 per data chunk, of the offsets, of the chunk checksums and of the manifest) that are verified
 * on read. Stores of other versions are refused ({@link RowStore.open} throws, {@link RowStore.isValid} is false),
 * so callers rebuild them.
 */
export const STORE_VERSION = 3;

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
  /** Checksums of the files (version 3). All are CRC-32 (zlib's polynomial), unsigned. */
  checksums?: RowStoreChecksums;
  /** CRC-32 of the manifest text that precedes this field, which is always the last one (version 3). */
  manifestCrc32?: number;
}

/** The `checksums` field of a version 3 {@link RowStoreManifest}. */
export interface RowStoreChecksums {
  algorithm: "crc32";
  /** data.bin is checked in chunks of this many bytes (the last one may be shorter). */
  chunkBytes: number;
  /** Number of chunks: `ceil(dataBytes / chunkBytes)`. */
  chunks: number;
  /** CRC-32 of checksums.bin (the per-chunk CRCs). */
  checksumsCrc32: number;
  /** CRC-32 of offsets.bin. */
  offsetsCrc32: number;
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
  /**
   * Size of the data chunks that each get a CRC-32, an integer from 64 to 16 MiB. Default
   * {@link CHECKSUM_CHUNK_BYTES} (64 KiB): a chunk is verified once per open store, the first time a row in it is
   * read, so smaller chunks make random access cheaper and the checksum file larger. Tests use small chunks.
   */
  checksumChunkBytes?: number;
}

const DATA_CHUNK = 4 << 20;

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
/**
 * Caller-buffer chunks (`appendEncodedAsync`) being written at once. The thread pool (4 threads by default) also
 * serves the decode workers' file reads: more writes queued there would hold those reads up.
 */
const CALLER_WRITES_IN_FLIGHT = 2;
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
  /** For a caller's buffer (appendEncodedAsync): called once written, instead of keeping the buffer as a spare. */
  release?: () => void;
}
const WINDOW = 1 << 20;

const REBUILD_HINT = "Load the dataset again to rebuild it from its source (or delete the store directory)";

function storeError(message: string, dir: string, cause?: unknown): CrucibleError {
  return new CrucibleError("STORE", message, { file: dir, cause, hint: REBUILD_HINT });
}

/**
 * A failed file-system operation of a writer: disk full and permission problems say so and what to do, naming the
 * file that was being written (the writer removes its temporary directory, so nothing half-written stays).
 */
function writeError(action: string, file: string, cause: unknown): CrucibleError {
  if (CrucibleError.isInstance(cause)) return cause;
  const io = describeIoError(cause);
  if (io !== undefined) return new CrucibleError("STORE", `Could not ${action}: ${io.reason} (${io.code})`, { file, cause, hint: io.hint });
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new CrucibleError("STORE", `Could not ${action}: ${detail}`, { file, cause });
}

/**
 * Renames the manifest of a damaged store to {@link DAMAGED_MANIFEST_FILE} (best effort: a read-only store stays
 * as it is, and is still refused by every open because its checksums fail).
 */
function markDamaged(dir: string): void {
  try {
    renameSync(join(dir, MANIFEST_FILE), join(dir, DAMAGED_MANIFEST_FILE));
  } catch {
    // read-only, or already marked by another reader
  }
}

function damaged(message: string, dir: string, options: { file?: string; row?: number; byteOffset?: number } = {}): IntegrityError {
  markDamaged(dir);
  return new IntegrityError(message, {
    file: options.file ?? dir,
    ...(options.row !== undefined ? { row: options.row } : {}),
    ...(options.byteOffset !== undefined ? { byteOffset: options.byteOffset } : {}),
    hint: `The store was marked damaged (${DAMAGED_MANIFEST_FILE}) and is rebuilt from its source on the next load`,
  });
}

const MANIFEST_CRC_TAIL = /,\n "manifestCrc32": (\d{1,10})\n\}$/;

/** The manifest text with its CRC as the last field (see {@link RowStoreManifest.manifestCrc32}). */
function sealManifest(manifest: RowStoreManifest): string {
  const text = JSON.stringify(manifest, null, 1);
  const body = text.slice(0, text.length - 2); // drop the closing "\n}"
  return `${body},\n "manifestCrc32": ${crc32(Buffer.from(body, "utf8"))}\n}`;
}

function readAllSync(fd: number, bytes: Uint8Array): number {
  let read = 0;
  while (read < bytes.length) {
    const r = readSync(fd, bytes, read, bytes.length - read, read);
    if (r === 0) break;
    read += r;
  }
  return read;
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
  private asyncError: unknown;
  private waiters: Array<() => void> = [];
  /** Set once finish/abort ran while writes were in flight: the last callback closes the data fd. */
  private closeWhenIdle = false;
  /** fdatasync calls running in the thread pool (they keep the data fd open too). */
  private syncsInFlight = 0;
  private chunksSinceSync = 0;
  /** Caller-buffer chunks waiting for one of the {@link CALLER_WRITES_IN_FLIGHT} write slots. */
  private queued: InFlight[] = [];
  private callerWrites = 0;
  private filesClosed = false;
  private readonly chunkBytes: number;
  /** CRC-32 of each finished data chunk. */
  private chunkCrcs = new Uint32Array(256);
  private chunkCount = 0;
  /** Running CRC and fill of the data chunk being written. */
  private chunkCrc = 0;
  private chunkFill = 0;
  private offsetsCrc = 0;

  private constructor(dir: string, options: RowStoreWriterOptions) {
    this.dir = dir;
    this.options = options;
    const chunkBytes = options.checksumChunkBytes ?? CHECKSUM_CHUNK_BYTES;
    if (!Number.isInteger(chunkBytes) || chunkBytes < 64 || chunkBytes > 1 << 24) {
      throw new CrucibleError("INVALID_ARGUMENT", `checksumChunkBytes must be an integer from 64 to 16777216, got ${String(chunkBytes)}`);
    }
    this.chunkBytes = chunkBytes;
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
      // Name the path that failed (node puts it on the error), not the final directory, which does not exist yet.
      const path = (cause as { path?: unknown } | null)?.path;
      throw writeError("create the row store", typeof path === "string" ? path : dirname(dir), cause);
    }
  }

  /** Writes `data[0, length)` at `position` of data.bin, as a typed error naming the file on failure. */
  private writeData(data: Uint8Array, length: number, position: number): void {
    try {
      writeAll(this.dataFd, data, length, position);
    } catch (cause) {
      throw writeError("write the row store", join(this.tempDir, DATA_FILE), cause);
    }
  }

  /** Adds `data[0, length)`, the next bytes of data.bin in file order, to the chunk checksums. */
  private checksum(data: Uint8Array, length: number): void {
    let at = 0;
    while (at < length) {
      const take = Math.min(this.chunkBytes - this.chunkFill, length - at);
      this.chunkCrc = crc32(data.subarray(at, at + take), this.chunkCrc);
      this.chunkFill += take;
      at += take;
      if (this.chunkFill === this.chunkBytes) this.endChunk();
    }
  }

  private endChunk(): void {
    if (this.chunkCount === this.chunkCrcs.length) {
      const grown = new Uint32Array(this.chunkCrcs.length * 2);
      grown.set(this.chunkCrcs);
      this.chunkCrcs = grown;
    }
    this.chunkCrcs[this.chunkCount++] = this.chunkCrc;
    this.chunkCrc = 0;
    this.chunkFill = 0;
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
    const bytes = new Uint8Array(this.offsets.buffer, 0, length);
    this.offsetsCrc = crc32(bytes, this.offsetsCrc);
    try {
      writeAll(this.offsetsFd, bytes, length, this.offsetsBytes);
    } catch (cause) {
      throw writeError("write the row store", join(this.tempDir, OFFSETS_FILE), cause);
    }
    this.offsetsBytes += length;
    this.offsetsLen = 0;
  }

  private flushData(): void {
    if (this.dataLen === 0) return;
    const position = this.position - this.dataLen;
    if (this.asyncError !== undefined) throw writeError("write the row store", join(this.tempDir, DATA_FILE), this.asyncError);
    this.checksum(this.dataBuf, this.dataLen);
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
        this.countChunkForSync();
        return;
      }
    }
    this.writeData(this.dataBuf, this.dataLen, position);
    this.dataLen = 0;
  }

  private startWrite(chunk: InFlight): void {
    this.inFlight.add(chunk);
    const fd = this.dataFd;
    const step = (done: number): void => {
      write(fd, chunk.buf, done, chunk.length - done, chunk.position + done, (error, written) => {
        if (error === null && done + written < chunk.length && !this.closeWhenIdle) return step(done + written);
        if (error !== null && this.asyncError === undefined && !this.closeWhenIdle) this.asyncError = error;
        this.inFlight.delete(chunk);
        if (chunk.release) {
          this.callerWrites--;
          chunk.release();
          this.startQueued();
        } else this.spare.push(chunk.buf);
        this.settled();
      });
    };
    step(0);
  }

  /** Starts queued caller-buffer writes while a slot is free. */
  private startQueued(): void {
    while (this.callerWrites < CALLER_WRITES_IN_FLIGHT && this.queued.length > 0 && !this.closeWhenIdle) {
      this.callerWrites++;
      this.startWrite(this.queued.shift() as InFlight);
    }
  }

  /** Counts a chunk handed to the thread pool; every {@link SYNC_EVERY_CHUNKS} of them starts a background sync. */
  private countChunkForSync(): void {
    if ((this.options.fsync ?? true) && ++this.chunksSinceSync >= SYNC_EVERY_CHUNKS && this.syncsInFlight === 0) {
      this.chunksSinceSync = 0;
      this.startSync();
    }
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
    return this.inFlight.size === 0 && this.syncsInFlight === 0 && this.queued.length === 0;
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
    if (this.asyncError !== undefined) throw writeError("write the row store", join(this.tempDir, DATA_FILE), this.asyncError);
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
          this.checksum(big, end);
          this.writeData(big, end, this.position);
          this.recordWritten(end);
          return;
        }
      }
    }
    const rec = encodeRecord(row);
    if (this.dataLen + rec.length > DATA_CHUNK) this.flushData();
    if (rec.length > DATA_CHUNK) {
      this.checksum(rec, rec.length);
      this.writeData(rec, rec.length, this.position);
    } else {
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
        const big = data.subarray(start, end);
        this.checksum(big, end - start);
        this.writeData(big, end - start, this.position);
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

  /**
   * Like {@link RowStoreWriter.appendEncoded}, but with `asyncWrites` the chunk's own buffer is written by the thread
   * pool (two such writes at a time, the others queued), without a copy and without blocking this thread on the disk; `release` is called once those bytes
   * are written (the buffer may then be reused). Without `asyncWrites` the bytes are appended as `appendEncoded`
   * does and `release` is called at once. Same bytes
   * on disk either way. The caller bounds how many chunks are in flight (e.g. a worker pausing until its buffers
   * come back).
   */
  appendEncodedAsync(chunk: EncodedChunk, release: () => void): void {
    const { data, ends } = chunk;
    const length = ends.length > 0 ? (ends[ends.length - 1] as number) : 0;
    if (this.options.asyncWrites !== true || this.done || length === 0) {
      this.appendEncoded(chunk);
      release();
      return;
    }
    if (this.asyncError !== undefined) throw writeError("write the row store", join(this.tempDir, DATA_FILE), this.asyncError);
    this.flushData();
    const position = this.position;
    this.checksum(data, length);
    for (let k = 0; k < ends.length; k++) this.recordWritten((ends[k] as number) - (k === 0 ? 0 : (ends[k - 1] as number)));
    this.queued.push({ buf: Buffer.from(data.buffer, data.byteOffset, length), length, position, release });
    this.startQueued();
    this.countChunkForSync();
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
      if (this.asyncError !== undefined) throw this.asyncError;
      this.flushData();
      // Chunks still in flight (no drain before finish): write the same bytes at the same offsets synchronously,
      // so the file is complete now whatever order the pending writes land in.
      for (const chunk of this.inFlight) this.writeData(chunk.buf, chunk.length, chunk.position);
      for (const chunk of this.queued.splice(0)) {
        this.writeData(chunk.buf, chunk.length, chunk.position);
        chunk.release?.();
      }
      this.flushOffsets();
      if (this.chunkFill > 0) this.endChunk();
      const crcs = new Uint8Array(this.chunkCrcs.buffer, 0, this.chunkCount * 4);
      const checksumsPath = join(this.tempDir, CHECKSUMS_FILE);
      writeFileSync(checksumsPath, crcs);
      if (sync) {
        fsyncSync(this.dataFd);
        fsyncSync(this.offsetsFd);
        const fd = openSync(checksumsPath, "r");
        fsyncSync(fd);
        closeSync(fd);
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
        checksums: {
          algorithm: "crc32",
          chunkBytes: this.chunkBytes,
          chunks: this.chunkCount,
          checksumsCrc32: crc32(crcs),
          offsetsCrc32: this.offsetsCrc,
        },
      };
      const manifestPath = join(this.tempDir, MANIFEST_FILE);
      writeFileSync(manifestPath, sealManifest(manifest));
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
      const path = (cause as { path?: unknown } | null)?.path;
      throw writeError("finish the row store", typeof path === "string" ? path : this.tempDir, cause);
    }
    return RowStore.open(this.dir);
  }

  /** Discards everything written (removes the temporary directory). Safe to call twice. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    for (const chunk of this.queued.splice(0)) chunk.release?.();
    try {
      this.closeFiles();
    } catch {
      // best effort
    }
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}

const registry = new FinalizationRegistry<{ fd: number; job: VerifierJob | undefined }>(({ fd, job }) => {
  job?.cancel();
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * Stores with at least this much data (32 MiB) have their chunks verified ahead of the reader by a worker thread
 * by default (see {@link RowStoreOpenOptions.verifyInBackground}). Smaller ones are verified inline: their CRCs
 * cost the reader a few milliseconds (≈5 GB/s), about what starting the thread costs it (and the thread ≈50 ms of
 * CPU of its own).
 */
export const BACKGROUND_VERIFY_MIN_BYTES = 32 << 20;

/** Options of {@link RowStore.open}. */
export interface RowStoreOpenOptions {
  /**
   * Verify data chunks ahead of the reader on a worker thread (one per process, shared by all open stores,
   * `unref`'d; the store's job stops when the store closes). A row is still never returned from a chunk whose
   * CRC-32 has not been checked in this process: the reader checks any chunk the worker has not verified yet
   * itself. Default: true when the store holds at least {@link BACKGROUND_VERIFY_MIN_BYTES} of data.
   */
  verifyInBackground?: boolean;
}

/**
 * A finished on-disk row store, read synchronously with `fs.readSync`: `get(i)` costs one `pread` (or none when
 * the row is in the 1 MiB read-ahead window used for sequential access) plus decoding. Only the offsets
 * (8 bytes per row) and the chunk checksums (4 bytes per 64 KiB) live in memory. The file descriptor closes on
 * {@link RowStore.close} or when the store is garbage-collected.
 *
 * Integrity: {@link RowStore.open} verifies the CRC-32 of the manifest, of offsets.bin and of checksums.bin and
 * the file sizes; each 64 KiB data chunk's CRC-32 is verified the first time a row in it is read (a verified
 * chunk is remembered for the life of this object), or earlier by the background verifier thread for stores of
 * {@link BACKGROUND_VERIFY_MIN_BYTES} or more (see {@link RowStoreOpenOptions.verifyInBackground}). Any mismatch
 * throws an `IntegrityError` naming the file and the byte offset, and marks the store damaged (its manifest is
 * renamed to {@link DAMAGED_MANIFEST_FILE}) so that it is rebuilt, never reused.
 */
export class RowStore {
  /** Store directory. */
  readonly dir: string;
  /** The parsed manifest. */
  readonly manifest: RowStoreManifest;
  /** Number of rows. */
  readonly numRows: number;
  private readonly offsets: Float64Array;
  private readonly chunkCrcs: Uint32Array;
  private readonly chunkBytes: number;
  /** 1 for each data chunk whose CRC this thread knows to be verified (a cache of `state`, read without atomics). */
  private readonly verified: Uint8Array;
  /** One {@link ChunkState} per data chunk, shared with the background verifier when there is one. */
  private readonly state: Uint8Array;
  private readonly job: VerifierJob | undefined;
  /** Chunks whose CRC this thread computed itself. */
  private inlineChecks = 0;
  private fd: number;
  private readonly token = {};
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private window = Buffer.allocUnsafe(0);
  private windowStart = 0;
  private windowEnd = 0;
  private lastIndex = -2;

  private constructor(
    dir: string,
    manifest: RowStoreManifest,
    offsets: Float64Array,
    chunkCrcs: Uint32Array,
    fd: number,
    job: VerifierJob | undefined,
  ) {
    this.dir = dir;
    this.manifest = manifest;
    this.numRows = manifest.numRows;
    this.offsets = offsets;
    this.chunkCrcs = chunkCrcs;
    this.chunkBytes = (manifest.checksums as RowStoreChecksums).chunkBytes;
    this.verified = new Uint8Array(chunkCrcs.length);
    this.job = job;
    this.state = job?.state ?? new Uint8Array(chunkCrcs.length);
    this.fd = fd;
    registry.register(this, { fd, job }, this.token);
  }

  /**
   * True when `dir` holds a complete, consistent store of the current version (manifest present, checksums of the
   * manifest, offsets and chunk checksums correct, file sizes match). Data chunks are verified when read.
   * @param fingerprint - When given, the manifest's fingerprint must equal it.
   */
  static isValid(dir: string, fingerprint?: string): boolean {
    try {
      const store = RowStore.open(dir, { verifyInBackground: false });
      const ok = fingerprint === undefined || store.manifest.fingerprint === fingerprint;
      store.close();
      return ok;
    } catch {
      return false;
    }
  }

  /**
   * Opens a finished store.
   * @throws CrucibleError("STORE") when the directory is missing, unfinished (no manifest) or of another version.
   * @throws IntegrityError when a checksum or a file size does not match (the store is then marked damaged).
   * @param options - See {@link RowStoreOpenOptions}.
   */
  static open(dir: string, options: RowStoreOpenOptions = {}): RowStore {
    const manifest = RowStore.readManifest(dir);
    if (endianness() !== "LE") throw storeError("Row stores are little-endian; this machine is big-endian", dir);
    const n = manifest.numRows;
    const sums = manifest.checksums;
    if (!Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(manifest.dataBytes) || manifest.dataBytes < 0 || sums === undefined) {
      throw damaged("manifest.json has invalid numRows, dataBytes or checksums", dir, { file: join(dir, MANIFEST_FILE) });
    }
    const chunks = Math.ceil(manifest.dataBytes / sums.chunkBytes);
    if (sums.algorithm !== "crc32" || !Number.isInteger(sums.chunkBytes) || sums.chunkBytes < 64 || sums.chunks !== chunks) {
      throw damaged("manifest.json has invalid checksum parameters", dir, { file: join(dir, MANIFEST_FILE) });
    }
    let dataFd: number | undefined;
    try {
      const offsets = new Float64Array(n + 1);
      RowStore.readChecked(dir, OFFSETS_FILE, new Uint8Array(offsets.buffer), sums.offsetsCrc32);
      if (offsets[0] !== 0 || offsets[n] !== manifest.dataBytes) {
        throw damaged(`offsets.bin spans ${String(offsets[0])}..${String(offsets[n])}, manifest says 0..${manifest.dataBytes}`, dir, {
          file: join(dir, OFFSETS_FILE),
        });
      }
      const chunkCrcs = new Uint32Array(chunks);
      RowStore.readChecked(dir, CHECKSUMS_FILE, new Uint8Array(chunkCrcs.buffer), sums.checksumsCrc32);
      dataFd = openSync(join(dir, DATA_FILE), "r");
      const stat = fstatSync(dataFd);
      if (stat.size !== manifest.dataBytes) {
        throw damaged(`data.bin has ${stat.size} bytes, manifest says ${manifest.dataBytes}`, dir, { file: join(dir, DATA_FILE) });
      }
      const background = options.verifyInBackground ?? manifest.dataBytes >= BACKGROUND_VERIFY_MIN_BYTES;
      const job = background
        ? startBackgroundVerify({
            path: join(dir, DATA_FILE),
            dev: stat.dev,
            ino: stat.ino,
            size: stat.size,
            chunkBytes: sums.chunkBytes,
            crcs: chunkCrcs,
          })
        : undefined;
      return new RowStore(dir, manifest, offsets, chunkCrcs, dataFd, job);
    } catch (cause) {
      if (dataFd !== undefined) closeSync(dataFd);
      if (CrucibleError.isInstance(cause)) throw cause;
      throw storeError("Could not open the row store", dir, cause);
    }
  }

  /** Parses and checks the manifest: format, version, then its CRC. */
  private static readManifest(dir: string): RowStoreManifest {
    const file = join(dir, MANIFEST_FILE);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (cause) {
      throw storeError("Not a complete row store: manifest.json is missing or unreadable", dir, cause);
    }
    let manifest: RowStoreManifest;
    try {
      manifest = JSON.parse(text) as RowStoreManifest;
    } catch {
      throw damaged("manifest.json is not valid JSON", dir, { file });
    }
    if (typeof manifest !== "object" || manifest === null || manifest.format !== STORE_FORMAT) {
      throw storeError(`Not a row store: manifest format ${String((manifest as Partial<RowStoreManifest> | null)?.format)}`, dir);
    }
    if (manifest.version !== STORE_VERSION) {
      throw storeError(
        `Unsupported row store format ${String(manifest.format)} v${String(manifest.version)} (this version reads v${STORE_VERSION})`,
        dir,
      );
    }
    const tail = MANIFEST_CRC_TAIL.exec(text);
    if (tail === null || crc32(Buffer.from(text.slice(0, tail.index), "utf8")) !== Number(tail[1])) {
      throw damaged("manifest.json fails its CRC-32 check", dir, { file });
    }
    return manifest;
  }

  /** Reads a whole small file of exactly `into.length` bytes and checks its CRC-32. */
  private static readChecked(dir: string, name: string, into: Uint8Array, expected: number): void {
    const file = join(dir, name);
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      if (size !== into.length) throw damaged(`${name} has ${size} bytes, expected ${into.length}`, dir, { file });
      if (readAllSync(fd, into) !== into.length) throw damaged(`${name} is truncated`, dir, { file });
    } finally {
      closeSync(fd);
    }
    if (crc32(into) !== expected) throw damaged(`${name} fails its CRC-32 check`, dir, { file });
  }

  private readInto(buf: Buffer, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const r = readSync(this.fd, buf, done, length - done, position + done);
      if (r === 0) throw damaged(`Unexpected end of data.bin at byte ${position + done}`, this.dir, { file: join(this.dir, DATA_FILE) });
      done += r;
    }
  }

  /** True when chunk `c` was verified, by this thread or by the background verifier. */
  private isVerified(c: number): boolean {
    if (this.verified[c] === 1) return true;
    if (this.job === undefined || Atomics.load(this.state, c) !== ChunkState.VERIFIED) return false;
    this.verified[c] = 1;
    return true;
  }

  /**
   * Verifies the chunks held in `buf[0, length)`, which starts at the chunk-aligned file offset `position` and
   * ends at a chunk boundary or at the end of data.bin. A chunk the background verifier has not marked verified is
   * checked here (claimed first, so that the worker skips it), whatever the worker is doing with it.
   */
  private verifyChunks(buf: Buffer, length: number, position: number, row?: number): void {
    const size = this.chunkBytes;
    for (let at = 0; at < length; at += size) {
      const c = (position + at) / size;
      if (this.isVerified(c)) continue;
      if (this.job !== undefined) Atomics.compareExchange(this.state, c, ChunkState.PENDING, ChunkState.MAIN);
      const end = Math.min(at + size, length);
      this.inlineChecks++;
      if (crc32(buf.subarray(at, end)) !== this.chunkCrcs[c]) {
        Atomics.store(this.state, c, ChunkState.DAMAGED);
        throw damaged(`data.bin chunk ${c} (bytes ${position + at}..${position + end - 1}) fails its CRC-32 check`, this.dir, {
          file: join(this.dir, DATA_FILE),
          byteOffset: position + at,
          ...(row !== undefined ? { row } : {}),
        });
      }
      Atomics.store(this.state, c, ChunkState.VERIFIED);
      this.verified[c] = 1;
    }
  }

  /**
   * Loads the chunk-aligned window holding `[start, end)` (at least `minBytes` when the file has them) and
   * verifies its chunks.
   */
  private loadWindow(start: number, end: number, minBytes: number, row: number): void {
    const size = this.chunkBytes;
    const first = start - (start % size);
    const last = Math.min(this.manifest.dataBytes, Math.ceil(Math.max(end, first + minBytes) / size) * size);
    const want = last - first;
    if (this.window.length < want) this.window = Buffer.allocUnsafe(Math.max(want, Math.min(WINDOW, this.manifest.dataBytes)));
    // Invalidate first: a failed read or check must not leave a half-loaded window in use.
    this.windowStart = 0;
    this.windowEnd = 0;
    // A sequential reader tells the background verifier where it is, so that it works ahead of it.
    if (this.job !== undefined && minBytes > 0) Atomics.store(this.job.ctl, CTL_HINT, Math.floor(last / size));
    this.readInto(this.window, want, first);
    this.verifyChunks(this.window, want, first, row);
    this.windowStart = first;
    this.windowEnd = last;
  }

  /**
   * Row `i` (0 ≤ i < numRows), decoded.
   * @throws CrucibleError("STORE") when the store was closed.
   * @throws IntegrityError when a chunk holding the row fails its CRC-32 check (the store is marked damaged).
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
    const size = this.chunkBytes;
    let checked = true;
    for (let c = Math.floor(start / size), last = Math.floor((end - 1) / size); c <= last; c++) {
      if (!this.isVerified(c)) {
        checked = false;
        break;
      }
    }
    if (sequential || !checked) {
      // Sequential reads take a 1 MiB read-ahead window; a random read of unverified chunks loads just them.
      this.loadWindow(start, end, sequential ? WINDOW : 0, i);
      return decodeRecord(this.window, start - this.windowStart, end - this.windowStart, { file: this.dir, row: i });
    }
    if (this.scratch.length < len) this.scratch = Buffer.allocUnsafe(Math.max(len, this.scratch.length * 2));
    this.readInto(this.scratch, len, start);
    return decodeRecord(this.scratch, 0, len, { file: this.dir, row: i });
  }

  /**
   * Reads and verifies every data chunk (the other files were verified by {@link RowStore.open}).
   * @throws IntegrityError naming the first damaged chunk (the store is then marked damaged).
   */
  verify(): void {
    if (this.fd < 0) throw new CrucibleError("STORE", "Row store is closed", { file: this.dir });
    this.job?.cancel(); // this thread checks everything now: the worker would only repeat it
    const step = Math.max(this.chunkBytes, Math.floor(WINDOW / this.chunkBytes) * this.chunkBytes);
    const buf = Buffer.allocUnsafe(Math.min(step, Math.max(this.manifest.dataBytes, 1)));
    for (let at = 0; at < this.manifest.dataBytes; at += step) {
      const len = Math.min(step, this.manifest.dataBytes - at);
      this.readInto(buf, len, at);
      const from = at / this.chunkBytes;
      const to = Math.ceil((at + len) / this.chunkBytes);
      this.verified.fill(0, from, to);
      for (let c = from; c < to; c++) Atomics.store(this.state, c, ChunkState.PENDING);
      this.verifyChunks(buf, len, at);
    }
  }

  /** Size of the record data in bytes. */
  get dataBytes(): number {
    return this.manifest.dataBytes;
  }

  /**
   * Counts of data chunks: all, verified (by either thread), found damaged, and checked by this thread itself.
   * @internal For tests and benchmarks.
   */
  verificationStats(): { chunks: number; verified: number; damaged: number; inline: number; background: boolean } {
    let verified = 0;
    let bad = 0;
    for (let c = 0; c < this.state.length; c++) {
      const s = Atomics.load(this.state, c);
      if (s === ChunkState.VERIFIED) verified++;
      else if (s === ChunkState.DAMAGED) bad++;
    }
    return { chunks: this.state.length, verified, damaged: bad, inline: this.inlineChecks, background: this.job !== undefined };
  }

  /** Closes the file descriptor and stops the background verification of this store. Further `get` calls throw. */
  close(): void {
    if (this.fd >= 0) {
      this.job?.cancel();
      registry.unregister(this.token);
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

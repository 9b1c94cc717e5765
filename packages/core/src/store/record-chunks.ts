import { binaryBound, writeBinary } from "./binary.js";
import { encodeRecord } from "./encoding.js";

/**
 * A run of encoded row-store records: `data[ends[i-1], ends[i])` is record `i` (`ends[-1]` = 0), each encoded as
 * {@link RowStoreWriter.append} encodes a row (binary when exact, else tagged JSON/v8), so appending the chunk
 * with `RowStoreWriter.appendEncoded` writes the same bytes as appending the rows one by one.
 */
export interface EncodedChunk {
  /** The records, back to back. */
  data: Uint8Array;
  /** End offset of each record in `data`. */
  ends: Float64Array;
}

/** Default target size of a chunk: 4 MiB (the row store's write chunk). */
const CHUNK_BYTES = 4 << 20;

/**
 * Encodes rows into {@link EncodedChunk}s of about `chunkBytes` (a single larger row gets a chunk of its own),
 * for producers that encode away from the writer (a worker thread) and hand over whole buffers.
 */
export class RecordChunkEncoder {
  private buf: Buffer;
  private len = 0;
  private ends: number[] = [];

  /**
   * @param chunkBytes - Target chunk size in bytes. Default 4 MiB.
   * @param spare - Buffers of taken chunks handed back for reuse (their pages are already mapped, which on
   *   some VMs matters more than the copying itself); the encoder pops from it. Default: none.
   */
  constructor(
    private readonly chunkBytes: number = CHUNK_BYTES,
    private readonly spare: ArrayBuffer[] = [],
  ) {
    this.buf = this.fresh();
  }

  private fresh(): Buffer {
    for (;;) {
      const reuse = this.spare.pop();
      if (reuse === undefined) return Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, 1));
      if (reuse.byteLength >= this.chunkBytes) return Buffer.from(reuse);
    }
  }

  /** Rows encoded and not yet taken by {@link RecordChunkEncoder.take}. */
  get pending(): number {
    return this.ends.length;
  }

  /** Bytes encoded and not yet taken. */
  get bytes(): number {
    return this.len;
  }

  /**
   * Encodes one row.
   * @returns A full chunk when the row did not fit in the current one (the row starts the next chunk), else undefined.
   */
  push(row: unknown): EncodedChunk | undefined {
    let full: EncodedChunk | undefined;
    const bound = binaryBound(row);
    if (bound >= 0) {
      if (this.len + bound > this.buf.length && this.len > 0) full = this.take();
      if (bound > this.buf.length) this.buf = Buffer.allocUnsafeSlow(bound);
      const end = writeBinary(this.buf, this.len, row);
      if (end >= 0) {
        this.len = end;
        this.ends.push(end);
        return full;
      }
    }
    const rec = encodeRecord(row);
    // (when the binary attempt above already took a chunk, the buffer is empty here)
    if (this.len + rec.length > this.buf.length && this.len > 0) full = this.take();
    if (rec.length > this.buf.length) this.buf = Buffer.allocUnsafeSlow(rec.length);
    rec.copy(this.buf, this.len);
    this.len += rec.length;
    this.ends.push(this.len);
    return full;
  }

  /**
   * Appends a row already written as a binary record (tag byte first) in `src[start, end)`, starting a new chunk
   * exactly when {@link RecordChunkEncoder.push} would for that row.
   * @param bound - The row's `binaryBound` (which decides the chunking, as in `push`).
   * @returns A full chunk when the row did not fit in the current one, else undefined.
   */
  pushBinary(src: Uint8Array, start: number, end: number, bound: number): EncodedChunk | undefined {
    let full: EncodedChunk | undefined;
    if (this.len + bound > this.buf.length && this.len > 0) full = this.take();
    if (bound > this.buf.length) this.buf = Buffer.allocUnsafeSlow(bound);
    const n = end - start;
    const buf = this.buf;
    let o = this.len;
    if (n < 64) for (let i = start; i < end; i++) buf[o++] = src[i] as number;
    else buf.set(src.subarray(start, end), o);
    this.len += n;
    this.ends.push(this.len);
    return full;
  }

  /**
   * True when a row whose `binaryBound` lies in [lo, hi] is chunked the same whatever its exact bound (so a
   * writer that knows only the interval need not compute the exact value).
   */
  chunksAlike(lo: number, hi: number): boolean {
    const free = this.buf.length - this.len;
    if (hi <= free) return true;
    // Starts a new chunk either way; a fresh buffer holds at least chunkBytes, so it is not grown either way.
    return this.len > 0 && lo > free && hi <= this.chunkBytes;
  }

  /** Takes what is encoded so far as a chunk (empty when nothing is pending) and starts a new one. */
  take(): EncodedChunk {
    const data = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.len);
    const out: EncodedChunk = { data, ends: Float64Array.from(this.ends) };
    this.buf = this.fresh();
    this.len = 0;
    this.ends = [];
    return out;
  }
}

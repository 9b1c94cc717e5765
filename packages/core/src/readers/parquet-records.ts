import { isAscii } from "node:buffer";
import type { CrucibleError } from "@crucible/types";
import type { AsyncBuffer, FileMetaData } from "hyparquet";
import {
  TAG_BINARY,
  T_ARRAY,
  T_ASCII,
  T_BYTES,
  T_F64,
  T_FALSE,
  T_I32,
  T_I64,
  T_NULL,
  T_OBJECT,
  T_TRUE,
  T_UNDEFINED,
  T_UTF8,
} from "../store/binary.js";
import type { EncodedChunk, RecordChunkEncoder } from "../store/record-chunks.js";
import { parquetCompressors } from "./compressors.js";
import { DirectUnsupported, LeafCursor, utf16Length, verbatimUtf8 } from "./parquet-leaf-pages.js";
import { toParquetError } from "./parquet-errors.js";
import { DEFAULT_PARQUET_BATCH_ROWS } from "./parquet.js";
import { ColumnReadError, groupBatchRows, type WindowOptions } from "./parquet-pages.js";
import { LeafKind, type ListNode, type PlanNode, type RecordPlan, type StructNode } from "./parquet-record-plan.js";

/** Byte windows per column chunk, as a full `readParquet` scan reads them. */
const WINDOWS: WindowOptions = { initialBytes: 1 << 20, maxBytes: 4 << 20, readAheadAfter: 0 };

/** Value encodings (and level encodings, as listed in column chunk metadata) the direct path decodes. */
const ENCODINGS = new Set(["PLAIN", "RLE", "BIT_PACKED", "PLAIN_DICTIONARY", "RLE_DICTIONARY"]);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const textDecoder = new TextDecoder();
/** Up to this many bytes, a byte loop beats a native call on a subarray (which allocates a view). */
const SHORT = 48;

/**
 * Writes rows as binary row-store records from their leaf columns' levels and values, one row at a time into a
 * scratch buffer, tracking the row's `binaryBound` (which decides chunk boundaries) alongside.
 */
class RowWriter {
  buf = Buffer.allocUnsafe(1 << 16);
  /** `buf` as a plain Uint8Array (its `subarray` makes no Buffer object). */
  bytes = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  o = 0;
  /** Bound of what is written, but for 3 × the UTF-16 length of each non-ASCII string copied verbatim. */
  known = 0;
  /** Bytes of the non-ASCII strings copied verbatim (3 × their UTF-16 length lies between this and 3 × this). */
  wide = 0;
  /** Start and length in `buf` of each such string. */
  wideAt: number[] = [];
  /** Type byte of a null list or struct: `readParquet` leaves them `undefined` in row groups it does not normalise. */
  nullContainer = new Uint8Array(0);

  constructor(
    readonly plan: RecordPlan,
    readonly cursors: LeafCursor[],
  ) {}

  private ensure(n: number): void {
    if (this.o + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.o + n, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.o);
    this.buf = grown;
    this.bytes = new Uint8Array(grown.buffer, grown.byteOffset, grown.length);
  }

  /**
   * Writes the next row's record into `buf[0, o)`. Its `binaryBound` lies in [known + wide, known + 3 × wide];
   * {@link RowWriter.exactBound} computes it when the chunking depends on where.
   */
  row(): void {
    this.o = 0;
    this.known = 1;
    this.wide = 0;
    this.wideAt.length = 0;
    for (const c of this.cursors) if (c.repAt() !== 0) throw new Error(`parquet column ${c.leaf.path}: rows out of step`);
    this.ensure(1);
    this.buf[this.o++] = TAG_BINARY;
    const fields = this.plan.row.fields;
    this.ensure(5);
    this.header(T_OBJECT, fields.length);
    this.known += this.plan.row.bound;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f] as StructNode["fields"][number];
      this.key(field.key);
      this.node(field.node, this.nullContainer[f] as number);
    }
  }

  /** Exact `binaryBound` of the row just written. */
  exactBound(): number {
    let n = this.known;
    const at = this.wideAt;
    for (let k = 0; k < at.length; k += 2) n += 3 * utf16Length(this.buf, at[k] as number, (at[k] as number) + (at[k + 1] as number));
    return n;
  }

  private header(type: number, count: number): void {
    this.headerAt(this.o, type, count);
    this.o += 5;
  }

  /** A type byte and a u32 (little-endian) at `at`. */
  private headerAt(at: number, type: number, count: number): void {
    const b = this.bytes;
    b[at] = type;
    b[at + 1] = count;
    b[at + 2] = count >>> 8;
    b[at + 3] = count >>> 16;
    b[at + 4] = count >>> 24;
  }

  private key(key: Uint8Array): void {
    this.ensure(key.length);
    this.copy(key, 0, key.length);
  }

  private copy(src: Uint8Array, s: number, e: number): void {
    const buf = this.bytes;
    let o = this.o;
    if (e - s <= SHORT) for (let i = s; i < e; i++) buf[o++] = src[i] as number;
    else {
      buf.set(src.subarray(s, e), o);
      o += e - s;
    }
    this.o = o;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.o++] = b;
    this.known += 1;
  }

  /** Passes one entry of every leaf below a null or empty container. */
  private skip(from: number, to: number, def: number): void {
    for (let k = from; k < to; k++) {
      const c = this.cursors[k] as LeafCursor;
      // Leaves below one node share its ancestors, so a null or empty list there has the same level in each.
      if (c.defAt() !== def) throw new Error(`parquet column ${c.leaf.path}: definition level ${c.defAt()} where its siblings have ${def}`);
      c.next();
    }
  }

  /** Checks that every leaf below a list agrees with the first on where the list continues or ends. */
  private sameRep(n: ListNode, rep: number): void {
    for (let k = n.from + 1; k < n.to; k++) {
      const c = this.cursors[k] as LeafCursor;
      if (c.repAt() !== rep) throw new Error(`parquet column ${c.leaf.path}: repetition level ${c.repAt()} where its siblings have ${rep}`);
    }
  }

  private node(n: PlanNode, nullContainer: number): void {
    const c = this.cursors[n.from] as LeafCursor;
    const d = c.defAt();
    if (n.type === "leaf") {
      if (d < c.leaf.maxDef) {
        if (!n.optional || d !== n.def - 1) throw new Error(`parquet column ${c.leaf.path}: definition level ${d} out of place`);
        this.byte(T_NULL);
        c.next();
        return;
      }
      this.value(c, n.kind);
      c.next();
      return;
    }
    if (n.optional && d < n.def) {
      this.byte(nullContainer);
      this.skip(n.from, n.to, d);
      return;
    }
    if (n.type === "struct") {
      this.ensure(5);
      this.header(T_OBJECT, n.fields.length);
      this.known += n.bound;
      for (const field of n.fields) {
        this.key(field.key);
        this.node(field.node, nullContainer);
      }
      return;
    }
    this.list(n, c, d, nullContainer);
  }

  private list(n: ListNode, c: LeafCursor, d: number, nullContainer: number): void {
    this.ensure(5);
    this.known += 5;
    if (d <= n.def) {
      this.header(T_ARRAY, 0);
      this.skip(n.from, n.to, d);
      return;
    }
    const at = this.o;
    this.o += 5;
    let count = 0;
    for (;;) {
      this.node(n.element, nullContainer);
      count++;
      const rep = c.repAt();
      if (n.to - n.from > 1) this.sameRep(n, rep);
      if (rep !== n.rep) {
        if (rep > n.rep) throw new Error(`parquet column ${c.leaf.path}: repetition level ${rep} out of place`);
        break;
      }
    }
    this.headerAt(at, T_ARRAY, count);
  }

  private value(c: LeafCursor, kind: LeafKind): void {
    const page = c.page;
    const v = c.v;
    if (v >= page.count) throw new Error(`parquet column ${c.leaf.path}: more values than the page holds`);
    if (page.index !== undefined) {
      const dict = page.dictionary as NonNullable<typeof page.dictionary>;
      const x = page.index[v] as number;
      const s = dict.offsets[x] as number;
      const e = dict.offsets[x + 1] as number;
      this.ensure(e - s);
      this.copy(dict.data, s, e);
      this.known += dict.bounds[x] as number;
      return;
    }
    if (page.starts !== undefined) {
      const src = page.bytes as Uint8Array;
      const s = page.starts[v] as number;
      const len = (page.lengths as Int32Array)[v] as number;
      const e = s + len;
      if (kind === LeafKind.String) this.string(src, s, e);
      else {
        this.ensure(5 + len);
        this.header(T_BYTES, len);
        this.copy(src, s, e);
        this.known += 5 + len;
      }
      return;
    }
    const value = (page.values as ArrayLike<unknown>)[v];
    if (kind === LeafKind.Bool) {
      this.byte(value ? T_TRUE : T_FALSE);
      return;
    }
    if (kind === LeafKind.Bytes) {
      const bytes = value as Uint8Array;
      this.ensure(5 + bytes.length);
      this.header(T_BYTES, bytes.length);
      this.copy(bytes, 0, bytes.length);
      this.known += 5 + bytes.length;
      return;
    }
    this.known += 9;
    this.ensure(9);
    if (kind !== LeafKind.Int64) this.number(value as number);
    else {
      const big = value as bigint;
      if (big <= MAX_SAFE && big >= MIN_SAFE) this.number(Number(big));
      else {
        this.buf[this.o] = T_I64;
        this.buf.writeBigInt64LE(big, this.o + 1);
        this.o += 9;
      }
    }
  }

  /** A number as the binary writer puts it: int32 when it is one (and not -0), else float64. */
  private number(x: number): void {
    const buf = this.buf;
    if ((x | 0) === x && !Object.is(x, -0)) {
      buf[this.o] = T_I32;
      buf.writeInt32LE(x, this.o + 1);
      this.o += 5;
    } else {
      buf[this.o] = T_F64;
      buf.writeDoubleLE(x, this.o + 1);
      this.o += 9;
    }
  }

  private string(src: Uint8Array, s: number, e: number): void {
    const len = e - s;
    this.ensure(5 + len);
    let type: number;
    if (len <= SHORT) {
      // Copy and test for ASCII in one pass.
      const buf = this.bytes;
      let o = this.o + 5;
      let high = 0;
      for (let i = s; i < e; i++) {
        const b = src[i] as number;
        high |= b;
        buf[o++] = b;
      }
      type = high < 0x80 ? T_ASCII : verbatimUtf8(src, s, e) ? T_UTF8 : -1;
    } else {
      const view = src.subarray(s, e);
      type = isAscii(view) ? T_ASCII : verbatimUtf8(view, 0, len) ? T_UTF8 : -1;
      if (type >= 0) this.bytes.set(view, this.o + 5);
    }
    if (type === T_ASCII) {
      this.header(T_ASCII, len);
      this.o += len;
      this.known += 5 + 3 * len;
    } else if (type === T_UTF8) {
      this.header(T_UTF8, len);
      this.wideAt.push(this.o, len);
      this.o += len;
      this.known += 5;
      this.wide += len;
    } else {
      // What hyparquet returns (U+FFFD for invalid sequences, a leading BOM dropped), encoded as the writer does.
      const str = textDecoder.decode(src.subarray(s, e));
      this.ensure(5 + 3 * str.length);
      const written = this.buf.write(str, this.o + 5, "utf8");
      this.header(written === str.length ? T_ASCII : T_UTF8, written);
      this.o += written;
      this.known += 5 + 3 * str.length;
    }
  }
}

/** Where {@link encodeRecordsDirect} stopped. @internal */
export interface DirectResult {
  /** Rows encoded (the first rows of the range). */
  rows: number;
  /** Why the rest of the range must take the `readParquet` path; undefined when every row was encoded. */
  fallback?: string;
  /**
   * Set when the direct path stopped on data it found corrupt (not merely unsupported): the typed error to throw
   * if `readParquet` then reads the rest without failing itself (so corrupt data is never returned).
   */
  corrupt?: CrucibleError;
}

/** An error of the consumer's `emit`: passed on, never a reason to fall back. */
class EmitError {
  constructor(readonly cause: unknown) {}
}

/** What {@link encodeRecordsDirect} needs. @internal */
export interface DirectInput {
  file: AsyncBuffer;
  /** Name shown in errors. */
  name: string;
  metadata: FileMetaData;
  plan: RecordPlan;
  rowStart: number;
  rowEnd: number;
}

/** Opens a cursor on each leaf column of the plan in a row group, or says why the direct path cannot read it. */
function openCursors(input: DirectInput, group: number): LeafCursor[] | string {
  const chunks = new Map<string, NonNullable<FileMetaData["row_groups"][number]["columns"][number]["meta_data"]>>();
  for (const chunk of input.metadata.row_groups[group]?.columns ?? []) {
    if (chunk.file_path) return "column chunks in another file";
    if (chunk.meta_data) chunks.set(JSON.stringify(chunk.meta_data.path_in_schema), chunk.meta_data);
  }
  const cursors: LeafCursor[] = [];
  for (const leaf of input.plan.leaves) {
    const meta = chunks.get(leaf.key);
    if (meta === undefined) return `no column chunk for ${leaf.path} in row group ${group}`;
    const other = meta.encodings.find((e) => !ENCODINGS.has(e));
    if (other !== undefined) return `${other} encoding in ${leaf.path}`;
    cursors.push(new LeafCursor(leaf, input.file, meta, parquetCompressors, WINDOWS));
  }
  return cursors;
}

/** True when some leaf column chunk of `column` in the row group may hold nulls (or has no statistics). */
function chunkNullCount(metadata: FileMetaData, group: number, column: string): boolean {
  let found = false;
  for (const chunk of metadata.row_groups[group]?.columns ?? []) {
    const meta = chunk.meta_data;
    if (meta?.path_in_schema[0] !== column) continue;
    found = true;
    if (meta.statistics?.null_count !== 0n) return true;
  }
  return !found;
}

/**
 * Encodes rows [rowStart, rowEnd) of a Parquet file into `encoder` as binary row-store records written straight
 * from the decoded pages (levels and values), without building JavaScript rows: the same records, byte for byte,
 * as `readParquet` and {@link RecordChunkEncoder.push} give, and the same chunk boundaries. Stops at the first
 * row it cannot write (an encoding it does not decode, or data it finds corrupt) and says why, so the caller can
 * go on from there with `readParquet`; for corrupt data it also returns the typed error (file, row group, rows,
 * column, byte offset) to throw should `readParquet` not fail on its own.
 * @param emit - Receives each full chunk; decoding waits for a returned promise. Its errors are rethrown.
 * @internal
 */
export async function encodeRecordsDirect(
  input: DirectInput,
  encoder: RecordChunkEncoder,
  emit: (chunk: EncodedChunk) => void | Promise<void>,
): Promise<DirectResult> {
  let rows = 0;
  const where = { group: 0, row: 0, end: 0 };
  try {
    const { metadata, plan } = input;
    let groupStart = 0;
    for (let group = 0; group < metadata.row_groups.length; group++) {
      const rowGroup = metadata.row_groups[group] as FileMetaData["row_groups"][number];
      const groupEnd = groupStart + Number(rowGroup.num_rows);
      const start = Math.max(input.rowStart, groupStart);
      const end = Math.min(input.rowEnd, groupEnd);
      const first = groupStart;
      groupStart = groupEnd;
      if (start >= end) continue;
      const cursors = openCursors(input, group);
      if (typeof cursors === "string") return { rows, fallback: cursors };
      const writer = new RowWriter(plan, cursors);
      // readParquet normalises a nested column's values (undefined → null) unless its statistics show no nulls.
      writer.nullContainer = Uint8Array.from(plan.columns, (column, k) =>
        plan.int64[k] === true || chunkNullCount(metadata, group, column) ? T_NULL : T_UNDEFINED,
      );
      const batch = groupBatchRows(rowGroup, plan.tops, DEFAULT_PARQUET_BATCH_ROWS);
      let at = start - first;
      const stop = end - first;
      if (at > 0) {
        await Promise.all(cursors.map((c) => c.fill(at + 1)));
        for (const c of cursors) c.skipRows(at);
      }
      where.group = group;
      while (at < stop) {
        const target = Math.min(stop, at + batch);
        where.row = first + at;
        where.end = first + target;
        await Promise.all(cursors.map((c) => c.fill(target)));
        let upto = target;
        for (const c of cursors) upto = Math.min(upto, c.completeRows());
        if (upto <= at) throw new Error(`parquet row group ${group} ends after ${upto} rows`);
        for (; at < upto; at++) {
          writer.row();
          let bound = writer.known + 3 * writer.wide;
          if (writer.wide > 0 && !encoder.chunksAlike(writer.known + writer.wide, bound)) bound = writer.exactBound();
          const full = encoder.pushBinary(writer.bytes, 0, writer.o, bound);
          rows++;
          if (full) {
            try {
              await emit(full);
            } catch (cause) {
              throw new EmitError(cause);
            }
          }
        }
      }
    }
    return { rows };
  } catch (e) {
    if (e instanceof EmitError) throw e.cause;
    const inner = e instanceof ColumnReadError ? e.inner : e;
    if (inner instanceof DirectUnsupported) return { rows, fallback: inner.message };
    const corrupt = toParquetError(inner, {
      file: input.name,
      size: input.file.byteLength,
      rowGroup: where.group,
      rowStart: where.row,
      rowEnd: where.end,
      ...(e instanceof ColumnReadError ? { field: e.field, byteOffset: e.byteOffset } : {}),
    });
    return { rows, fallback: corrupt.message, corrupt };
  }
}

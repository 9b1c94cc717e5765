import type { AsyncBuffer, ColumnMetaData, Compressors, FileMetaData, SchemaTree } from "hyparquet";
import { assembleNested } from "hyparquet/src/assemble.js";
import { parquetHeader, readPage } from "hyparquet/src/column.js";
import { convert, convertWithDictionary, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { decompressPage, readDataPage, readDataPageV2 } from "hyparquet/src/datapage.js";
import { getMaxDefinitionLevel, getTreePath, isFlatColumn } from "hyparquet/src/schema.js";
import { NestedLevels, v2NullCount } from "./parquet-levels.js";
import type { Row } from "@crucible/types";

type Decoder = Parameters<typeof readPage>[2];
type DecodedArray = NonNullable<Parameters<typeof readPage>[3]>;

/** Byte read-ahead of one column chunk: the first read, and the cap it doubles up to. */
export interface WindowOptions {
  /** First read of a column chunk, in bytes. */
  initialBytes: number;
  /** Largest read (the window doubles per read up to this); one more window is fetched ahead while decoding. */
  maxBytes: number;
  /**
   * Reads of a column chunk after which the next window is fetched ahead while decoding: 0 reads ahead from the start
   * (a full scan); 2 lets a peek at the first rows cost only the pages it decodes.
   */
  readAheadAfter: number;
}

/** A failure while decoding one column chunk: which column and which page. @internal */
export class ColumnReadError extends Error {
  constructor(
    readonly inner: unknown,
    readonly field: string,
    readonly byteOffset: number,
  ) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

const EMPTY = new Uint8Array(0);
/** Bytes to try for a page header before the first parse attempt (grown when too short). */
const HEADER_GUESS = 1 << 14;

/** A page of a column chunk as {@link ChunkPages.next} returns it. @internal */
export interface ChunkPage {
  header: PageHeader;
  /** The page body (compressed as stored), valid until the next call to `next`. */
  body: Uint8Array;
  /** Byte offset of the page header in the file. */
  offset: number;
}

type PageHeader = ReturnType<typeof parquetHeader>;

/**
 * The pages of one column chunk, read through a bounded byte window (doubling per read up to
 * {@link WindowOptions.maxBytes}, with one more window read ahead while the caller decodes). Only the bytes of the
 * window are held. Throws a {@link ColumnReadError} naming the column and page offset when a page is cut short.
 * @internal
 */
export class ChunkPages {
  readonly top: string;
  readonly path: string;
  private readonly end: number;
  /** Bytes from the current position on (contiguous), then the windows read after them. */
  private buf: Uint8Array = EMPTY;
  private more: Uint8Array[] = [];
  private bufStart: number;
  private fetched: number;
  private pending: Promise<Uint8Array> | undefined;
  private window: number;
  private reads = 0;

  constructor(
    private readonly file: AsyncBuffer,
    meta: ColumnMetaData,
    private readonly windows: WindowOptions,
  ) {
    this.top = meta.path_in_schema[0] as string;
    this.path = meta.path_in_schema.join(".");
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.bufStart = start;
    this.fetched = start;
    this.end = start + Number(meta.total_compressed_size);
    this.window = windows.initialBytes;
  }

  /** Byte offset of the next page. */
  get position(): number {
    return this.bufStart;
  }

  /** True when every page has been read. */
  get done(): boolean {
    return this.bufStart >= this.end - 1;
  }

  private read(start: number, end: number): Promise<Uint8Array> {
    return Promise.resolve(this.file.slice(start, end)).then((b) => {
      const bytes = new Uint8Array(b);
      if (bytes.length < end - start)
        throw new Error(`parquet column chunk ${this.path} runs past the end of the file (bytes ${start}–${end})`);
      return bytes.length > end - start ? bytes.subarray(0, end - start) : bytes;
    });
  }

  /**
   * Makes at least `bytes` bytes from the current position available in `buf` (fewer at the end of the chunk).
   * Only the bytes asked for are joined when they span two windows (the page that straddles the boundary); the
   * rest of the next window stays a view, so the windows are not copied.
   */
  private async ensure(bytes: number): Promise<void> {
    const need = Math.min(bytes, this.end - this.bufStart);
    while (this.buf.length === 0 && this.more.length > 0) this.buf = this.more.shift() as Uint8Array;
    let have = this.fetched - this.bufStart;
    while (have < need) {
      let data: Uint8Array;
      if (this.pending) {
        data = await this.pending;
        this.pending = undefined;
      } else {
        data = await this.read(this.fetched, Math.min(this.end, Math.max(this.bufStart + need, this.fetched + this.window)));
      }
      if (this.buf.length === 0) this.buf = data;
      else this.more.push(data);
      have += data.length;
      this.fetched += data.length;
      this.reads++;
      this.window = Math.min(this.window * 2, this.windows.maxBytes);
    }
    if (this.buf.length < need) {
      const joined = new Uint8Array(need);
      joined.set(this.buf);
      let k = this.buf.length;
      while (k < need) {
        const next = this.more[0] as Uint8Array;
        const n = Math.min(next.length, need - k);
        joined.set(n === next.length ? next : next.subarray(0, n), k);
        k += n;
        if (n === next.length) this.more.shift();
        else this.more[0] = next.subarray(n);
      }
      this.buf = joined;
    }
    // Read the next window while this one is decoded.
    if (!this.pending && this.fetched < this.end && this.reads > this.windows.readAheadAfter) {
      this.pending = this.read(this.fetched, Math.min(this.end, this.fetched + this.window));
      this.pending.catch(() => undefined);
    }
  }

  /** Reads the next page (header and body); undefined after the last one. */
  async next(): Promise<ChunkPage | undefined> {
    if (this.done) return undefined;
    const offset = this.bufStart;
    try {
      let want = Math.min(HEADER_GUESS, this.windows.initialBytes, this.end - this.bufStart);
      let header: PageHeader;
      let headerLen: number;
      for (;;) {
        await this.ensure(want);
        try {
          const reader = { view: new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength), offset: 0 };
          header = parquetHeader(reader);
          headerLen = reader.offset;
          if (headerLen <= this.buf.length) break;
        } catch (e) {
          if (this.bufStart + this.buf.length >= this.end) throw e;
        }
        if (this.bufStart + this.buf.length >= this.end)
          throw new Error(`parquet page header of ${this.path} runs past the end of its column chunk`);
        want = Math.max(want * 2, this.buf.length + 1);
      }
      const total = headerLen + header.compressed_page_size;
      await this.ensure(total);
      if (total > this.buf.length)
        throw new Error(`parquet page of ${this.path} runs past the end of its column chunk (${total} bytes, ${this.buf.length} left)`);
      const body = this.buf.subarray(headerLen, total);
      this.buf = this.buf.subarray(total);
      this.bufStart += total;
      if (this.done) this.close();
      return { header, body, offset };
    } catch (cause) {
      throw new ColumnReadError(cause, this.top, offset);
    }
  }

  /** Drops the window (the consumer stopped early, or the chunk ended). */
  close(): void {
    this.bufStart = Math.max(this.bufStart, this.end);
    this.buf = EMPTY;
    this.more = [];
    this.pending = undefined;
  }
}

/**
 * Decodes one column chunk page by page, holding only the compressed bytes of a bounded window (plus one window
 * read ahead) and the decoded values not yet taken. Mirrors hyparquet's `readColumn` (same page decoding, skipping
 * and continuation of rows across pages) but stops after each page instead of decoding the whole chunk.
 */
class ColumnCursor {
  readonly top: string;
  readonly path: string;
  private readonly flat: boolean;
  private readonly pages: ChunkPages;
  private dictionary: DecodedArray | undefined;
  /** Decoded values, row `base` first; the last one may be grown in place by the next page (hyparquet's `previousChunk`). */
  private segs: DecodedArray[] = [];
  /** Index of the first segment still held in `segs`. */
  private head = 0;
  /** Values held across the segments. */
  private count = 0;
  private last: DecodedArray | undefined;
  private base = 0;
  private done: boolean;
  /** Nested columns: pages held as levels and values, assembled a slice of rows at a time. */
  private readonly nested: NestedLevels | undefined;

  constructor(
    file: AsyncBuffer,
    meta: ColumnMetaData,
    private readonly decoder: Decoder,
    windows: WindowOptions,
  ) {
    this.pages = new ChunkPages(file, meta, windows);
    this.top = this.pages.top;
    this.path = this.pages.path;
    this.flat = isFlatColumn(decoder.schemaPath);
    this.nested = this.flat ? undefined : new NestedLevels(decoder.schemaPath);
    this.done = this.pages.done;
  }

  /** Byte offset of the next page. */
  get position(): number {
    return this.pages.position;
  }

  /** Rows held (decoded, not taken), including a nested row the next page may still continue. */
  private held(): number {
    return this.nested ? this.nested.rows : this.count;
  }

  /** Group-relative end of the rows that are fully decoded. */
  completeRows(): number {
    const held = this.held();
    return this.base + held - (this.flat || this.done || held === 0 ? 0 : 1);
  }

  /** Decodes the next page; `skipTo` is the first group-relative row wanted (earlier flat pages are skipped undecoded). */
  private async readNextPage(skipTo: number): Promise<void> {
    const page = await this.pages.next();
    if (page === undefined) {
      this.finish();
      return;
    }
    const { header, body } = page;
    try {
      const reader = { view: new DataView(body.buffer, body.byteOffset, body.byteLength), offset: 0 };
      if (header.type === "DICTIONARY_PAGE") {
        const { data } = readPage(reader, header, this.decoder, this.dictionary, undefined, 0);
        if (data) this.dictionary = convert(data, this.decoder);
      } else if (this.nested) {
        this.readNestedPage(this.nested, header, body);
      } else {
        const held = this.count;
        const lastLength = this.last?.length ?? 0;
        const result = readPage(reader, header, this.decoder, this.dictionary, this.last, skipTo - (this.base + held));
        if (result.skipped) {
          if (held === 0) {
            this.base += result.skipped;
          } else {
            // cannot happen with well-formed pages (skips come before any decoded row); keeps rows aligned
            this.segs.push(new Array(result.skipped));
            this.count += result.skipped;
          }
        } else if (result.data && result.data === this.last) {
          this.count += result.data.length - lastLength; // the previous row (or values) continued in place
        } else if (result.data?.length) {
          this.segs.push(result.data);
          this.last = result.data;
          this.count += result.data.length;
        }
      }
    } catch (cause) {
      throw new ColumnReadError(cause, this.top, page.offset);
    }
    if (this.pages.done) this.finish();
  }

  /** Decodes a data page of a nested column into levels and values (hyparquet's `readPage` without `assembleLists`). */
  private readNestedPage(nested: NestedLevels, header: PageHeader, bytes: Uint8Array): void {
    const d = this.decoder;
    let page: ReturnType<typeof readDataPage>;
    let length: number;
    let encoding: string;
    if (header.type === "DATA_PAGE") {
      const daph = header.data_page_header;
      if (!daph) throw new Error("parquet data page header is undefined");
      page = readDataPage(decompressPage(bytes, Number(header.uncompressed_page_size), d.codec, d.compressors), daph, d);
      length = daph.num_values;
      encoding = daph.encoding;
    } else if (header.type === "DATA_PAGE_V2") {
      const daph2 = header.data_page_header_v2;
      if (!daph2) throw new Error("parquet data page header v2 is undefined");
      const nulls = v2NullCount(bytes, daph2, getMaxDefinitionLevel(d.schemaPath));
      page = readDataPageV2(bytes, { ...header, data_page_header_v2: { ...daph2, num_nulls: nulls } }, d);
      length = daph2.num_values;
      encoding = daph2.encoding;
    } else {
      throw new Error(`parquet unsupported page type: ${header.type}`);
    }
    const values = convertWithDictionary(page.dataPage, this.dictionary, encoding as Parameters<typeof convertWithDictionary>[2], d);
    nested.push(page.definitionLevels, page.repetitionLevels, values, length);
  }

  private finish(): void {
    this.done = true;
    this.pages.close();
    this.dictionary = undefined;
  }

  /** Decodes pages until rows up to `target` (group-relative) are complete or the chunk ends. */
  async fill(skipTo: number, target: number): Promise<void> {
    while (!this.done && this.completeRows() < target) {
      await this.readNextPage(skipTo);
      // Rows before `skipTo` that had to be decoded (nested pages cannot be skipped blind) are dropped page by page.
      if (this.base < skipTo) this.discardTo(Math.min(skipTo, this.completeRows()));
    }
  }

  /** Drops held rows before `row` (group-relative). */
  discardTo(row: number): void {
    if (row <= this.base) return;
    const n = Math.min(row - this.base, this.held());
    if (this.nested) {
      this.nested.drop(n);
      this.base += n;
    } else {
      this.take(n);
    }
  }

  /** Removes and returns the next `count` held rows. */
  take(count: number): DecodedArray {
    if (count === 0) return [];
    if (this.nested) {
      const rows = this.nested.take(count);
      this.base += count;
      return rows;
    }
    this.base += count;
    this.count -= count;
    const first = this.segs[this.head] as DecodedArray;
    let out: DecodedArray;
    if (first.length === count && first !== this.last) {
      this.head++;
      out = first;
    } else if (first.length > count) {
      out = this.cut(first, count);
    } else {
      const acc: unknown[] = new Array(count);
      let k = 0;
      while (k < count) {
        const seg = this.segs[this.head] as DecodedArray;
        const n = Math.min(seg.length, count - k);
        for (let i = 0; i < n; i++) acc[k + i] = seg[i];
        k += n;
        if (n === seg.length && seg !== this.last) this.head++;
        else this.cut(seg, n);
      }
      out = acc as DecodedArray;
    }
    if (this.head > 64 && this.head * 2 > this.segs.length) {
      this.segs = this.segs.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Splits the first `n` values off the first held segment (in place for the array the next page may grow). */
  private cut(seg: DecodedArray, n: number): DecodedArray {
    if (Array.isArray(seg)) {
      if (seg === this.last) return seg.splice(0, n) as DecodedArray;
      this.segs[this.head] = seg.slice(n);
      return seg.slice(0, n) as DecodedArray;
    }
    const typed = seg as Exclude<DecodedArray, unknown[]>;
    const rest = typed.subarray(n);
    if (seg === this.last) this.last = rest;
    this.segs[this.head] = rest;
    return typed.subarray(0, n);
  }

  /** Drops every buffer (the consumer stopped early). */
  close(): void {
    this.finish();
    this.nested?.clear();
    this.segs = [];
    this.head = 0;
    this.count = 0;
    this.last = undefined;
  }
}

/** One row group to read: its index, file-wide first row, and the group-relative range [start, end). */
export interface GroupRange {
  group: number;
  groupStart: number;
  start: number;
  end: number;
}

/** What {@link readGroupBatches} needs besides the range. */
export interface GroupReadContext {
  file: AsyncBuffer;
  metadata: FileMetaData;
  schema: SchemaTree;
  /** Top-level columns to output, in output order (unique). */
  columns: SchemaTree[];
  batchRows: number;
  compressors: Compressors;
  windows: WindowOptions;
  /**
   * Yield as soon as the pages decoded so far complete at least one row (at most `batchRows`), instead of
   * decoding until a full batch is complete.
   */
  eager: boolean;
}

/**
 * Values (level entries) of nested columns a batch aims at: rows of long conversations (lists of structs of
 * lists) become many small arrays and objects, and a batch of them must die young (in V8's young generation)
 * rather than be copied into the old one. Flat columns count one value per row.
 */
export const NESTED_BATCH_VALUES = 8192;

/** Rows per batch for a row group: `batchRows`, fewer when its nested columns hold many values per row. */
export function groupBatchRows(rowGroup: FileMetaData["row_groups"][number], columns: readonly SchemaTree[], batchRows: number): number {
  const rows = Number(rowGroup.num_rows);
  if (rows === 0) return batchRows;
  const nested = new Set(
    columns.filter((c) => c.children.length > 0 || c.element.repetition_type === "REPEATED").map((c) => c.element.name),
  );
  if (nested.size === 0) return batchRows;
  let values = 0;
  for (const chunk of rowGroup.columns) {
    const meta = chunk.meta_data;
    if (meta && nested.has(meta.path_in_schema[0] as string)) values += Number(meta.num_values);
  }
  const perRow = values / rows + (columns.length - nested.size);
  return Math.max(1, Math.min(batchRows, Math.floor(NESTED_BATCH_VALUES / perRow)));
}

/**
 * Yields the rows of one row group's range in batches of at most `batchRows` (fewer for nested columns with many
 * values per row: {@link groupBatchRows}), decoding page by page: memory is
 * one batch of rows, the partly taken pages of each column and a bounded byte window per column chunk.
 * Rows have the keys of `columns` in that order; values are as hyparquet decodes them (not yet normalised).
 * @internal
 */
export async function* readGroupBatches(ctx: GroupReadContext, range: GroupRange): AsyncGenerator<Row[]> {
  const { metadata, schema } = ctx;
  const rowGroup = metadata.row_groups[range.group];
  if (!rowGroup) throw new Error(`parquet row group ${range.group} is missing`);
  const wanted = new Set(ctx.columns.map((c) => c.element.name));
  const cursors: ColumnCursor[] = [];
  for (const chunk of rowGroup.columns) {
    if (chunk.file_path) throw new Error("parquet file_path not supported");
    const meta = chunk.meta_data;
    if (!meta) throw new Error("parquet column metadata is undefined");
    if (!wanted.has(meta.path_in_schema[0] as string)) continue;
    const schemaPath = getTreePath(schema, meta.path_in_schema);
    const decoder = {
      pathInSchema: meta.path_in_schema,
      element: (schemaPath[schemaPath.length - 1] as SchemaTree).element,
      schemaPath,
      compressors: ctx.compressors,
      utf8: false,
      ...meta,
      parsers: { ...DEFAULT_PARSERS },
    } as Decoder;
    const cursor = new ColumnCursor(ctx.file, meta, decoder, ctx.windows);
    cursors.push(cursor);
  }
  const parts = ctx.columns.map((node) => {
    const name = node.element.name;
    const leaves = cursors.filter((c) => c.top === name);
    if (leaves.length === 0) throw new Error(`parquet column ${name} has no column chunk in row group ${range.group}`);
    return { node, name, leaves, nested: node.children.length > 0 };
  });
  const batchRows = groupBatchRows(rowGroup, ctx.columns, ctx.batchRows);
  try {
    for (let at = range.start; at < range.end; ) {
      const target = Math.min(range.end, at + batchRows);
      const want = ctx.eager ? at + 1 : target;
      await Promise.all(cursors.map((c) => c.fill(range.start, want)));
      let upto = target;
      for (const c of cursors) {
        c.discardTo(at);
        const complete = c.completeRows();
        if (complete < want) {
          throw new ColumnReadError(
            new Error(`parquet column chunk ${c.path} ends after ${complete} of ${Number(rowGroup.num_rows)} rows`),
            c.top,
            c.position,
          );
        }
        upto = Math.min(upto, complete);
      }
      const n = upto - at;
      const rows: Row[] = new Array(n);
      for (let i = 0; i < n; i++) rows[i] = {};
      for (const part of parts) {
        let data: ArrayLike<unknown>;
        if (!part.nested) {
          data = (part.leaves[0] as ColumnCursor).take(n);
        } else {
          const sub = new Map<string, DecodedArray>();
          for (const leaf of part.leaves) sub.set(leaf.path, leaf.take(n));
          try {
            assembleNested(sub, part.node, { ...DEFAULT_PARSERS });
          } catch (cause) {
            throw new ColumnReadError(cause, part.name, (part.leaves[0] as ColumnCursor).position);
          }
          const assembled = sub.get(part.name);
          if (!assembled) throw new ColumnReadError(new Error("parquet column data not assembled"), part.name, 0);
          data = assembled;
        }
        const name = part.name;
        for (let i = 0; i < n; i++) (rows[i] as Row)[name] = data[i];
      }
      at = upto;
      yield rows;
    }
  } finally {
    for (const c of cursors) c.close();
  }
}

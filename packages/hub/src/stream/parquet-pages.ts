import { parquetCompressors } from "@crucible/core";
import { DataFormatError } from "@crucible/types";
import { type AsyncBuffer, type ColumnMetaData, type Compressors, type FileMetaData, parquetMetadataAsync, parquetSchema, type SchemaTree } from "hyparquet";
import { assembleNested } from "hyparquet/src/assemble.js";
import { parquetHeader, readPage } from "hyparquet/src/column.js";
import { convert, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { getTreePath, isFlatColumn } from "hyparquet/src/schema.js";
import { normalizeRow } from "./normalize.js";

/** A row as Python `datasets` would give it, in JS form. */
export type Row = Record<string, unknown>;

/** Options of {@link streamParquetRows}. */
export interface StreamParquetOptions {
  /** Top-level columns to read. Default: all, in file order. */
  columns?: string[];
  /** Most rows per yielded batch. Default: 1000 (the first batch is what the first pages hold, capped by this). */
  batchRows?: number;
  /** Bytes fetched for the footer and for the first page header of each column chunk. Default: 16 KiB. */
  initialFetchBytes?: number;
  /** Extra bytes fetched after each page so the next page header needs no extra request. Default: 8 KiB. */
  lookaheadBytes?: number;
  /** Name for error messages. Default: `"<remote parquet>"`. */
  name?: string;
  /** Already-read metadata (saves the footer request). */
  metadata?: FileMetaData;
  /** Decompressors. Default: every codec (SNAPPY, GZIP, BROTLI, ZSTD, LZ4, LZ4_RAW), as core's readers. */
  compressors?: Compressors;
}

type Decoder = Parameters<typeof readPage>[2];

/** Largest read-ahead of one column cursor (bytes). */
const MAX_WINDOW = 8 << 20;

/** Reads one column chunk page by page from an AsyncBuffer, fetching only the bytes of the pages it decodes. */
class ColumnCursor {
  private buf = new Uint8Array(0);
  private bufStart: number;
  private fetched: number;
  private readonly end: number;
  private dictionary: unknown[] | undefined;
  private values: unknown[] = [];
  private base = 0;
  /** Read-ahead window: starts at the lookahead and doubles per page read, up to MAX_WINDOW. */
  private window: number;
  done = false;
  readonly flat: boolean;

  constructor(
    private readonly file: AsyncBuffer,
    meta: ColumnMetaData,
    readonly decoder: Decoder,
    private readonly initialFetch: number,
    private readonly lookahead: number,
  ) {
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.bufStart = start;
    this.fetched = start;
    this.end = start + Number(meta.total_compressed_size);
    this.flat = isFlatColumn(decoder.schemaPath);
    this.window = lookahead;
    if (this.end <= start) this.done = true;
  }

  /** Rows fully decoded so far (counted from the row group start). */
  get completeRows(): number {
    return this.base + this.values.length - (this.flat || this.done ? 0 : Math.min(1, this.values.length));
  }

  private async ensure(bytes: number): Promise<void> {
    const have = this.fetched - this.bufStart;
    if (have >= bytes || this.fetched >= this.end) return;
    // Fetch what is needed, or a whole read-ahead window when that is larger (fewer requests on long reads).
    const upto = Math.min(this.end, Math.max(this.bufStart + bytes, this.fetched + this.window));
    const data = new Uint8Array(await this.file.slice(this.fetched, upto));
    const merged = new Uint8Array(this.buf.length + data.length);
    merged.set(this.buf);
    merged.set(data, this.buf.length);
    this.buf = merged;
    this.fetched = this.bufStart + merged.length;
  }

  private consume(n: number): void {
    this.buf = this.buf.subarray(n);
    this.bufStart += n;
  }

  /** Decodes the next page (dictionary or data). */
  async readNextPage(): Promise<void> {
    if (this.done) return;
    // Header: fetch a window, grow it until the thrift header parses.
    let want = Math.min(this.initialFetch, this.end - this.bufStart);
    let header: ReturnType<typeof parquetHeader> | undefined;
    let headerLen = 0;
    for (;;) {
      await this.ensure(want);
      try {
        const reader = { view: new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength), offset: 0 };
        header = parquetHeader(reader);
        headerLen = reader.offset;
        if (headerLen <= this.buf.length) break;
      } catch (e) {
        if (this.fetched >= this.end) throw e;
      }
      want = Math.max(want * 2, 1024);
    }
    const total = headerLen + header.compressed_page_size;
    if (this.bufStart + total > this.end) {
      throw new DataFormatError(`Parquet page runs past the end of its column chunk (${this.decoder.pathInSchema.join(".")})`, {
        byteOffset: this.bufStart,
        field: this.decoder.pathInSchema.join("."),
      });
    }
    await this.ensure(Math.min(total + this.lookahead, this.end - this.bufStart));
    const reader = { view: new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength), offset: headerLen };
    if (header.type === "DICTIONARY_PAGE") {
      const { data } = readPage(reader, header, this.decoder, undefined, undefined, 0);
      if (data) this.dictionary = convert(data, this.decoder) as unknown[];
    } else {
      const previous = this.flat ? undefined : (this.values as Parameters<typeof readPage>[4]);
      const result = readPage(reader, header, this.decoder, this.dictionary as Parameters<typeof readPage>[3], previous, 0);
      if (result.data && result.data !== previous) {
        const data = result.data as ArrayLike<unknown>;
        for (let i = 0; i < data.length; i++) this.values.push(data[i]);
      }
    }
    this.consume(total);
    this.window = Math.min(this.window * 2, MAX_WINDOW);
    if (this.bufStart >= this.end) this.done = true;
  }

  /** Removes and returns rows [from, to) (group-relative; `from` must be the first row still held). */
  take(from: number, to: number): unknown[] {
    if (from !== this.base) throw new Error("ColumnCursor.take out of order");
    const out = this.values.slice(0, to - from);
    this.values.splice(0, to - from);
    this.base = to;
    return out;
  }
}

/**
 * Streams a Parquet file's rows over an AsyncBuffer (HTTP Range reads), page by page: the first batch costs the
 * footer plus the first page(s) of each selected column chunk, not whole row groups. Nested columns (lists,
 * structs, list<struct>) are assembled with hyparquet's own Dremel assembly; values are normalised like core's
 * `readParquet` (int64 → number when safe, nested `undefined` → null, binary stays Uint8Array).
 * @param file - Random-access bytes of the file.
 * @param options - See {@link StreamParquetOptions}.
 */
export async function* streamParquetRows(file: AsyncBuffer, options: StreamParquetOptions = {}): AsyncGenerator<Row[]> {
  const batchRows = options.batchRows ?? 1000;
  const initial = options.initialFetchBytes ?? 1 << 14;
  const lookahead = options.lookaheadBytes ?? 1 << 13;
  const name = options.name ?? "<remote parquet>";
  let metadata: FileMetaData;
  try {
    metadata = options.metadata ?? (await parquetMetadataAsync(file, { initialFetchSize: initial }));
  } catch (cause) {
    throw new DataFormatError(`Cannot read the Parquet footer: ${(cause as Error).message}`, { file: name, cause });
  }
  const schema = parquetSchema(metadata);
  const wanted = options.columns ? new Set(options.columns) : undefined;
  const children = schema.children.filter((c) => !wanted || wanted.has(c.element.name));
  if (wanted) {
    for (const c of wanted) {
      if (!schema.children.some((ch) => ch.element.name === c)) {
        throw new DataFormatError(`Column "${c}" is not in the Parquet file`, { file: name, field: c });
      }
    }
  }
  for (const [groupIndex, group] of metadata.row_groups.entries()) {
    const groupRows = Number(group.num_rows);
    if (groupRows === 0) continue;
    const cursors = new Map<string, ColumnCursor>();
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta) throw new DataFormatError("Parquet column metadata is missing", { file: name });
      const top = meta.path_in_schema[0] as string;
      if (wanted && !wanted.has(top)) continue;
      const schemaPath = getTreePath(schema, meta.path_in_schema);
      const decoder = {
        pathInSchema: meta.path_in_schema,
        element: (schemaPath[schemaPath.length - 1] as SchemaTree).element,
        schemaPath,
        type: meta.type,
        codec: meta.codec,
        compressors: options.compressors ?? parquetCompressors,
        utf8: false,
        parsers: { ...DEFAULT_PARSERS },
      } as Decoder;
      cursors.set(meta.path_in_schema.join("."), new ColumnCursor(file, meta, decoder, initial, lookahead));
    }
    let emitted = 0;
    while (emitted < groupRows) {
      const target = Math.min(groupRows, emitted + batchRows);
      try {
        await Promise.all(
          [...cursors.values()].map(async (c) => {
            // Always decode at least one more page when nothing new is complete.
            while (!c.done && c.completeRows < Math.min(target, emitted + 1)) await c.readNextPage();
          }),
        );
      } catch (cause) {
        if (cause instanceof DataFormatError) throw cause;
        throw new DataFormatError(`Corrupt Parquet data in row group ${groupIndex}: ${(cause as Error).message}`, { file: name, row: emitted, cause });
      }
      let available = groupRows;
      for (const c of cursors.values()) available = Math.min(available, c.done ? groupRows : c.completeRows);
      available = Math.min(available, target);
      if (available <= emitted) {
        throw new DataFormatError(`Corrupt Parquet data in row group ${groupIndex}: column chunks end before ${groupRows} rows`, { file: name, row: emitted });
      }
      const columns: Array<[string, unknown[]]> = [];
      for (const child of children) {
        const colName = child.element.name;
        if (child.children.length === 0) {
          columns.push([colName, (cursors.get(colName) as ColumnCursor).take(emitted, available)]);
        } else {
          const sub = new Map<string, unknown[]>();
          for (const [path, c] of cursors) if (path === colName || path.startsWith(`${colName}.`)) sub.set(path, c.take(emitted, available));
          assembleNested(sub as Parameters<typeof assembleNested>[0], child, DEFAULT_PARSERS);
          const assembled = sub.get(colName);
          if (!assembled) throw new DataFormatError(`Cannot assemble nested column "${colName}"`, { file: name, field: colName });
          columns.push([colName, assembled as unknown[]]);
        }
      }
      const rows: Row[] = new Array(available - emitted);
      for (let i = 0; i < rows.length; i++) {
        const row: Row = {};
        for (const [col, data] of columns) row[col] = data[i];
        rows[i] = normalizeRow(row);
      }
      emitted = available;
      yield rows;
    }
  }
}

import { CrucibleError, DataFormatError, InvalidArgumentError, featuresFromParquetMetadata, type Features } from "@crucible/types";
import { parquetMetadataAsync, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from "hyparquet";
import { parquetCompressors } from "./compressors.js";
import { ColumnReadError, readGroupBatches, type GroupReadContext, type WindowOptions } from "./parquet-pages.js";
import { asyncBufferFromFile } from "../fs/async-buffer.js";
import { normalizeBigInt, normalizeParquetValue } from "./normalize.js";
import { toParquetError } from "./parquet-errors.js";
import type { Row } from "@crucible/types";

/** A Parquet source: a local path, or any hyparquet {@link AsyncBuffer} (an HTTP range reader, bytes in memory). */
export type ParquetInput = string | AsyncBuffer;

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Name shown in error messages. Default: the path, or `"<parquet buffer>"` for an AsyncBuffer. */
  name?: string;
  /** Top-level columns to read, in this order. Default: every column, in file order. */
  columns?: string[];
  /** First row to read (zero-based, inclusive). Default `0`. */
  rowStart?: number;
  /** Row to stop before (exclusive). Default: the number of rows in the file. */
  rowEnd?: number;
  /**
   * Maximum rows per yielded batch; a batch never spans two row groups. Default {@link DEFAULT_PARQUET_BATCH_ROWS}
   * (4096). Row groups with nested columns (lists, structs) yield fewer rows per batch, about 8,192 nested values'
   * worth (e.g. 163 rows of two long conversations), so a batch's objects stay in V8's young generation.
   */
  batchRows?: number;
  /** Already-parsed file metadata (from {@link readParquetInfo}); saves reading the footer again. */
  metadata?: FileMetaData;
  /**
   * Read for the first rows over a network (HTTP range reads) rather than for a full scan: the footer is read
   * with a 16 KiB request, each column chunk starts with an 8 KiB read (doubling per read up to 8 MiB, reading
   * ahead only from its third read), and a batch is yielded as soon as the pages decoded so far complete at
   * least one row (up to `batchRows`). The first rows of a large file then cost its footer plus the first page
   * of each column. Rows and their order are the same either way. Default false.
   */
  streaming?: boolean;
}

/** What {@link readParquetInfo} returns. */
export interface ParquetInfo {
  /** Total number of rows. */
  numRows: number;
  /** Row groups in file order with their row counts. */
  rowGroups: Array<{ numRows: number }>;
  /** Top-level column names in file order. */
  columns: string[];
  /** Features from the `huggingface` key-value metadata written by Python `datasets`, if present. */
  features?: Features;
  /** The writer (`created_by`), if recorded. */
  createdBy?: string;
  /** The raw hyparquet metadata; pass it back as `metadata` to {@link readParquet} to skip re-reading the footer. */
  metadata: FileMetaData;
}

/** How the values of one top-level column must be normalised after hyparquet decoded them. */
type ColumnMode = 0 /* none */ | 1 /* top-level bigint */ | 2 /* nested: deep walk */;

interface Opened {
  file: AsyncBuffer;
  name: string;
}

async function open(input: ParquetInput, name: string | undefined): Promise<Opened> {
  if (typeof input === "string") return { file: await asyncBufferFromFile(input), name: name ?? input };
  if (!input || typeof input !== "object" || typeof input.slice !== "function" || !(input.byteLength >= 0)) {
    throw new InvalidArgumentError("readParquet expects a file path or an AsyncBuffer ({ byteLength, slice(start, end) })", {
      ...(name ? { file: name } : {}),
    });
  }
  const label = name ?? "<parquet buffer>";
  return { file: typedSlices(input, label), name: label };
}

/** Wraps a caller's AsyncBuffer so a failing `slice` (network, disk) is a typed error, not a "corrupt file". */
function typedSlices(buffer: AsyncBuffer, name: string): AsyncBuffer {
  return {
    byteLength: buffer.byteLength,
    slice(start: number, end?: number) {
      const fail = (cause: unknown): never => {
        if (CrucibleError.isInstance(cause)) throw cause;
        throw new CrucibleError(
          "NETWORK",
          `Reading bytes ${start}–${end ?? buffer.byteLength} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
          {
            file: name,
            byteOffset: start,
            cause,
            hint: "The byte source (HTTP range reader or custom AsyncBuffer) failed; retry, or download the file first",
          },
        );
      };
      try {
        const out = buffer.slice(start, end);
        return out instanceof Promise ? out.catch(fail) : out;
      } catch (cause) {
        return fail(cause);
      }
    },
  };
}

async function readMetadata(file: AsyncBuffer, name: string, initialFetchSize?: number): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file, initialFetchSize !== undefined ? { initialFetchSize } : undefined);
  } catch (cause) {
    // An encrypted footer ends with PARE instead of PAR1: say so rather than "corrupt".
    if (file.byteLength >= 4) {
      const tail = await Promise.resolve(file.slice(file.byteLength - 4, file.byteLength)).catch(() => undefined);
      if (tail && new TextDecoder().decode(tail) === "PARE") {
        throw new DataFormatError("Encrypted Parquet files (footer magic PARE) are not supported", {
          file: name,
          byteOffset: file.byteLength - 4,
          cause,
          hint: "Decrypt the file with the writer's tooling (e.g. pyarrow with the key) and save it unencrypted",
        });
      }
    }
    throw toParquetError(cause, { file: name, size: file.byteLength });
  }
}

/**
 * Rows in the file: the sum of the row groups' counts. (Some writers leave the footer's `num_rows` at 0;
 * pyarrow, and so Python `datasets`, count the row groups.)
 */
function totalRows(metadata: FileMetaData): number {
  let n = 0;
  for (const g of metadata.row_groups) n += Number(g.num_rows);
  return n;
}

function topLevelColumns(metadata: FileMetaData): SchemaTree[] {
  return parquetSchema(metadata).children;
}

function columnMode(node: SchemaTree): ColumnMode {
  const el = node.element;
  if (node.children.length > 0 || el.repetition_type === "REPEATED") return 2;
  return el.type === "INT64" ? 1 : 0;
}

function hasInt64Leaf(node: SchemaTree): boolean {
  return node.children.length === 0 ? node.element.type === "INT64" : node.children.some(hasInt64Leaf);
}

/**
 * Nested columns need a walk to turn hyparquet's `undefined` (nulls inside lists/structs) into `null` and
 * int64 into numbers. The walk is skipped for a row group when the column has no int64 leaf and every leaf chunk's
 * statistics record `null_count = 0` (no null at any level, as in typical chat data).
 */
function needsWalk(metadata: FileMetaData, group: number, column: string, hasInt64: boolean): boolean {
  if (hasInt64) return true;
  const chunks = metadata.row_groups[group]?.columns ?? [];
  let found = false;
  for (const chunk of chunks) {
    const meta = chunk.meta_data;
    if (meta?.path_in_schema[0] !== column) continue;
    found = true;
    if (meta.statistics?.null_count !== 0n) return true;
  }
  return !found;
}

function checkRange(value: number | undefined, label: string, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new InvalidArgumentError(`${label} must be a non-negative integer, got ${value}`, { file: name });
  }
}

/**
 * Reads the footer of a Parquet file: row counts, row groups, top-level columns and the Hugging Face features
 * stored under the `huggingface` key-value metadata.
 * @param input - A path or an {@link AsyncBuffer}.
 * @param options - `name`: name shown in errors (default: the path).
 * @throws DataFormatError when the file is not Parquet, truncated or its footer is corrupt.
 */
export async function readParquetInfo(input: ParquetInput, options: { name?: string } = {}): Promise<ParquetInfo> {
  const { file, name } = await open(input, options.name);
  const metadata = await readMetadata(file, name);
  let features: Features | undefined;
  const hf = metadata.key_value_metadata?.find((kv) => kv.key === "huggingface")?.value;
  if (hf !== undefined) {
    try {
      features = featuresFromParquetMetadata(hf);
    } catch (cause) {
      throw new DataFormatError("The Parquet `huggingface` metadata is not valid JSON", {
        file: name,
        cause,
        hint: "Regenerate the file with Python `datasets`, or remove the `huggingface` key from its metadata",
      });
    }
  }
  return {
    numRows: totalRows(metadata),
    rowGroups: metadata.row_groups.map((g) => ({ numRows: Number(g.num_rows) })),
    columns: topLevelColumns(metadata).map((c) => c.element.name),
    ...(features ? { features } : {}),
    ...(metadata.created_by ? { createdBy: metadata.created_by } : {}),
    metadata,
  };
}

function normalizeRows(rows: Row[], modes: Array<[string, ColumnMode, boolean]>, metadata: FileMetaData, group: number): void {
  for (const [column, mode, hasInt64] of modes) {
    if (mode === 1) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as Row;
        const v = row[column];
        if (typeof v === "bigint") row[column] = normalizeBigInt(v);
        else if (v === undefined) row[column] = null;
      }
    } else if (mode === 2 && needsWalk(metadata, group, column, hasInt64)) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as Row;
        row[column] = normalizeParquetValue(row[column]);
      }
    }
  }
}

/**
 * Default {@link ReadParquetOptions.batchRows}: 4096 rows. Chosen by measurement: smaller batches die young in
 * V8's scavenger, so 4096 rows used less CPU and peak memory than 16,384 or whole row groups (a 1M-row file with
 * 100k-row groups loaded with `Dataset.fromBatches` peaked at 266–288 MB RSS vs 323–330 MB with 16,384).
 */
export const DEFAULT_PARQUET_BATCH_ROWS = 4096;

/** Byte windows per column chunk: the first read is 1 MiB, doubling per read up to 4 MiB (plus one read ahead). */
const WINDOWS: WindowOptions = { initialBytes: 1 << 20, maxBytes: 4 << 20, readAheadAfter: 0 };
/** Byte windows of {@link ReadParquetOptions.streaming}. */
const STREAMING_WINDOWS: WindowOptions = { initialBytes: 8 << 10, maxBytes: 8 << 20, readAheadAfter: 2 };
/** Footer request of {@link ReadParquetOptions.streaming}. */
const STREAMING_FOOTER_BYTES = 16 << 10;

/**
 * Streams the rows of a Parquet file in batches of at most `batchRows` rows (default
 * {@link DEFAULT_PARQUET_BATCH_ROWS}); a batch never spans two row groups. Memory stays bounded whatever the row
 * group size: column chunks are decoded page by page (hyparquet's page decoder) from a byte window of at most
 * 4 MiB per column (one more window is read ahead), and only the batch being yielded is materialised.
 * Byte arrays without a string annotation stay `Uint8Array` (hyparquet `utf8: false`); columns annotated as
 * strings decode as strings. int64 becomes `number` when safe, else `bigint`; nulls nested in lists/structs
 * become `null`. Every codec works (snappy, gzip, zstd, brotli, lz4, lz4_raw: {@link parquetCompressors}).
 * @param input - A path or an {@link AsyncBuffer}.
 * @param options - See {@link ReadParquetOptions}.
 * @throws DataFormatError naming the file, row group, first row of the batch, column and byte offset of the page
 *   when the file is corrupt, truncated or uses an unsupported encoding; InvalidArgumentError for bad options or
 *   unknown columns.
 */
export async function* readParquet(input: ParquetInput, options: ReadParquetOptions = {}): AsyncGenerator<Row[]> {
  const { file, name } = await open(input, options.name);
  checkRange(options.rowStart, "rowStart", name);
  checkRange(options.rowEnd, "rowEnd", name);
  if (options.batchRows !== undefined && (!Number.isInteger(options.batchRows) || options.batchRows < 1)) {
    throw new InvalidArgumentError(`batchRows must be a positive integer, got ${options.batchRows}`, { file: name });
  }
  const streaming = options.streaming === true;
  const metadata = options.metadata ?? (await readMetadata(file, name, streaming ? STREAMING_FOOTER_BYTES : undefined));
  let schema: SchemaTree;
  try {
    schema = parquetSchema(metadata);
  } catch (cause) {
    throw toParquetError(cause, { file: name, size: file.byteLength });
  }
  const top = schema.children;
  const byName = new Map(top.map((node) => [node.element.name, node]));
  if (options.columns) {
    for (const column of options.columns) {
      if (!byName.has(column)) {
        throw new InvalidArgumentError(`Column "${column}" is not in the Parquet file`, {
          file: name,
          field: column,
          hint: `Available columns: ${[...byName.keys()].join(", ")}`,
        });
      }
    }
  }
  // Output keys: the caller's order (first occurrence), else file order.
  const names = options.columns ? [...new Set(options.columns)] : [...byName.keys()];
  const nodes = names.map((n) => byName.get(n) as SchemaTree);
  const modes = nodes
    .map((node) => [node.element.name, columnMode(node), hasInt64Leaf(node)] as [string, ColumnMode, boolean])
    .filter(([, m]) => m !== 0);

  const rowStart = options.rowStart ?? 0;
  const rowEnd = Math.min(options.rowEnd ?? Infinity, totalRows(metadata));
  const ctx: GroupReadContext = {
    file,
    metadata,
    schema,
    columns: nodes,
    batchRows: options.batchRows ?? DEFAULT_PARQUET_BATCH_ROWS,
    compressors: parquetCompressors,
    windows: streaming ? STREAMING_WINDOWS : WINDOWS,
    eager: streaming,
  };
  let groupStart = 0;
  for (let group = 0; group < metadata.row_groups.length; group++) {
    const groupEnd = groupStart + Number((metadata.row_groups[group] as FileMetaData["row_groups"][number]).num_rows);
    const start = Math.max(rowStart, groupStart);
    const end = Math.min(rowEnd, groupEnd);
    const first = groupStart;
    groupStart = groupEnd;
    if (start >= end) continue;
    const batches = readGroupBatches(ctx, { group, groupStart: first, start: start - first, end: end - first });
    let at = start;
    try {
      for (;;) {
        let next: IteratorResult<Row[]>;
        try {
          next = await batches.next();
        } catch (cause) {
          if (CrucibleError.isInstance(cause)) throw cause; // the byte source failed
          const located = cause instanceof ColumnReadError ? { field: cause.field, byteOffset: cause.byteOffset } : {};
          const inner = cause instanceof ColumnReadError ? cause.inner : cause;
          if (CrucibleError.isInstance(inner)) throw inner;
          throw toParquetError(inner, {
            file: name,
            size: file.byteLength,
            rowGroup: group,
            rowStart: at,
            rowEnd: Math.min(end, at + ctx.batchRows),
            ...located,
          });
        }
        if (next.done) break;
        const rows = next.value;
        normalizeRows(rows, modes, metadata, group);
        at += rows.length;
        yield rows;
      }
    } finally {
      await batches.return(undefined);
    }
  }
}

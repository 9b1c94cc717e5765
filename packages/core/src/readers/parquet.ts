import { CrucibleError, DataFormatError, InvalidArgumentError, featuresFromParquetMetadata, type Features } from "@crucible/types";
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from "hyparquet";
import { parquetCompressors } from "./compressors.js";
import { asyncBufferFromFile } from "../fs/async-buffer.js";
import { normalizeBigInt, normalizeParquetValue } from "./normalize.js";
import { toParquetError } from "./parquet-errors.js";
import type { Row } from "./types.js";

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
  /** Maximum rows per yielded batch. Default: one batch per row group. */
  batchRows?: number;
  /** Already-parsed file metadata (from {@link readParquetInfo}); saves reading the footer again. */
  metadata?: FileMetaData;
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
        throw new CrucibleError("NETWORK", `Reading bytes ${start}–${end ?? buffer.byteLength} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
          file: name,
          byteOffset: start,
          cause,
          hint: "The byte source (HTTP range reader or custom AsyncBuffer) failed; retry, or download the file first",
        });
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

async function readMetadata(file: AsyncBuffer, name: string): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
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

/** Reads rows [start, end) of one row group as normalised objects. */
async function readRange(
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: string[] | undefined,
  start: number,
  end: number,
): Promise<Row[]> {
  return (await parquetReadObjects({
    file,
    metadata,
    ...(columns ? { columns } : {}),
    rowStart: start,
    rowEnd: end,
    utf8: false,
    compressors: parquetCompressors,
  })) as Row[];
}

/** On failure, find which column broke (re-reading each alone) so the error can name the field and byte offset. */
async function locateFailure(
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: string[],
  group: number,
  start: number,
  end: number,
): Promise<{ field?: string; byteOffset?: number }> {
  for (const column of columns) {
    try {
      await readRange(file, metadata, [column], start, end);
    } catch {
      const chunk = metadata.row_groups[group]?.columns.find((c) => c.meta_data?.path_in_schema[0] === column)?.meta_data;
      const offset = chunk ? Number(chunk.dictionary_page_offset ?? chunk.data_page_offset) : undefined;
      return { field: column, ...(offset !== undefined ? { byteOffset: offset } : {}) };
    }
  }
  return {};
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

function reorderRows(rows: Row[], columns: string[]): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    const out: Row = {};
    for (const c of columns) out[c] = row[c];
    rows[i] = out;
  }
}

/**
 * Streams the rows of a Parquet file, row group by row group (or in batches of at most `batchRows`).
 * Byte arrays without a string annotation stay `Uint8Array` (hyparquet `utf8: false`); columns annotated as
 * strings decode as strings. int64 becomes `number` when safe, else `bigint`; nulls nested in lists/structs
 * become `null`. Every codec works (snappy, gzip, zstd, brotli, lz4, lz4_raw via hyparquet-compressors).
 * While one batch is being consumed, the next row group is already being read.
 * @param input - A path or an {@link AsyncBuffer}.
 * @param options - See {@link ReadParquetOptions}.
 * @throws DataFormatError naming the file, row group, first row, column and byte offset when the file is
 *   corrupt, truncated or uses an unsupported encoding; InvalidArgumentError for bad options or unknown columns.
 */
export async function* readParquet(input: ParquetInput, options: ReadParquetOptions = {}): AsyncGenerator<Row[]> {
  const { file, name } = await open(input, options.name);
  checkRange(options.rowStart, "rowStart", name);
  checkRange(options.rowEnd, "rowEnd", name);
  if (options.batchRows !== undefined && (!Number.isInteger(options.batchRows) || options.batchRows < 1)) {
    throw new InvalidArgumentError(`batchRows must be a positive integer, got ${options.batchRows}`, { file: name });
  }
  const metadata = options.metadata ?? (await readMetadata(file, name));
  let top: SchemaTree[];
  try {
    top = topLevelColumns(metadata);
  } catch (cause) {
    throw toParquetError(cause, { file: name, size: file.byteLength });
  }
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
  const columns = options.columns;
  // hyparquet returns keys in file order; reorder only when the caller asked for another order.
  const fileOrder = top.map((n) => n.element.name).filter((n) => columns?.includes(n));
  const reorder = columns !== undefined && (new Set(columns).size !== columns.length || columns.some((c, i) => fileOrder[i] !== c));
  const names = columns ?? [...byName.keys()];
  const modes = names
    .map((n) => {
      const node = byName.get(n) as SchemaTree;
      return [n, columnMode(node), hasInt64Leaf(node)] as [string, ColumnMode, boolean];
    })
    .filter(([, m]) => m !== 0);

  const rowStart = options.rowStart ?? 0;
  const rowEnd = Math.min(options.rowEnd ?? Infinity, totalRows(metadata));
  // Plan: the row groups that intersect [rowStart, rowEnd).
  const plan: Array<{ group: number; start: number; end: number; groupStart: number; groupEnd: number }> = [];
  let groupStart = 0;
  metadata.row_groups.forEach((g, group) => {
    const groupEnd = groupStart + Number(g.num_rows);
    const start = Math.max(rowStart, groupStart);
    const end = Math.min(rowEnd, groupEnd);
    if (start < end) plan.push({ group, start, end, groupStart, groupEnd });
    groupStart = groupEnd;
  });

  const load = async (i: number): Promise<Row[]> => {
    const step = plan[i] as (typeof plan)[number];
    let rows: Row[];
    try {
      rows = await readRange(file, metadata, columns, step.start, step.end);
    } catch (cause) {
      if (CrucibleError.isInstance(cause)) throw cause; // the byte source failed: nothing to locate
      const located = await locateFailure(file, metadata, names, step.group, step.start, step.end).catch(() => ({}));
      throw toParquetError(cause, { file: name, size: file.byteLength, rowGroup: step.group, rowStart: step.start, rowEnd: step.end, ...located });
    }
    if (rows.length !== step.end - step.start) {
      throw new DataFormatError(
        `Corrupt Parquet data in row group ${step.group}: expected ${step.end - step.start} rows, decoded ${rows.length}`,
        { file: name, row: step.start, hint: "The file is corrupt; download it again or regenerate it" },
      );
    }
    return rows;
  };

  let pending: Promise<Row[]> | undefined = plan.length > 0 ? load(0) : undefined;
  for (let i = 0; i < plan.length; i++) {
    const rows = await (pending as Promise<Row[]>);
    pending = i + 1 < plan.length ? load(i + 1) : undefined;
    // If the consumer stops early, a failing prefetch must not become an unhandled rejection.
    pending?.catch(() => undefined);
    normalizeRows(rows, modes, metadata, (plan[i] as (typeof plan)[number]).group);
    if (reorder) reorderRows(rows, columns as string[]);
    const batch = options.batchRows;
    if (batch === undefined || rows.length <= batch) {
      yield rows;
    } else {
      for (let at = 0; at < rows.length; at += batch) yield rows.slice(at, at + batch);
    }
  }
}

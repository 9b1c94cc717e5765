import { CrucibleError, DataFormatError } from "@crucible/types";

/** Where in a Parquet file a failure happened. */
export interface ParquetErrorContext {
  /** File name or path shown in the message. */
  file: string;
  /** Size of the file in bytes, when known. */
  size?: number;
  /** Zero-based row group index. */
  rowGroup?: number;
  /** First row (zero-based, file-wide) of the range being read. */
  rowStart?: number;
  /** End (exclusive) of the range being read. */
  rowEnd?: number;
  /** Top-level column being decoded. */
  field?: string;
  /** Byte offset of the column chunk or footer. */
  byteOffset?: number;
}

const REWRITE_HINT =
  "Rewrite the file with pyarrow (`pq.write_table(pq.read_table(src), dst)`) or polars, which use encodings every reader supports";
const CORRUPT_HINT = "The file is corrupt or was truncated; download it again (delete it from the cache) or regenerate it";

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Turns anything hyparquet (or the byte source) threw into a typed crucible error. Crucible errors from the
 * byte source (a missing file, an HTTP failure) pass through unchanged.
 * @internal
 */
export function toParquetError(cause: unknown, ctx: ParquetErrorContext): CrucibleError {
  if (CrucibleError.isInstance(cause)) return cause;
  const raw = messageOf(cause);
  const where = {
    file: ctx.file,
    ...(ctx.rowStart !== undefined ? { row: ctx.rowStart } : {}),
    ...(ctx.byteOffset !== undefined ? { byteOffset: ctx.byteOffset } : {}),
    ...(ctx.field !== undefined ? { field: ctx.field } : {}),
    cause,
  };
  const group =
    ctx.rowGroup !== undefined
      ? ` in row group ${ctx.rowGroup}${ctx.rowStart !== undefined && ctx.rowEnd !== undefined ? ` (rows ${ctx.rowStart}–${ctx.rowEnd - 1})` : ""}`
      : "";

  let m: RegExpMatchArray | null;
  if ((m = raw.match(/unsupported encoding: (\S+)/))) {
    return new DataFormatError(`Unsupported Parquet encoding ${m[1]}${group}`, { ...where, hint: REWRITE_HINT });
  }
  if ((m = raw.match(/unsupported compression codec: (\S+)/))) {
    return new DataFormatError(`Unsupported Parquet compression codec ${m[1]}${group}`, {
      ...where,
      hint: "Supported codecs: UNCOMPRESSED, SNAPPY, GZIP, ZSTD, BROTLI, LZ4, LZ4_RAW. " + REWRITE_HINT,
    });
  }
  if (/(bson|interval) not supported|unsupported (page )?type|unhandled type|file_path not supported|variant metadata version/.test(raw)) {
    return new DataFormatError(`Unsupported Parquet feature${group}: ${raw}`, { ...where, hint: REWRITE_HINT });
  }
  if (/footer != PAR1|file is too short/.test(raw)) {
    return new DataFormatError("Not a Parquet file: it does not end with the magic bytes PAR1 (truncated or not Parquet)", {
      ...where,
      byteOffset: ctx.byteOffset ?? Math.max(0, (ctx.size ?? 4) - 4),
      hint: CORRUPT_HINT,
    });
  }
  if (/metadata length .* exceeds/.test(raw)) {
    return new DataFormatError(`Truncated Parquet file: ${raw.replace(/^parquet /, "")}`, {
      ...where,
      byteOffset: ctx.byteOffset ?? Math.max(0, (ctx.size ?? 8) - 8),
      hint: CORRUPT_HINT,
    });
  }
  if (/Cannot create a string longer than|Array buffer allocation failed|Invalid (typed )?array length: \d{9,}/.test(raw)) {
    return new DataFormatError(`A value${group} is too large for JavaScript (${raw})`, {
      ...where,
      hint: "Read fewer columns (`columns`) or split the value when writing the file; V8 strings are limited to 512 MiB",
    });
  }
  const stage = ctx.rowGroup === undefined ? "Corrupt Parquet footer (file metadata)" : `Corrupt Parquet data${group}`;
  return new DataFormatError(`${stage}: ${raw}`, { ...where, hint: CORRUPT_HINT });
}

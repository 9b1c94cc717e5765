import { basename } from "node:path";

/** The file formats crucible reads. */
export type DataFileFormat = "parquet" | "json" | "jsonl" | "csv" | "tsv" | "text";

/**
 * Extension → format, after Python `datasets`' `_EXTENSION_TO_MODULE` (`.json`/`.jsonl`/`.ndjson` all use its
 * json builder; `.tsv` is csv with a tab separator; `.txt` is the text builder). Formats Python supports but
 * crucible does not (`.arrow`, `.xml`, `.hdf5`, `.tar`, media folders) are absent.
 */
export const EXTENSION_TO_FORMAT: Readonly<Record<string, DataFileFormat>> = {
  ".parquet": "parquet",
  ".geoparquet": "parquet",
  ".gpq": "parquet",
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".csv": "csv",
  ".tsv": "tsv",
  ".txt": "text",
};

/** Compression suffixes that may follow the format's extension (content is detected by magic bytes anyway). */
export const COMPRESSION_EXTENSIONS: readonly string[] = [".gz", ".gzip", ".zst", ".zstd"];

/**
 * The format of a data file from its name: the last dot-suffix that is a known extension, so
 * `train.jsonl.gz` → `"jsonl"` and `data.csv.zst` → `"csv"` (case-insensitive).
 * @param path - A path or file name.
 * @returns The format, or `undefined` when no suffix is known.
 */
export function formatFromPath(path: string): DataFileFormat | undefined {
  const parts = basename(path).toLowerCase().split(".");
  for (let i = parts.length - 1; i >= 1; i--) {
    const format = EXTENSION_TO_FORMAT[`.${parts[i]}`];
    if (format) return format;
  }
  return undefined;
}

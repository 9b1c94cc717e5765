import { CrucibleError, InvalidArgumentError } from "@crucible/types";
import { readCsv, type ReadCsvOptions } from "./csv.js";
import { formatFromPath, type DataFileFormat } from "./format.js";
import { readJson } from "./json.js";
import { readParquet } from "./parquet.js";
import { readText } from "./text.js";
import type { Row } from "@crucible/types";

/** Options of {@link readDataFile}. */
export interface ReadDataFileOptions {
  /** Format to use. Default: {@link formatFromPath} of the path. */
  format?: DataFileFormat;
  /** Name shown in errors. Default: the path. */
  name?: string;
  /** Maximum rows per batch. Default: the reader's own (4096 for Parquet, JSON, JSONL and text; 10000 for CSV). */
  batchRows?: number;
  /** Parquet only: top-level columns to read. Default: all. */
  columns?: string[];
  /** JSON only: read rows from this key of the top-level object (Python `field=`). Default: none. */
  field?: string;
  /** CSV/TSV only: see {@link ReadCsvOptions.inferTypes}. Default `true`. */
  inferTypes?: boolean;
  /** CSV/TSV only: separator. Default `","` for csv and `"\t"` for tsv. */
  delimiter?: string;
}

/**
 * Reads a local data file in batches of rows, choosing the reader from `format` or the file name
 * (`.parquet`, `.json`, `.jsonl`/`.ndjson`, `.csv`, `.tsv`, `.txt`, each optionally `.gz`/`.zst`).
 * JSON and JSONL both go through {@link readJson} (JSON Lines first, whole document as fallback), like Python's
 * json builder.
 * @param path - The file.
 * @param options - See {@link ReadDataFileOptions}.
 * @throws CrucibleError `UNSUPPORTED` when the format cannot be told from the name and none was given.
 */
export function readDataFile(path: string, options: ReadDataFileOptions = {}): AsyncGenerator<Row[]> {
  const format = options.format ?? formatFromPath(path);
  const name = options.name ?? path;
  const batch = options.batchRows !== undefined ? { batchRows: options.batchRows } : {};
  switch (format) {
    case "parquet":
      return readParquet(path, { name, ...batch, ...(options.columns ? { columns: options.columns } : {}) });
    case "json":
    case "jsonl":
      return readJson(path, { name, ...batch, ...(options.field !== undefined ? { field: options.field } : {}) });
    case "csv":
    case "tsv": {
      const csv: ReadCsvOptions = { name, ...batch, delimiter: options.delimiter ?? (format === "tsv" ? "\t" : ",") };
      if (options.inferTypes !== undefined) csv.inferTypes = options.inferTypes;
      return readCsv(path, csv);
    }
    case "text":
      return readText(path, { name, ...batch });
    case undefined:
      throw new CrucibleError("UNSUPPORTED", "Cannot tell the data format from the file name", {
        file: name,
        hint: 'Pass `format` ("parquet", "json", "jsonl", "csv", "tsv" or "text")',
      });
    default:
      throw new InvalidArgumentError(`Unknown format ${JSON.stringify(format)}`, { file: name });
  }
}

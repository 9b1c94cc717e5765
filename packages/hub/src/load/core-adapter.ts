/**
 * The @crucible/core entry points the loader uses, in one place.
 * @internal
 */
import {
  type Dataset,
  DatasetDict,
  type DatasetInfo,
  IterableDataset,
  parseSplit,
  readCsv,
  readJson,
  readJsonl,
  readParquet,
  readText,
  resolveSplit,
} from "@crucible/core";
import type { AsyncBuffer } from "hyparquet";
import { CrucibleError, type Features } from "@crucible/types";
import type { Row } from "@crucible/types";

export type { Row } from "@crucible/types";

/** What every loaded dataset records about where it came from: core's `DatasetInfo`. */
export type LoadInfo = DatasetInfo;

/** Rows [start, end) of a dataset (an index view, no copy). */
export function sliceDataset<T>(ds: Dataset<T>, start: number, end: number): Dataset<T> {
  if (start === 0 && end === ds.length) return ds;
  return ds.select(Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i));
}

/** A split → dataset dict (core `DatasetDict`), in the given order. */
export function datasetDict<T>(entries: Array<[string, Dataset<T>]>): DatasetDict<T> {
  return new DatasetDict<T>(entries);
}

/** An IterableDataset over shards (core `IterableDataset.fromShards`). */
export function iterableFromShards<T>(
  shards: Array<() => AsyncIterable<T>>,
  options: { features?: Features; info: LoadInfo },
): IterableDataset<T> {
  return IterableDataset.fromShards<T>(shards, options);
}

/** The split names a split string mentions (`train[:10%]+test` → train, test), via core's `parseSplit`. */
export function splitNamesOf(spec: string): string[] {
  return [...new Set(parseSplit(spec).map((t) => t.split))];
}

/** Resolves a split string against split lengths (core `resolveSplit`: Python's grammar and rounding). */
export function resolveSplitString(spec: string, lengths: Record<string, number>): Array<{ split: string; start: number; end: number }> {
  return resolveSplit(spec, lengths).map((r) => ({ split: r.split, start: r.start, end: Math.max(r.start, r.end) }));
}

function unifyColumns(rows: Row[]): Row[] {
  // Columns in order of first appearance (pyarrow's JSON reader); every row gets every column, in that order.
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k in r) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const conforms = (r: Row) => {
    let i = 0;
    for (const k in r) if (k !== keys[i++]) return false;
    return i === keys.length;
  };
  if (rows.every(conforms)) return rows;
  return rows.map((r) => {
    if (conforms(r)) return r;
    const o: Row = {};
    for (const k of keys) o[k] = k in r ? r[k] : null;
    return o;
  });
}

/** Builder kwargs from a README config entry that the readers honour (Python's parquet/json/csv builder params). */
export interface ReaderKwargs {
  /** Parquet: top-level columns to read. */
  columns?: string[];
  /** JSON: rows under this key of the top-level object. */
  field?: string;
  /** CSV: separator (`sep` or `delimiter`). */
  delimiter?: string;
}

/** Picks the builder kwargs the readers understand out of a config's `builderKwargs`. */
export function readerKwargs(builderKwargs: Record<string, unknown>): ReaderKwargs {
  const out: ReaderKwargs = {};
  const cols = builderKwargs.columns;
  if (Array.isArray(cols) && cols.every((c) => typeof c === "string")) out.columns = cols as string[];
  if (typeof builderKwargs.field === "string") out.field = builderKwargs.field;
  const sep = builderKwargs.sep ?? builderKwargs.delimiter;
  if (typeof sep === "string") out.delimiter = sep;
  return out;
}

/**
 * Reads one local data file as row batches, dispatching on the resolved format (parquet, json/jsonl/.gz, csv, text).
 * JSON rows of one file are unified to the union of their keys (missing → null) like pyarrow's JSON reader.
 * @param file - Local path (the HF cache snapshot path), or its bytes: an AsyncBuffer for Parquet, a chunk stream for
 *   the text formats (how the loader hashes a cached blob while reading it).
 * @param format - `parquet`, `json`, `csv`, `text` (Python module names).
 * @param name - Repo path for error messages.
 * @param kwargs - Builder kwargs from the README config (`columns`, `field`, `sep`). Default: none.
 */
export async function* readLocalFile(
  file: string | AsyncBuffer | AsyncIterable<Uint8Array>,
  format: string | undefined,
  name: string,
  kwargs: ReaderKwargs = {},
): AsyncGenerator<Row[]> {
  if (format === "parquet") {
    if (typeof file !== "string" && !("slice" in file)) throw new CrucibleError("UNSUPPORTED", `Parquet needs random access: ${name}`);
    yield* readParquet(file, { name, ...(kwargs.columns ? { columns: kwargs.columns } : {}) });
    return;
  }
  if (typeof file !== "string" && "slice" in file)
    throw new CrucibleError("UNSUPPORTED", `The ${format ?? "unknown"} reader needs a path or a byte stream: ${name}`);
  if (format === "json") {
    const isLines = /\.(jsonl|ndjson)(\.|$)/.test(name) && kwargs.field === undefined;
    const rows: Row[] = [];
    const source = isLines
      ? readJsonl(file, { name })
      : readJson(file, { name, ...(kwargs.field !== undefined ? { field: kwargs.field } : {}) });
    for await (const b of source) for (const r of b) rows.push(r);
    yield unifyColumns(rows);
    return;
  }
  if (format === "csv" || format === "text") {
    if (format === "text") yield* readText(file, { name });
    else yield* readCsv(file, { name, delimiter: kwargs.delimiter ?? (/\.tsv(\.|$)/.test(name) ? "\t" : ",") });
    return;
  }
  throw new CrucibleError("UNSUPPORTED", `Cannot read ${name}: the ${format ?? "unknown"} format is not supported yet`, {
    file: name,
    hint: "Supported: parquet, json/jsonl (also .gz), csv/tsv, txt",
  });
}

import { stat } from "node:fs/promises";
import { join } from "node:path";
import { CrucibleError, SchemaMismatchError, type Features } from "@crucible/types";
import { cacheKey } from "./cache/fingerprint.js";
import { castValue, Dataset, DatasetDict, type StoreMode } from "./dataset/index.js";
import { fsError } from "./fs/async-buffer.js";
import { resolveDataFiles, type DataFilesSpec } from "./fs/data-files.js";
import { readDataFile, type ReadDataFileOptions } from "./readers/data-file.js";
import { formatFromPath, type DataFileFormat } from "./readers/format.js";
import { readParquetInfo } from "./readers/parquet.js";
import type { Row } from "@crucible/types";

/** Options of {@link loadFiles}. */
export interface LoadFilesOptions {
  /** Directory relative patterns resolve against. Default: the current directory. */
  baseDir?: string;
  /** Format of every file. Default: inferred from the file names (all files must agree, as in Python). */
  format?: DataFileFormat;
  /** Where rows live (`Dataset.fromBatches`): `"auto"` keeps small splits in memory and spills large ones to disk. Default `"auto"`. */
  store?: StoreMode;
  /** Parent directory of the on-disk stores (one sub-directory per split). Default: `defaultStoreRoot()`. */
  storeDir?: string;
  /**
   * Fingerprint prefix for the on-disk stores, so a second load of unchanged files reopens them. Default: derived
   * from the resolved files' paths, sizes and modification times plus the reader options; `false` disables it.
   */
  fingerprint?: string | false;
  /**
   * Column types. When given, every row must have exactly these columns and each value is cast to its feature
   * (as Python casts to `features=`); a row that does not fit raises SchemaMismatchError naming the file, row and
   * field. Default: the `huggingface` features of the first Parquet file, if any (not enforced).
   */
  features?: Features;
  /** JSON only: read rows from this key of the top-level object (Python `field=`). */
  field?: string;
  /** CSV/TSV only: pandas-like type inference. Default `true`. */
  inferTypes?: boolean;
  /** CSV/TSV only: separator. Default `","` (`"\t"` for `.tsv`). */
  delimiter?: string;
  /** Parquet only: top-level columns to read. Default: all. */
  columns?: string[];
}

/** The json builder reads .json and .jsonl alike; so does {@link readDataFile}. */
function builderOf(format: DataFileFormat): string {
  return format === "jsonl" ? "json" : format === "tsv" ? "csv" : format;
}

function inferFormat(splits: Record<string, string[]>): DataFileFormat {
  const counts = new Map<DataFileFormat, number>();
  for (const files of Object.values(splits)) {
    for (const file of files) {
      const format = formatFromPath(file);
      if (!format) {
        throw new CrucibleError("UNSUPPORTED", "Cannot tell the data format from the file name", {
          file,
          hint: 'Pass `format` ("parquet", "json", "jsonl", "csv", "tsv" or "text") or rename the file',
        });
      }
      counts.set(format, (counts.get(format) ?? 0) + 1);
    }
  }
  const builders = new Set([...counts.keys()].map(builderOf));
  if (builders.size > 1) {
    throw new CrucibleError("UNSUPPORTED", `The data files mix formats (${[...counts.keys()].join(", ")})`, {
      hint: "Load each format separately, or pass `format` and only matching files",
    });
  }
  // the most frequent extension wins (jsonl before json, csv before tsv on ties, as Python ranks them)
  const rank: DataFileFormat[] = ["parquet", "jsonl", "json", "csv", "tsv", "text"];
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || rank.indexOf(a[0]) - rank.indexOf(b[0]))[0]?.[0] as DataFileFormat;
}

/**
 * Streams the rows of several files as one split. For JSON/CSV/text rows, top-level keys are unified across
 * rows as Python's Arrow tables do: every column seen so far is present in each later row (`null` when missing),
 * in first-seen order. (A column that first appears late is not back-filled into rows already yielded.)
 */
async function* splitBatches(
  files: string[],
  format: DataFileFormat,
  reader: ReadDataFileOptions,
  features: Features | undefined,
): AsyncGenerator<Row[]> {
  const unify = format !== "parquet" && !features;
  const keys: string[] = [];
  const known = new Set<string>();
  let parquetColumns: string[] | undefined;
  for (const file of files) {
    let rowInFile = 0;
    for await (const batch of readDataFile(file, { ...reader, format })) {
      if (features) {
        yield batch.map((row) => castToFeatures(row, features, file, rowInFile++, format === "parquet"));
        continue;
      }
      if (!unify) {
        // Parquet files of one split must share their columns, as Python's Arrow concatenation requires.
        const first = batch[0];
        if (first && rowInFile === 0) {
          const columns = Object.keys(first);
          if (!parquetColumns) parquetColumns = columns;
          else checkSameColumns(parquetColumns, columns, file, files[0] ?? "");
        }
        rowInFile += batch.length;
        yield batch;
        continue;
      }
      for (const row of batch) {
        for (const k in row) {
          if (!known.has(k)) {
            known.add(k);
            keys.push(k);
          }
        }
      }
      const out = batch.map((row) => {
        let complete = true;
        const rowKeys = Object.keys(row);
        if (rowKeys.length !== keys.length) complete = false;
        else for (let i = 0; i < keys.length; i++) if (rowKeys[i] !== keys[i]) complete = false;
        if (complete) return row;
        const fixed: Row = {};
        for (const k of keys) fixed[k] = k in row ? row[k] : null;
        return fixed;
      });
      yield out;
    }
  }
}

function checkSameColumns(expected: string[], actual: string[], file: string, firstFile: string): void {
  const missing = expected.find((c) => !actual.includes(c));
  const extra = actual.find((c) => !expected.includes(c));
  if (missing === undefined && extra === undefined) return;
  throw new SchemaMismatchError(`The file's columns [${actual.join(", ")}] differ from [${expected.join(", ")}] of ${firstFile}`, {
    file,
    row: 0,
    field: missing ?? extra,
    hint: "Every file of a split needs the same columns: load the files as separate splits or fix the odd file",
  });
}

/**
 * Casts one row to `features`: no column outside them, each value cast (SchemaMismatchError otherwise). A declared
 * column a JSON/CSV row lacks is null, as Arrow fills it; a Parquet file lacking one is an error.
 */
function castToFeatures(row: Row, features: Features, file: string, rowIndex: number, strict: boolean): Row {
  for (const key of Object.keys(row)) {
    if (!(key in features)) {
      throw new SchemaMismatchError(`The row has a column that is not in \`features\``, {
        file,
        row: rowIndex,
        field: key,
        hint: "Add the column to `features`, or remove it from the data (or pass `columns` for Parquet)",
      });
    }
  }
  const out: Row = {};
  for (const [name, feature] of Object.entries(features)) {
    if (!(name in row)) {
      if (!strict) {
        out[name] = null;
        continue;
      }
      throw new SchemaMismatchError(`The row lacks a column that \`features\` declares`, {
        file,
        row: rowIndex,
        field: name,
        hint: "Remove the column from `features`, or fix the data file",
      });
    }
    out[name] = castValue(row[name], feature, { file, row: rowIndex, field: name });
  }
  return out;
}

async function autoFingerprint(split: string, files: string[], format: DataFileFormat, options: LoadFilesOptions): Promise<string> {
  const infos = await Promise.all(
    files.map(async (path) => {
      let s;
      try {
        s = await stat(path);
      } catch (cause) {
        throw fsError(cause, path, "read the data file");
      }
      return { path, size: s.size, etag: String(s.mtimeMs) };
    }),
  );
  return cacheKey({
    sourceRevision: "local",
    files: infos.map((f, i) => ({ ...f, path: `${String(i).padStart(6, "0")}:${f.path}` })), // keep file order in the key
    transform: `loadFiles:${format}:${split}`,
    codeVersion: "1",
    extra: {
      field: options.field,
      inferTypes: options.inferTypes,
      delimiter: options.delimiter,
      columns: options.columns,
      features: options.features,
    },
  });
}

/**
 * Loads local data files into a {@link DatasetDict}, like Python `load_dataset("<format>", data_files=...)`.
 * `dataFiles` is a path/glob or list of them (split `train`), or split → path/glob(s). Globs (picomatch) are
 * resolved against `baseDir` and sorted as Python sorts data files; hidden files, `__*` folders and
 * README.md-like files are skipped unless named. Rows keep file order, then row order within each file.
 * @param dataFiles - See {@link DataFilesSpec}.
 * @param options - See {@link LoadFilesOptions}.
 * @returns One dataset per split, in the order the splits were given.
 * @throws CrucibleError `FILE_NOT_FOUND` for missing files, `UNSUPPORTED` for unknown or mixed formats, the
 *   readers' DataFormatError for malformed files, and SchemaMismatchError (file, row, field) when Parquet files of
 *   a split have different columns or a row does not fit the given `features`.
 */
export async function loadFiles(dataFiles: DataFilesSpec, options: LoadFilesOptions = {}): Promise<DatasetDict<Row>> {
  const splits = await resolveDataFiles(dataFiles, options.baseDir);
  const format = options.format ?? inferFormat(splits);
  const reader: ReadDataFileOptions = {};
  if (options.field !== undefined) reader.field = options.field;
  if (options.inferTypes !== undefined) reader.inferTypes = options.inferTypes;
  if (options.delimiter !== undefined) reader.delimiter = options.delimiter;
  if (options.columns !== undefined) reader.columns = options.columns;

  let features = options.features;
  if (!features && format === "parquet") {
    const first = Object.values(splits)[0]?.[0];
    if (first) features = (await readParquetInfo(first)).features;
  }

  const out = new Map<string, Dataset<Row>>();
  for (const [split, files] of Object.entries(splits)) {
    const fingerprint =
      options.fingerprint === false
        ? undefined
        : options.fingerprint !== undefined
          ? `${options.fingerprint}-${split}`
          : await autoFingerprint(split, files, format, options);
    const dataset = await Dataset.fromBatches<Row>(splitBatches(files, format, reader, options.features), {
      ...(features ? { features } : {}),
      info: { split, ...(fingerprint ? { fingerprint } : {}) },
      ...(options.store ? { store: options.store } : {}),
      ...(options.storeDir ? { storeDir: join(options.storeDir, split) } : {}),
      ...(fingerprint ? { fingerprint } : {}),
    });
    out.set(split, dataset);
  }
  return new DatasetDict<Row>(out);
}

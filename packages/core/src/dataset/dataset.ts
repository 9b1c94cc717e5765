import { CrucibleError, InvalidArgumentError, type Feature, type Features } from "@crucible/types";
import { IterableDataset } from "../iterable/iterable-dataset.js";
import { NumpyGenerator, permutation } from "../rng/index.js";
import { RowStore, type DatasetInfo } from "../store/row-store.js";
import { storeDirForFingerprint } from "../store/paths.js";
import { castValue } from "./cast.js";
import {
  applyBatchedMap,
  batchLength,
  columnsToRows,
  isPlainObject,
  mergeOutput,
  rowsToColumns,
  type ColumnBatch,
  type Row,
} from "./columns.js";
import { keyComparator } from "./compare.js";
import { DatasetDict } from "./dataset-dict.js";
import { writeJsonl, writeParquet, type ToParquetOptions } from "./export.js";
import { RowSink, type StoreMode, type StoreOptions } from "./sink.js";
import { ArraySource, BatchSource, StoreSource, ViewSource, type RowSource } from "./source.js";
import { trainTestSplitIndices } from "../split/index.js";
import { IndexBuilder } from "./index-builder.js";

export type { Row, ColumnBatch };

/** Options of {@link Dataset.fromRows}. */
export interface DatasetOptions {
  /** Column types (Hub `Features`). Default: none (untyped). */
  features?: Features;
  /** Provenance. Default `{}`. */
  info?: DatasetInfo;
}

/** Options of {@link Dataset.fromBatches}: {@link DatasetOptions} plus where the rows live. */
export interface FromBatchesOptions extends DatasetOptions, StoreOptions {}

/** Options of {@link Dataset.shuffle}. */
export interface ShuffleOptions {
  /**
   * Seed of `np.random.default_rng(seed)`; the order equals Python `datasets`' `shuffle(seed=seed)`.
   * Default: none, then OS entropy is used (a different order every call, like Python without a seed).
   */
  seed?: number | bigint;
  /** A generator to draw from instead of a seed (its state advances, as numpy's does). */
  generator?: NumpyGenerator;
}

/** Options of {@link Dataset.shard}. */
export interface ShardOptions {
  /** Number of shards (≥ 1). */
  numShards: number;
  /** Which shard, 0 ≤ index < numShards. */
  index: number;
  /**
   * Contiguous blocks (default true: the first `length % numShards` shards get one extra row) or every
   * `numShards`-th row starting at `index`.
   */
  contiguous?: boolean;
}

/** Options of {@link Dataset.trainTestSplit}; same meaning and defaults as Python's `train_test_split`. */
export interface TrainTestSplitOptions {
  /** Test size: a fraction in (0, 1) or a row count. Default: the complement of trainSize, else 0.25. */
  testSize?: number;
  /** Train size: a fraction in (0, 1) or a row count. Default: the complement of testSize. */
  trainSize?: number;
  /** Seed of `default_rng`. Default: OS entropy. */
  seed?: number | bigint;
  /** Shuffle before splitting. Default true. */
  shuffle?: boolean;
  /**
   * Column to stratify by (Python `stratify_by_column`; Python requires a ClassLabel column, here any column of
   * numbers or strings works). Default: none. Requires `shuffle`.
   */
  stratifyByColumn?: string;
}

/** Options of {@link Dataset.map}. */
export interface MapOptions<K extends string = string> extends StoreOptions {
  /** Call `fn` with columnar batches (`{ column: values[] }`) instead of rows. Default false. */
  batched?: boolean;
  /** Rows per batch when batched. Default 1000; ≤ 0 means the whole dataset as one batch. */
  batchSize?: number;
  /** Drop a last batch smaller than batchSize. Default false. */
  dropLastBatch?: boolean;
  /**
   * Input columns to drop before the output of `fn` is merged in (columns that `fn` returns are kept).
   * Default none.
   */
  removeColumns?: readonly K[];
  /** Features of the result. Default: undefined (untyped), as the output types are not known. */
  features?: Features;
}

/** Options of {@link Dataset.filter}. */
export interface FilterOptions {
  /** Call `fn` with columnar batches and expect a boolean array back. Default false. */
  batched?: boolean;
  /** Rows per batch when batched. Default 1000. */
  batchSize?: number;
}

/** Options of {@link Dataset.sort}. */
export interface SortOptions {
  /** Descending order (one flag, or one per column). Default false. Ties keep their order either way. */
  reverse?: boolean | boolean[];
  /** Where nulls (and NaN) go. Default `"at_end"` (Python's default). */
  nullPlacement?: "at_end" | "at_start";
}

/** Options of {@link Dataset.batch}. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size`. Default false. */
  dropLast?: boolean;
}

/** The row type after a `map` that returns `U` and removes columns `K` (Python merges the output into the row). */
export type MapResult<T, U, K extends string> = [U] extends [void]
  ? Omit<T, K>
  : T extends object
    ? U extends object
      ? Omit<T, K | keyof U> & U
      : U
    : U;

/** The rows of `batch(size)`: one list per column. */
export type Batched<T> = T extends object ? { [C in keyof T]: Array<T[C]> } : T[];

// A derived dataset has new content (new fingerprint) and may have moved rows (source ranges no longer apply).
function deriveInfo(info: DatasetInfo, fingerprint?: string): DatasetInfo {
  const { fingerprint: _old, sourceRanges: _ranges, ...rest } = info;
  return fingerprint === undefined ? rest : { ...rest, fingerprint };
}

function checkCount(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidArgumentError(`${name} must be an integer in [0, ${max}], got ${value}`);
  }
}

/**
 * An immutable table of rows with synchronous random access, like Python `datasets.Dataset`.
 *
 * A dataset is a table (rows in memory, or an on-disk row store read with `fs.readSync`) plus an optional index
 * mapping (`Uint32Array`). `shuffle`, `select`, `take`, `skip`, `shard`, `trainTestSplit`, `filter` and `sort`
 * only build index arrays: no row is copied. Column operations (`renameColumn(s)`, `removeColumns`,
 * `selectColumns`) are lazy views. `map` and `castColumn` materialise new rows (on disk when the input is
 * disk-backed, streaming, in constant memory).
 *
 * Rows returned by `at` and iteration are shared with the table when it is in memory: treat them as read-only.
 */
export class Dataset<T = Row> implements Iterable<T> {
  /** Column types, when known. */
  readonly features: Features | undefined;
  /** Provenance (repo, config, split, revision, fingerprint). */
  readonly info: DatasetInfo;
  private readonly source: RowSource<T>;
  private readonly indexMap: Uint32Array | undefined;

  private constructor(source: RowSource<T>, indexMap: Uint32Array | undefined, features: Features | undefined, info: DatasetInfo) {
    this.source = source;
    this.indexMap = indexMap;
    this.features = features;
    this.info = info;
  }

  /** @internal Builds a dataset over a table. */
  static fromSource<T>(source: RowSource<T>, indices?: Uint32Array, features?: Features, info: DatasetInfo = {}): Dataset<T> {
    return new Dataset<T>(source, indices, features, info);
  }

  /**
   * A dataset over rows already in memory (Python `Dataset.from_list`). The array is not copied: do not
   * mutate it afterwards.
   * @param rows - The rows.
   * @param options - `features` (default none), `info` (default `{}`).
   */
  static fromRows<T>(rows: readonly T[], options: DatasetOptions = {}): Dataset<T> {
    return new Dataset<T>(new ArraySource(rows), undefined, options.features, options.info ?? {});
  }

  /**
   * A dataset from columns of equal length (Python `Dataset.from_dict`).
   * @throws InvalidArgumentError when the columns have different lengths.
   */
  static fromDict(columns: ColumnBatch, options: DatasetOptions = {}): Dataset<Row> {
    const { length, mismatch } = batchLength(columns);
    if (mismatch) throw new InvalidArgumentError(`fromDict: ${mismatch}`);
    return Dataset.fromRows(columnsToRows(columns, length), options);
  }

  /**
   * A dataset from a stream of row batches (what the readers yield).
   *
   * With `store: "auto"` (default) rows stay in memory until their estimated size passes 128 MiB
   * (`memoryLimitBytes`), then everything is written to an on-disk row store and memory is released, so data
   * larger than the heap works. `"memory"` and `"disk"` force one or the other.
   *
   * With a `fingerprint`, a complete store with that fingerprint at the target directory
   * (`storeDir`, default `<$CRUCIBLE_HOME or ~/.cache/crucible>/stores/<fingerprint>`) is reopened and `batches`
   * is not read at all.
   */
  static async fromBatches<T>(batches: AsyncIterable<T[]> | Iterable<T[]>, options: FromBatchesOptions = {}): Promise<Dataset<T>> {
    const mode: StoreMode = options.store ?? "auto";
    const info: DatasetInfo =
      options.fingerprint !== undefined ? { ...options.info, fingerprint: options.fingerprint } : (options.info ?? {});
    if (mode !== "memory" && options.fingerprint !== undefined) {
      const dir = options.storeDir ?? storeDirForFingerprint(options.fingerprint);
      if (RowStore.isValid(dir, options.fingerprint)) return Dataset.openStore<T>(dir);
    }
    // asyncWrites: store chunks are written by the thread pool while the next batch is produced (decoded).
    const sink = new RowSink<T>(
      mode,
      options,
      {
        ...(options.features ? { features: options.features } : {}),
        info,
      },
      { asyncWrites: true },
    );
    try {
      for await (const batch of batches) for (const row of batch) sink.push(row);
      await sink.drain();
      return new Dataset<T>(sink.finish(), undefined, options.features, info);
    } catch (error) {
      sink.abort();
      throw error;
    }
  }

  /**
   * Opens an existing on-disk row store (written by `fromBatches`, `map` or `save`) without reading any source.
   * Features and info come from its manifest.
   * @param dir - The store directory.
   * @param options - `fingerprint`: when given, the store's fingerprint must equal it.
   * @throws CrucibleError("STORE") when the directory is not a complete store (for instance half-written by a
   *   crash) or the fingerprint differs.
   */
  static openStore<T = Row>(dir: string, options: { fingerprint?: string } = {}): Dataset<T> {
    const store = RowStore.open(dir);
    if (options.fingerprint !== undefined && store.manifest.fingerprint !== options.fingerprint) {
      store.close();
      throw new CrucibleError("STORE", `Store fingerprint ${String(store.manifest.fingerprint)} differs from ${options.fingerprint}`, {
        file: dir,
        hint: "Rebuild the store from its source",
      });
    }
    const { features, info } = store.manifest;
    return new Dataset<T>(new StoreSource<T>(store), undefined, features, info ?? {});
  }

  /** Number of rows. */
  get length(): number {
    return this.indexMap ? this.indexMap.length : this.source.length;
  }

  /** Python's `num_rows`. */
  get numRows(): number {
    return this.length;
  }

  /** True when the rows are read from an on-disk store. */
  get onDisk(): boolean {
    return this.source.onDisk;
  }

  /** The index mapping over the table, if any (read-only; a copy is not made). */
  get indices(): Uint32Array | undefined {
    return this.indexMap;
  }

  /** Column names: the features' keys, else the keys of the first row, else `[]`. */
  get columnNames(): string[] {
    if (this.features) return Object.keys(this.features);
    if (this.length === 0) return [];
    const first = this.rowAt(0);
    return isPlainObject(first) ? Object.keys(first) : [];
  }

  /** Row k without bounds checks (k already in range). */
  private rowAt(k: number): T {
    return this.source.get(this.indexMap ? (this.indexMap[k] as number) : k);
  }

  /** Table index of row k. */
  private baseIndex(k: number): number {
    return this.indexMap ? (this.indexMap[k] as number) : k;
  }

  /** A random-access view of this dataset for the lazy sources. */
  private view(): { length: number; at(i: number): T; onDisk: boolean } {
    return { length: this.length, at: (i: number) => this.rowAt(i), onDisk: this.onDisk };
  }

  /**
   * Row `i`; negative indices count from the end (as `Array.prototype.at` and Python).
   * @throws InvalidArgumentError when out of range.
   */
  at(i: number): T {
    const n = this.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) {
      throw new InvalidArgumentError(`Index ${i} is out of range for a dataset of ${n} rows`);
    }
    return this.rowAt(k);
  }

  /** Iterates the rows in order. */
  *[Symbol.iterator](): Iterator<T> {
    const n = this.length;
    if (!this.indexMap && this.source instanceof ArraySource) {
      const rows = (this.source as ArraySource<T>).rows;
      for (let i = 0; i < n; i++) yield rows[i] as T;
      return;
    }
    for (let i = 0; i < n; i++) yield this.rowAt(i);
  }

  /** All rows in an array (materialises everything). */
  toArray(): T[] {
    const n = this.length;
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = this.rowAt(i);
    return out;
  }

  /** The values of one column, in row order (Python `ds["col"]`). */
  column<C extends keyof T & string>(name: C): Array<T[C]> {
    this.checkColumns([name], "column");
    const out = new Array<T[C]>(this.length);
    for (let i = 0; i < out.length; i++) out[i] = (this.rowAt(i) as T)[name];
    return out;
  }

  private withIndices(indices: Uint32Array, info = deriveInfo(this.info)): Dataset<T> {
    return new Dataset<T>(this.source, indices, this.features, info);
  }

  /**
   * Rows at the given positions, in that order (repeats allowed). Only an index array is built.
   * @throws InvalidArgumentError when an index is out of range.
   */
  select(indices: Iterable<number> | ArrayLike<number>): Dataset<T> {
    const list =
      ArrayBuffer.isView(indices) || Array.isArray(indices) ? (indices as ArrayLike<number>) : Array.from(indices as Iterable<number>);
    const n = this.length;
    const out = new Uint32Array(list.length);
    for (let k = 0; k < list.length; k++) {
      const i = list[k] as number;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new InvalidArgumentError(`select: index ${i} (position ${k}) is out of range for a dataset of ${n} rows`);
      }
      out[k] = this.baseIndex(i);
    }
    return this.withIndices(out);
  }

  private range(start: number, end: number): Dataset<T> {
    const out = new Uint32Array(Math.max(0, end - start));
    for (let k = 0; k < out.length; k++) out[k] = this.baseIndex(start + k);
    return this.withIndices(out);
  }

  /**
   * The first `n` rows (Python `take`, i.e. `select(range(n))`).
   * @throws InvalidArgumentError when `n` exceeds the length (Python raises IndexError too).
   */
  take(n: number): Dataset<T> {
    checkCount("take: n", n, this.length);
    return this.range(0, n);
  }

  /** All rows after the first `n` (Python `skip`); empty when `n ≥ length`. */
  skip(n: number): Dataset<T> {
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`skip: n must be a non-negative integer, got ${n}`);
    return this.range(Math.min(n, this.length), this.length);
  }

  /**
   * The rows repeated `times` times (Python `repeat`, i.e. the dataset concatenated with itself). Index-only.
   * @throws InvalidArgumentError when `times` is not a non-negative integer or the result exceeds 2^32 rows.
   */
  repeat(times: number): Dataset<T> {
    if (!Number.isInteger(times) || times < 0) throw new InvalidArgumentError(`repeat: times must be a non-negative integer, got ${times}`);
    const n = this.length;
    if (n * times > 0xffffffff) throw new InvalidArgumentError(`repeat: ${n} × ${times} rows exceed 2^32`);
    const out = new Uint32Array(n * times);
    for (let k = 0; k < n; k++) out[k] = this.baseIndex(k);
    for (let r = 1; r < times; r++) out.copyWithin(r * n, 0, n);
    return this.withIndices(out);
  }

  /**
   * Shuffled rows: `select(np.random.default_rng(seed).permutation(length))`, the same order as Python
   * `datasets`' `shuffle(seed=seed)`. Only an index array is built (4 bytes a row). Python's
   * `keep_in_memory`/indices-cache options have no equivalent: nothing is written.
   */
  shuffle(options: ShuffleOptions = {}): Dataset<T> {
    const n = this.length;
    const perm =
      options.generator !== undefined
        ? options.generator.permutation(n)
        : options.seed !== undefined
          ? permutation(n, options.seed)
          : new NumpyGenerator().permutation(n);
    for (let k = 0; k < n; k++) perm[k] = this.baseIndex(perm[k] as number);
    return this.withIndices(perm);
  }

  /**
   * Shard `index` of `numShards`, exactly as Python `datasets.Dataset.shard`: contiguous blocks where the first
   * `length % numShards` shards get one extra row, or (contiguous: false) rows `index, index + numShards, …`.
   * @throws InvalidArgumentError when `index` is not in [0, numShards).
   */
  shard(options: ShardOptions): Dataset<T> {
    const { numShards, index, contiguous = true } = options;
    if (!Number.isInteger(numShards) || numShards < 1) {
      throw new InvalidArgumentError(`shard: numShards must be a positive integer, got ${numShards}`);
    }
    if (!Number.isInteger(index) || index < 0 || index >= numShards) {
      throw new InvalidArgumentError(`shard: index should be in [0, ${numShards - 1}], got ${index}`);
    }
    const n = this.length;
    if (contiguous) {
      const div = Math.floor(n / numShards);
      const mod = n % numShards;
      const start = div * index + Math.min(index, mod);
      const end = start + div + (index < mod ? 1 : 0);
      return this.range(start, end);
    }
    const out = new IndexBuilder(Math.ceil(n / numShards));
    for (let i = index; i < n; i += numShards) out.push(this.baseIndex(i));
    return this.withIndices(out.finish());
  }

  /**
   * Python `train_test_split`: a {@link DatasetDict} with `train` and `test`, the same rows in the same order as
   * Python for the same seed (indices from `trainTestSplitIndices`, stratified with `stratifyByColumn`).
   */
  trainTestSplit(options: TrainTestSplitOptions = {}): DatasetDict<T> {
    const { stratifyByColumn, ...rest } = options;
    const { train, test } = trainTestSplitIndices(
      this.length,
      stratifyByColumn === undefined
        ? rest
        : { ...rest, stratify: this.column(stratifyByColumn as keyof T & string), stratifyColumn: stratifyByColumn },
    );
    return new DatasetDict<T>({ train: this.select(train), test: this.select(test) });
  }

  /** Splits for node `rank` of `worldSize` (Python `split_dataset_by_node` on a map-style dataset: a contiguous shard). */
  splitByNode(rank: number, worldSize: number): Dataset<T> {
    return this.shard({ numShards: worldSize, index: rank, contiguous: true });
  }

  /**
   * Rows where `fn` is true, in order. Only an index array is built (no row is copied, also for disk-backed
   * data: Python also filters through an indices mapping).
   * @param fn - Predicate on a row and its position in this dataset; or, with `batched`, on a columnar batch and
   *   its positions, returning one boolean per row.
   */
  filter(fn: (row: T, index: number) => boolean, options?: FilterOptions & { batched?: false }): Dataset<T>;
  filter(fn: (batch: ColumnBatch, indices: number[]) => readonly boolean[], options: FilterOptions & { batched: true }): Dataset<T>;
  filter(fn: (input: never, index: never) => unknown, options: FilterOptions = {}): Dataset<T> {
    const n = this.length;
    const keep = new IndexBuilder(Math.min(n, 1 << 16));
    if (!options.batched) {
      const pred = fn as unknown as (row: T, index: number) => boolean;
      for (let k = 0; k < n; k++) if (pred(this.rowAt(k), k)) keep.push(this.baseIndex(k));
    } else {
      const size = (options.batchSize ?? 1000) > 0 ? (options.batchSize ?? 1000) : n || 1;
      const pred = fn as unknown as (batch: ColumnBatch, indices: number[]) => readonly boolean[];
      const columns = this.features ? Object.keys(this.features) : undefined;
      for (let start = 0; start < n; start += size) {
        const end = Math.min(start + size, n);
        const rows: T[] = [];
        const idx: number[] = [];
        for (let k = start; k < end; k++) {
          rows.push(this.rowAt(k));
          idx.push(k);
        }
        const mask = pred(rowsToColumns(rows, columns), idx);
        if (!Array.isArray(mask) || mask.length !== rows.length) {
          throw new InvalidArgumentError(
            `filter(batched): the function must return ${rows.length} booleans for rows ${start}..${end - 1}, got ${Array.isArray(mask) ? mask.length : typeof mask}`,
          );
        }
        for (let j = 0; j < mask.length; j++) if (mask[j]) keep.push(this.baseIndex(start + j));
      }
    }
    return this.withIndices(keep.finish());
  }

  /** Materialises `fn(row, k)` for every row into memory or a new store. */
  private materialize<U>(produce: (sink: RowSink<U>) => void, options: StoreOptions, features: Features | undefined): Dataset<U> {
    const mode: StoreMode = options.store ?? (this.onDisk ? "disk" : "memory");
    if (mode !== "memory" && options.fingerprint !== undefined) {
      // Reuse a finished result with the same fingerprint (Python's `load_from_cache_file`), without calling fn.
      const dir = options.storeDir ?? storeDirForFingerprint(options.fingerprint);
      if (RowStore.isValid(dir, options.fingerprint)) return Dataset.openStore<U>(dir);
    }
    const info = deriveInfo(this.info, options.fingerprint);
    const sink = new RowSink<U>(mode, options, { ...(features ? { features } : {}), info });
    try {
      produce(sink);
      return new Dataset<U>(sink.finish(), undefined, features, info);
    } catch (error) {
      sink.abort();
      throw error;
    }
  }

  /**
   * Python `map`: applies `fn` to every row (or columnar batch with `batched`) and builds a new dataset.
   * As in Python, when the row and the output are objects the output is merged into the row (new columns added,
   * existing ones overwritten); `removeColumns` drops input columns first; returning `undefined` keeps the
   * (possibly modified) row. A non-object output replaces the row. `fn` gets a shallow copy of each row.
   *
   * The result is in memory, or — when this dataset is disk-backed, or `store: "disk"` — a new on-disk store
   * written while streaming (constant memory). With a `fingerprint` (your own key: crucible never hashes `fn`), a
   * finished disk result with that fingerprint is reopened instead of calling `fn` again. Batched: the output batch may have a different number of rows only
   * when every input column is removed (Python's rule).
   * @throws InvalidArgumentError on unknown `removeColumns` or inconsistent batch lengths.
   */
  map<U = void, K extends string = never>(
    fn: (row: T, index: number) => U,
    options?: MapOptions<K> & { batched?: false },
  ): Dataset<MapResult<T, U, K>>;
  map<U = Row>(fn: (batch: ColumnBatch, indices: number[]) => ColumnBatch | void, options: MapOptions & { batched: true }): Dataset<U>;
  map(fn: (input: never, index: never) => unknown, options: MapOptions = {}): Dataset<unknown> {
    const remove = new Set<string>(options.removeColumns ?? []);
    if (remove.size) this.checkColumns([...remove], "map(removeColumns)");
    const n = this.length;
    if (!options.batched) {
      const f = fn as unknown as (row: unknown, index: number) => unknown;
      return this.materialize<unknown>(
        (sink) => {
          for (let k = 0; k < n; k++) {
            const row = this.rowAt(k) as unknown;
            const input = isPlainObject(row) ? { ...row } : row;
            const out = f(input, k);
            sink.push(mergeOutput(input, out, remove));
          }
        },
        options,
        options.features,
      );
    }
    const size = (options.batchSize ?? 1000) > 0 ? (options.batchSize ?? 1000) : n || 1;
    const f = fn as unknown as (batch: ColumnBatch, indices: number[]) => ColumnBatch | undefined;
    const columns = this.features ? Object.keys(this.features) : undefined;
    return this.materialize<unknown>(
      (sink) => {
        for (let start = 0; start < n; start += size) {
          const end = Math.min(start + size, n);
          if (end - start < size && options.dropLastBatch) break;
          const rows: unknown[] = [];
          const idx: number[] = [];
          for (let k = start; k < end; k++) {
            rows.push(this.rowAt(k));
            idx.push(k);
          }
          for (const row of applyBatchedMap(rows, columns, f, remove, idx, `rows ${start}..${end - 1}`)) sink.push(row);
        }
      },
      options,
      options.features,
    );
  }

  /**
   * Sorted rows (stable; Python `sort`, Arrow order: numbers numerically, strings by code point, nulls at the
   * end). Sort by one column, several columns (with one `reverse` flag each), or a key function.
   * Only an index array is built.
   */
  sort(by: (keyof T & string) | ReadonlyArray<keyof T & string> | ((row: T) => unknown), options: SortOptions = {}): Dataset<T> {
    const n = this.length;
    const nullPlacement = options.nullPlacement ?? "at_end";
    let keys: unknown[][];
    let flags: boolean[];
    if (typeof by === "function") {
      keys = [new Array<unknown>(n)];
      for (let k = 0; k < n; k++) (keys[0] as unknown[])[k] = by(this.rowAt(k));
      flags = [Array.isArray(options.reverse) ? (options.reverse[0] ?? false) : (options.reverse ?? false)];
    } else {
      const cols = (typeof by === "string" ? [by] : [...by]) as string[];
      this.checkColumns(cols, "sort");
      if (Array.isArray(options.reverse) && options.reverse.length !== cols.length) {
        throw new InvalidArgumentError(`sort: reverse has ${options.reverse.length} flags for ${cols.length} columns`);
      }
      flags = cols.map((_, j) => (Array.isArray(options.reverse) ? (options.reverse[j] as boolean) : (options.reverse ?? false)));
      keys = cols.map(() => new Array<unknown>(n));
      for (let k = 0; k < n; k++) {
        const row = this.rowAt(k) as Row;
        for (let j = 0; j < cols.length; j++) (keys[j] as unknown[])[k] = row[cols[j] as string];
      }
    }
    const cmps = flags.map((r) => keyComparator(r, nullPlacement));
    const order = Array.from({ length: n }, (_, k) => k);
    order.sort((a, b) => {
      for (let j = 0; j < keys.length; j++) {
        const col = keys[j] as unknown[];
        const c = (cmps[j] as (x: unknown, y: unknown) => number)(col[a], col[b]);
        if (c !== 0) return c;
      }
      return a - b;
    });
    const out = new Uint32Array(n);
    for (let k = 0; k < n; k++) out[k] = this.baseIndex(order[k] as number);
    return this.withIndices(out);
  }

  /** Distinct values of a column in order of first appearance (Python `unique`; nulls included). */
  unique<C extends keyof T & string>(column: C): Array<T[C]> {
    this.checkColumns([column], "unique");
    const seen = new Set<unknown>();
    const seenComposite = new Set<string>();
    const out: Array<T[C]> = [];
    for (let k = 0; k < this.length; k++) {
      const v = (this.rowAt(k) as T)[column];
      if (v !== null && typeof v === "object") {
        const key =
          v instanceof Uint8Array
            ? `b:${Buffer.from(v).toString("base64")}`
            : `j:${JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))}`;
        if (seenComposite.has(key)) continue;
        seenComposite.add(key);
      } else {
        const key = v === undefined ? null : v;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push(v);
    }
    return out;
  }

  /**
   * Groups rows into batches of `size` (Python `batch`): each row of the result is `{ column: values[] }`.
   * Computed lazily on access.
   */
  batch(size: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`batch: size must be a positive integer, got ${size}`);
    const columns = this.features ? Object.keys(this.features) : undefined;
    const objectRows = this.length === 0 || isPlainObject(this.rowAt(0));
    const source = new BatchSource<T, Batched<T>>(
      this.view(),
      size,
      options.dropLast ?? false,
      (rows) => (objectRows ? rowsToColumns(rows, columns) : rows) as Batched<T>,
    );
    const features = this.features
      ? Object.fromEntries(Object.entries(this.features).map(([k, f]): [string, Feature] => [k, { kind: "list", feature: f, length: -1 }]))
      : undefined;
    return new Dataset<Batched<T>>(source, undefined, features, deriveInfo(this.info));
  }

  private checkColumns(columns: readonly string[], op: string): void {
    if (this.features === undefined && this.length === 0) return;
    const names = this.columnNames;
    const missing = columns.filter((c) => !names.includes(c));
    if (missing.length) {
      throw new InvalidArgumentError(
        `${op}: column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")} not in the dataset`,
        {
          field: missing[0] as string,
          hint: `Columns: ${names.join(", ")}`,
        },
      );
    }
  }

  private project<U>(fn: (row: Row) => Row, features: Features | undefined): Dataset<U> {
    const source = new ViewSource<T, U>(this.view(), (row) => fn(row as Row) as U);
    return new Dataset<U>(source, undefined, features, deriveInfo(this.info));
  }

  /**
   * Renames one column (lazy view).
   * @throws InvalidArgumentError when `from` is missing or `to` already exists.
   */
  renameColumn<F extends keyof T & string, N extends string>(from: F, to: N): Dataset<Omit<T, F> & Record<N, T[F]>> {
    return this.renameColumns({ [from]: to } as unknown as Partial<Record<keyof T & string, string>>) as unknown as Dataset<
      Omit<T, F> & Record<N, T[F]>
    >;
  }

  /**
   * Renames columns by a mapping `{ old: new }` (lazy view; column order is kept).
   * @throws InvalidArgumentError when a source column is missing or a target collides with another column.
   */
  renameColumns(mapping: Partial<Record<keyof T & string, string>>): Dataset<Row> {
    const entries = Object.entries(mapping) as Array<[string, string]>;
    this.checkColumns(
      entries.map(([f]) => f),
      "renameColumns",
    );
    const names = this.columnNames;
    const renamed = names.map((c) => (mapping as Record<string, string>)[c] ?? c);
    if (new Set(renamed).size !== renamed.length) {
      throw new InvalidArgumentError(`renameColumns: the new column names ${JSON.stringify(renamed)} are not unique`);
    }
    const map = new Map(entries);
    const features = this.features ? Object.fromEntries(Object.entries(this.features).map(([k, v]) => [map.get(k) ?? k, v])) : undefined;
    return this.project<Row>((row) => {
      const out: Row = {};
      for (const key in row) out[map.get(key) ?? key] = row[key];
      return out;
    }, features);
  }

  /**
   * Adds a column from an array with one value per row (Python `add_column`; lazy view).
   * @param feature - Its feature, recorded when the dataset has features. Default: none.
   * @throws InvalidArgumentError when the length differs or the column exists.
   */
  addColumn<N extends string, V>(name: N, values: ArrayLike<V>, feature?: Feature): Dataset<T & Record<N, V>> {
    if (values.length !== this.length) {
      throw new InvalidArgumentError(`addColumn: ${values.length} values for ${this.length} rows`, { field: name });
    }
    if (this.columnNames.includes(name)) throw new InvalidArgumentError(`addColumn: column "${name}" already exists`, { field: name });
    const features = this.features && feature ? { ...this.features, [name]: feature } : undefined;
    const source = new ViewSource<T, T & Record<N, V>>(
      this.view(),
      (row, i) => ({ ...(row as Row), [name]: values[i] }) as T & Record<N, V>,
    );
    return new Dataset<T & Record<N, V>>(source, undefined, features, deriveInfo(this.info));
  }

  /** Drops columns (lazy view). @throws InvalidArgumentError for an unknown column. */
  removeColumns<K extends keyof T & string>(columns: K | readonly K[]): Dataset<Omit<T, K>> {
    const list = (typeof columns === "string" ? [columns] : [...columns]) as string[];
    this.checkColumns(list, "removeColumns");
    const drop = new Set(list);
    const features = this.features ? Object.fromEntries(Object.entries(this.features).filter(([k]) => !drop.has(k))) : undefined;
    return this.project<Omit<T, K>>((row) => {
      const out: Row = {};
      for (const key in row) if (!drop.has(key)) out[key] = row[key];
      return out;
    }, features);
  }

  /** Keeps only the given columns, in the given order (lazy view). @throws InvalidArgumentError for an unknown column. */
  selectColumns<K extends keyof T & string>(columns: K | readonly K[]): Dataset<Pick<T, K>> {
    const list = (typeof columns === "string" ? [columns] : [...columns]) as string[];
    this.checkColumns(list, "selectColumns");
    const features = this.features ? Object.fromEntries(list.map((k) => [k, this.features?.[k] as Feature])) : undefined;
    return this.project<Pick<T, K>>((row) => {
      const out: Row = {};
      for (const key of list) out[key] = row[key];
      return out;
    }, features);
  }

  /**
   * Casts a column to a feature type (Python `cast_column`): int ↔ float ↔ string ↔ bool `Value` dtypes,
   * `ClassLabel` from names (str → int), lists and structs element-wise. Eager: rows are rewritten (to a new
   * store when disk-backed), and a value that cannot be cast throws before the dataset is returned. The new feature
   * is recorded in `features` when the dataset has features (an untyped dataset stays untyped).
   * @throws SchemaMismatchError naming the row and column of the first value that cannot be cast.
   */
  castColumn<C extends keyof T & string>(column: C, feature: Feature, options: StoreOptions = {}): Dataset<T> {
    this.checkColumns([column], "castColumn");
    const features: Features | undefined = this.features ? { ...this.features, [column]: feature } : { [column]: feature };
    const n = this.length;
    const complete = this.features !== undefined ? features : undefined;
    return this.materialize<T>(
      (sink) => {
        for (let k = 0; k < n; k++) {
          const row = this.rowAt(k) as Row;
          sink.push({ ...row, [column]: castValue(row[column], feature, { row: k, field: column }) } as T);
        }
      },
      options,
      complete,
    );
  }

  /**
   * Writes the rows into a contiguous table (drops the index mapping; Python `flatten_indices`). Useful after
   * `shuffle` of disk-backed data, to make later full passes sequential.
   */
  flattenIndices(options: StoreOptions = {}): Dataset<T> {
    return this.materialize<T>(
      (sink) => {
        for (let k = 0; k < this.length; k++) sink.push(this.rowAt(k));
      },
      options,
      this.features,
    );
  }

  /**
   * A streaming view of this dataset (Python `to_iterable_dataset`): `numShards` contiguous shards (default 1),
   * so `IterableDataset.shuffle` / `splitByNode` can work at the shard level.
   */
  toIterableDataset(numShards = 1): IterableDataset<T> {
    if (!Number.isInteger(numShards) || numShards < 1 || numShards > Math.max(1, this.length)) {
      throw new InvalidArgumentError(`toIterableDataset: numShards must be in [1, ${Math.max(1, this.length)}], got ${numShards}`);
    }
    const shards = Array.from({ length: numShards }, (_, index) => () => this.shard({ numShards, index }));
    return IterableDataset.fromShards<T>(shards, { ...(this.features ? { features: this.features } : {}), info: this.info });
  }

  /**
   * Writes the rows as JSON Lines (atomic: temp file + rename). bigint values are written as exact JSON
   * integers, `Uint8Array` as base64 strings.
   * @returns The number of rows written.
   */
  toJSONL(path: string): number {
    return writeJsonl(path, this);
  }

  /**
   * Writes the rows as Parquet with hyparquet-writer (streamed by row group, atomic), with the features in the
   * `huggingface` metadata when known. See {@link ToParquetOptions}.
   */
  async toParquet(path: string, options: ToParquetOptions = {}): Promise<void> {
    const columns = this.columnNames.length ? this.columnNames : ["value"];
    await writeParquet(path, this, columns, this.features, options);
  }

  /** Python `repr`-like summary, e.g. `Dataset({ features: [question, answer], numRows: 7473 })`. */
  toString(): string {
    return `Dataset({ features: [${this.columnNames.join(", ")}], numRows: ${this.length} })`;
  }
}

import { SplitNotFoundError } from "@crucible/types";
import type { Feature } from "@crucible/types";
import type { Dataset, FilterOptions, MapOptions, MapResult, Row, ShuffleOptions, SortOptions } from "./dataset.js";

/**
 * Named splits (`train`, `test`, …) of a dataset, in insertion order, like Python `datasets.DatasetDict`.
 * Transform methods apply to every split and return a new DatasetDict.
 */
export class DatasetDict<T = Row> implements Iterable<[string, Dataset<T>]> {
  private readonly splitMap: ReadonlyMap<string, Dataset<T>>;

  /** @param splits - Split name → dataset (a record or a Map; order is kept). */
  constructor(splits: Record<string, Dataset<T>> | ReadonlyMap<string, Dataset<T>> | Iterable<[string, Dataset<T>]>) {
    this.splitMap =
      splits instanceof Map
        ? new Map(splits)
        : new Map(Symbol.iterator in splits ? (splits as Iterable<[string, Dataset<T>]>) : Object.entries(splits));
  }

  /** Split names in order. */
  get splits(): string[] {
    return [...this.splitMap.keys()];
  }

  /** Rows per split (Python `num_rows`). */
  get numRows(): Record<string, number> {
    return Object.fromEntries([...this.splitMap].map(([k, v]) => [k, v.length]));
  }

  /** Column names per split (Python `column_names`). */
  get columnNames(): Record<string, string[]> {
    return Object.fromEntries([...this.splitMap].map(([k, v]) => [k, v.columnNames]));
  }

  /** Distinct values of a column per split (Python `DatasetDict.unique`). */
  unique<C extends keyof T & string>(column: C): Record<string, Array<T[C]>> {
    return Object.fromEntries([...this.splitMap].map(([k, v]) => [k, v.unique(column)]));
  }

  /** True when the split exists. */
  has(split: string): boolean {
    return this.splitMap.has(split);
  }

  /**
   * The dataset of one split.
   * @throws SplitNotFoundError listing the available splits.
   */
  get(split: string): Dataset<T> {
    const ds = this.splitMap.get(split);
    if (!ds) throw new SplitNotFoundError(`Split "${split}" not found`, { available: this.splits });
    return ds;
  }

  /** `[name, dataset]` pairs in order. */
  entries(): IterableIterator<[string, Dataset<T>]> {
    return this.splitMap.entries();
  }

  /** Same as {@link DatasetDict.entries}. */
  [Symbol.iterator](): Iterator<[string, Dataset<T>]> {
    return this.splitMap.entries();
  }

  /** Applies `fn` to every split. */
  apply<U>(fn: (ds: Dataset<T>, split: string) => Dataset<U>): DatasetDict<U> {
    return new DatasetDict<U>([...this.splitMap].map(([k, v]): [string, Dataset<U>] => [k, fn(v, k)]));
  }

  /** `map` on every split (see `Dataset.map`). */
  map<U = void, K extends string = never>(
    fn: (row: T, index: number) => U,
    options?: MapOptions<K> & { batched?: false },
  ): DatasetDict<MapResult<T, U, K>> {
    return this.apply((ds) => ds.map<U, K>(fn, options));
  }

  /** `filter` on every split (see `Dataset.filter`). */
  filter(fn: (row: T, index: number) => boolean, options?: FilterOptions & { batched?: false }): DatasetDict<T> {
    return this.apply((ds) => ds.filter(fn, options));
  }

  /**
   * `shuffle` on every split. With `seed`, each split uses the same seed (Python `DatasetDict.shuffle(seed=…)`);
   * `seeds` gives one per split.
   */
  shuffle(options: ShuffleOptions & { seeds?: Record<string, number | bigint> } = {}): DatasetDict<T> {
    return this.apply((ds, split) => {
      const seed = options.seeds?.[split] ?? options.seed;
      return ds.shuffle(seed === undefined ? {} : { seed });
    });
  }

  /** `sort` on every split. */
  sort(by: (keyof T & string) | ReadonlyArray<keyof T & string>, options?: SortOptions): DatasetDict<T> {
    return this.apply((ds) => ds.sort(by, options));
  }

  /** `renameColumn` on every split. */
  renameColumn<F extends keyof T & string, N extends string>(from: F, to: N): DatasetDict<Omit<T, F> & Record<N, T[F]>> {
    return this.apply((ds) => ds.renameColumn(from, to));
  }

  /** `renameColumns` on every split. */
  renameColumns(mapping: Partial<Record<keyof T & string, string>>): DatasetDict<Row> {
    return this.apply((ds) => ds.renameColumns(mapping));
  }

  /** `removeColumns` on every split. */
  removeColumns<K extends keyof T & string>(columns: K | readonly K[]): DatasetDict<Omit<T, K>> {
    return this.apply((ds) => ds.removeColumns(columns));
  }

  /** `selectColumns` on every split. */
  selectColumns<K extends keyof T & string>(columns: K | readonly K[]): DatasetDict<Pick<T, K>> {
    return this.apply((ds) => ds.selectColumns(columns));
  }

  /** `castColumn` on every split. */
  castColumn<C extends keyof T & string>(column: C, feature: Feature): DatasetDict<T> {
    return this.apply((ds) => ds.castColumn(column, feature));
  }

  /** Summary like Python's repr. */
  toString(): string {
    return `DatasetDict({ ${[...this.splitMap].map(([k, v]) => `${k}: ${v.toString()}`).join(", ")} })`;
  }
}

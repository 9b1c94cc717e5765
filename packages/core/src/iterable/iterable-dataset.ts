import { randomBytes } from "node:crypto";
import { InvalidArgumentError, type Features } from "@crucible/types";
import { NumpyGenerator } from "../rng/index.js";
import { applyBatchedMap, isPlainObject, mergeOutput, rowsToColumns, type ColumnBatch, type Row } from "../dataset/columns.js";
import type { DatasetInfo } from "../store/row-store.js";
import { CompactRowBuffer } from "./compact-buffer.js";

/** A function that opens one shard (a file, a row range…) and yields its rows. Called once per iteration. */
export type ShardFn<T> = () => AsyncIterable<T> | Iterable<T>;

/** Options of {@link IterableDataset.fromShards} and {@link IterableDataset.fromIterable}. */
export interface IterableDatasetOptions {
  /** Column types, when known. Default none. */
  features?: Features;
  /** Provenance. Default `{}`. */
  info?: DatasetInfo;
}

/** Options of {@link IterableDataset.shuffle}. */
export interface IterableShuffleOptions {
  /** Seed of the shard-order permutation and of the buffer. Default: a random seed drawn once at `shuffle()` time. */
  seed?: number | bigint;
  /** Rows held in the shuffle buffer. Default 1000 (Python's default). */
  bufferSize?: number;
}

/** Options of {@link IterableDataset.map}. */
export interface IterableMapOptions {
  /** Columnar batches instead of rows. Default false. */
  batched?: boolean;
  /** Rows per batch when batched. Default 1000. */
  batchSize?: number;
  /** Drop a last batch smaller than batchSize. Default false. */
  dropLastBatch?: boolean;
  /** Input columns to drop before merging the output. Default none. */
  removeColumns?: readonly string[];
}

type Op =
  | { kind: "map"; fn: (row: unknown, index: number) => unknown; remove: ReadonlySet<string>; replace?: boolean }
  | {
      kind: "mapBatched";
      fn: (batch: ColumnBatch, indices: number[]) => ColumnBatch | undefined;
      remove: ReadonlySet<string>;
      size: number;
      dropLast: boolean;
    }
  | { kind: "filter"; fn: (row: unknown, index: number) => boolean }
  | { kind: "take"; n: number }
  | { kind: "skip"; n: number }
  | { kind: "batch"; size: number; dropLast: boolean }
  | { kind: "shuffle"; seed: number | bigint; bufferSize: number }
  | { kind: "shard"; numShards: number; index: number; contiguous: boolean };

const TWO63 = 1n << 63n;

/**
 * The seed used at epoch `epoch` for a shuffle seeded with `seed`: the seed itself at epoch 0, else
 * `default_rng(seed).integers(0, 2**63) - epoch` (wrapped into [0, 2^63)), the formula Python `datasets`
 * uses to shift its buffer-shuffle generator per epoch.
 */
export function epochSeed(seed: number | bigint, epoch: number): number | bigint {
  if (epoch === 0) return seed;
  let s = new NumpyGenerator(seed).integersBigInt(0n, TWO63 - 1n, { endpoint: true }) - BigInt(epoch);
  if (s < 0n) s += TWO63;
  return s;
}

/** Contiguous shard `index` of `n` items split in `k` (first `n % k` get one more), as Dataset.shard. */
function contiguousRange(n: number, k: number, index: number): [number, number] {
  const div = Math.floor(n / k);
  const mod = n % k;
  const start = div * index + Math.min(index, mod);
  return [start, start + div + (index < mod ? 1 : 0)];
}

async function* concatShards<T>(shards: ReadonlyArray<ShardFn<T>>): AsyncGenerator<T> {
  for (const open of shards) yield* open();
}

async function* applyOp(stream: AsyncIterable<unknown>, op: Op, epoch: number): AsyncGenerator<unknown> {
  switch (op.kind) {
    case "map": {
      let i = 0;
      for await (const row of stream) {
        if (op.replace) {
          yield op.fn(row, i++);
          continue;
        }
        const input = isPlainObject(row) ? { ...row } : row;
        yield mergeOutput(input, op.fn(input, i++), op.remove);
      }
      return;
    }
    case "mapBatched": {
      let rows: unknown[] = [];
      let base = 0;
      const flush = function* (): Generator<unknown> {
        const idx = rows.map((_, j) => base + j);
        yield* applyBatchedMap(rows, undefined, op.fn, op.remove, idx, `rows ${base}..${base + rows.length - 1}`);
        base += rows.length;
        rows = [];
      };
      for await (const row of stream) {
        rows.push(row);
        if (rows.length === op.size) yield* flush();
      }
      if (rows.length && !op.dropLast) yield* flush();
      return;
    }
    case "filter": {
      let i = 0;
      for await (const row of stream) if (op.fn(row, i++)) yield row;
      return;
    }
    case "take": {
      if (op.n === 0) return;
      let i = 0;
      for await (const row of stream) {
        yield row;
        if (++i >= op.n) return;
      }
      return;
    }
    case "skip": {
      let i = 0;
      for await (const row of stream) if (i++ >= op.n) yield row;
      return;
    }
    case "batch": {
      let rows: unknown[] = [];
      const combine = (): unknown => (rows.length && isPlainObject(rows[0]) ? rowsToColumns(rows) : rows);
      for await (const row of stream) {
        rows.push(row);
        if (rows.length === op.size) {
          yield combine();
          rows = [];
        }
      }
      if (rows.length && !op.dropLast) yield combine();
      return;
    }
    case "shuffle": {
      // Python datasets' BufferShuffledExamplesIterable: fill the buffer, then for every new row yield
      // buffer[i] with i = rng.integers(0, bufferSize) and put the new row in its place; finally shuffle the rest.
      // Indices are drawn in blocks of 1000 (numpy `integers(0, bufferSize, size=1000)`), which matters for the
      // generator state left for the final shuffle.
      // Buffered rows are held as encoded records, not objects (see CompactRowBuffer).
      const rng = new NumpyGenerator(epochSeed(op.seed, epoch));
      const buffer = new CompactRowBuffer();
      let block: number[] = [];
      let next = 0;
      for await (const row of stream) {
        if (buffer.length === op.bufferSize) {
          if (next === block.length) {
            block = rng.integersArray(1000, 0, op.bufferSize);
            next = 0;
          }
          yield buffer.swap(block[next++] as number, row);
        } else buffer.push(row);
      }
      rng.shuffle(buffer.order);
      yield* buffer.drain();
      return;
    }
    case "shard":
      // Shard selection happens on the shard list before iteration.
      yield* stream;
      return;
  }
}

/**
 * A lazily evaluated stream of rows made of shards (files, row ranges), like Python `datasets.IterableDataset`:
 * constant memory, async iteration, operations composed lazily and applied on every iteration.
 *
 * - `shuffle({ seed, bufferSize })` permutes the shard order with `default_rng(seed).permutation(numShards)` and
 *   then runs Python's buffer shuffle (reservoir of `bufferSize` rows, indices from `default_rng(seed).integers`).
 *   Exact parity with Python's streaming shuffle is NOT claimed in general: Python 5.x fills the buffer from up to
 *   10 shards at once and reseeds the shard order per epoch with `default_rng(epoch)`. For a single shard the
 *   order equals Python 5.0.1's (tested, epochs included); with several shards it differs.
 * - `setEpoch(n)` changes the effective seed of every shuffle (see {@link epochSeed}).
 * - `take`/`skip` freeze the shard order for shuffles that come after them (as in Python).
 */
export class IterableDataset<T = Row> implements AsyncIterable<T> {
  /** Column types, when known. */
  readonly features: Features | undefined;
  /** Provenance. */
  readonly info: DatasetInfo;
  private readonly shards: ReadonlyArray<ShardFn<unknown>>;
  private readonly ops: readonly Op[];
  private readonly distributed: { rank: number; worldSize: number } | undefined;
  private epochValue = 0;

  private constructor(
    shards: ReadonlyArray<ShardFn<unknown>>,
    ops: readonly Op[],
    features: Features | undefined,
    info: DatasetInfo,
    distributed?: { rank: number; worldSize: number },
    epoch = 0,
  ) {
    this.shards = shards;
    this.ops = ops;
    this.features = features;
    this.info = info;
    this.distributed = distributed;
    this.epochValue = epoch;
  }

  /**
   * A dataset over shards: each function opens one shard and yields its rows (it is called again on every
   * iteration). Shards are the unit of shard-order shuffling, `shard` and `splitByNode`.
   */
  static fromShards<T>(shards: ReadonlyArray<ShardFn<T>>, options: IterableDatasetOptions = {}): IterableDataset<T> {
    return new IterableDataset<T>(shards as ReadonlyArray<ShardFn<unknown>>, [], options.features, options.info ?? {});
  }

  /**
   * A one-shard dataset over an iterable. Pass a function returning the iterable to allow several iterations; a
   * one-shot async generator can only be iterated once.
   */
  static fromIterable<T>(
    source: AsyncIterable<T> | Iterable<T> | (() => AsyncIterable<T> | Iterable<T>),
    options: IterableDatasetOptions = {},
  ): IterableDataset<T> {
    const open: ShardFn<T> = typeof source === "function" ? source : () => source;
    return IterableDataset.fromShards([open], options);
  }

  /** Number of shards (after `shard`, before `splitByNode`). */
  get numShards(): number {
    return this.selectShards(
      this.shards.map((_, i) => i),
      false,
    ).length;
  }

  /** The current epoch (see {@link IterableDataset.setEpoch}). */
  get epoch(): number {
    return this.epochValue;
  }

  /**
   * Sets the epoch, which changes the effective seed of every shuffle (Python `set_epoch`). Mutates this dataset
   * (as Python does) and returns it.
   */
  setEpoch(epoch: number): this {
    if (!Number.isInteger(epoch) || epoch < 0)
      throw new InvalidArgumentError(`setEpoch: epoch must be a non-negative integer, got ${epoch}`);
    this.epochValue = epoch;
    return this;
  }

  private with<U>(op: Op): IterableDataset<U> {
    return new IterableDataset<U>(this.shards, [...this.ops, op], this.features, this.info, this.distributed, this.epochValue);
  }

  /** Applies the shard-level operations (shard-order shuffles and `shard`) to a list of shard indices. */
  private selectShards(order: number[], shuffle: boolean): number[] {
    let frozen = false;
    let out = order;
    for (const op of this.ops) {
      if (op.kind === "take" || op.kind === "skip") frozen = true;
      else if (op.kind === "shuffle" && shuffle && !frozen) {
        const perm = new NumpyGenerator(epochSeed(op.seed, this.epochValue)).permutation(out.length);
        const prev = out;
        out = Array.from(perm, (j) => prev[j] as number);
      } else if (op.kind === "shard") {
        if (op.contiguous) {
          const [s, e] = contiguousRange(out.length, op.numShards, op.index);
          out = out.slice(s, e);
        } else out = out.filter((_, i) => i % op.numShards === op.index);
      }
    }
    return out;
  }

  /** Iterates the rows. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let order = this.selectShards(
      this.shards.map((_, i) => i),
      true,
    );
    let step: { rank: number; worldSize: number } | undefined;
    if (this.distributed) {
      const { rank, worldSize } = this.distributed;
      const rowLevelOnly = this.ops.some((op) => op.kind === "take" || op.kind === "skip");
      if (!rowLevelOnly && order.length % worldSize === 0) order = order.filter((_, i) => i % worldSize === rank);
      else step = this.distributed;
    }
    let stream: AsyncIterable<unknown> = concatShards(order.map((i) => this.shards[i] as ShardFn<unknown>));
    for (const op of this.ops) stream = applyOp(stream, op, this.epochValue);
    if (!step) {
      yield* stream as AsyncIterable<T>;
      return;
    }
    let i = 0;
    for await (const row of stream) if (i++ % step.worldSize === step.rank) yield row as T;
  }

  /** Collects up to `limit` rows (default: all) into an array. */
  async toArray(limit = Number.POSITIVE_INFINITY): Promise<T[]> {
    const out: T[] = [];
    if (limit <= 0) return out;
    for await (const row of this) {
      out.push(row);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Lazy `map` (Python semantics: an object output is merged into the row; `removeColumns` drops input columns;
   * `undefined` keeps the row). With `batched`, `fn` gets columnar batches of `batchSize` (default 1000).
   */
  map<U = Row>(fn: (row: T, index: number) => unknown, options?: IterableMapOptions & { batched?: false }): IterableDataset<U>;
  map<U = Row>(
    fn: (batch: ColumnBatch, indices: number[]) => ColumnBatch | void,
    options: IterableMapOptions & { batched: true },
  ): IterableDataset<U>;
  map<U = Row>(fn: (input: never, index: never) => unknown, options: IterableMapOptions = {}): IterableDataset<U> {
    const remove = new Set(options.removeColumns ?? []);
    if (options.batched) {
      const size = options.batchSize ?? 1000;
      if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`map: batchSize must be a positive integer, got ${size}`);
      return this.with<U>({
        kind: "mapBatched",
        fn: fn as unknown as (batch: ColumnBatch, indices: number[]) => ColumnBatch | undefined,
        remove,
        size,
        dropLast: options.dropLastBatch ?? false,
      });
    }
    return this.with<U>({ kind: "map", fn: fn as unknown as (row: unknown, index: number) => unknown, remove });
  }

  /** Lazy filter; `index` counts rows reaching this step. */
  filter(fn: (row: T, index: number) => boolean): IterableDataset<T> {
    return this.with<T>({ kind: "filter", fn: fn as (row: unknown, index: number) => boolean });
  }

  /** The first `n` rows. */
  take(n: number): IterableDataset<T> {
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`take: n must be a non-negative integer, got ${n}`);
    return this.with<T>({ kind: "take", n });
  }

  /** All rows after the first `n`. */
  skip(n: number): IterableDataset<T> {
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`skip: n must be a non-negative integer, got ${n}`);
    return this.with<T>({ kind: "skip", n });
  }

  /** Groups rows into columnar batches `{ column: values[] }` of `size` (Python `batch`). */
  batch(size: number, options: { dropLast?: boolean } = {}): IterableDataset<ColumnBatch> {
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`batch: size must be a positive integer, got ${size}`);
    return this.with<ColumnBatch>({ kind: "batch", size, dropLast: options.dropLast ?? false });
  }

  /** Drops columns (lazy). */
  removeColumns(columns: string | readonly string[]): IterableDataset<Row> {
    const drop = new Set(typeof columns === "string" ? [columns] : columns);
    return this.with<Row>({
      kind: "map",
      fn: (row) => {
        const out: Row = {};
        for (const key in row as Row) if (!drop.has(key)) out[key] = (row as Row)[key];
        return out;
      },
      remove: new Set(),
      replace: true,
    });
  }

  /** Keeps only the given columns, in the given order (lazy). */
  selectColumns(columns: string | readonly string[]): IterableDataset<Row> {
    const keep = typeof columns === "string" ? [columns] : [...columns];
    return this.with<Row>({
      kind: "map",
      fn: (row) => Object.fromEntries(keep.map((c) => [c, (row as Row)[c]])),
      remove: new Set(),
      replace: true,
    });
  }

  /** Renames columns by `{ old: new }` (lazy). */
  renameColumns(mapping: Record<string, string>): IterableDataset<Row> {
    return this.with<Row>({
      kind: "map",
      fn: (row) => {
        const out: Row = {};
        for (const key in row as Row) out[mapping[key] ?? key] = (row as Row)[key];
        return out;
      },
      remove: new Set(),
      replace: true,
    });
  }

  /** Renames one column (lazy). */
  renameColumn(from: string, to: string): IterableDataset<Row> {
    return this.renameColumns({ [from]: to });
  }

  /**
   * Buffered shuffle with shard-order shuffling (see the class notes). The seed and buffer apply to every
   * iteration; `setEpoch` changes them. Buffered rows are held as compact binary records (about their UTF-8 size)
   * rather than objects, so each row comes out as an equal copy of the row that went in; values the record format
   * cannot represent exactly (class instances, typed arrays other than Uint8Array) keep the row as an object.
   */
  shuffle(options: IterableShuffleOptions = {}): IterableDataset<T> {
    const bufferSize = options.bufferSize ?? 1000;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      throw new InvalidArgumentError(`shuffle: bufferSize must be a positive integer, got ${bufferSize}`);
    }
    const seed = options.seed ?? randomBytes(8).readBigUInt64LE() % TWO63;
    return this.with<T>({ kind: "shuffle", seed, bufferSize });
  }

  /**
   * Keeps shard `index` of `numShards` at the shard level (Python `IterableDataset.shard`): contiguous groups of
   * shards (default) or every `numShards`-th shard.
   * @throws InvalidArgumentError when `index` is out of range or `numShards` exceeds the number of shards.
   */
  shard(options: { numShards: number; index: number; contiguous?: boolean }): IterableDataset<T> {
    const { numShards, index, contiguous = true } = options;
    if (!Number.isInteger(numShards) || numShards < 1 || !Number.isInteger(index) || index < 0 || index >= numShards) {
      throw new InvalidArgumentError(`shard: index should be in [0, ${numShards - 1}] with numShards ≥ 1, got index ${index}`);
    }
    if (this.ops.some((op) => op.kind === "take" || op.kind === "skip")) {
      throw new InvalidArgumentError("shard: call shard() before take()/skip()");
    }
    if (numShards > this.numShards) {
      throw new InvalidArgumentError(`shard: cannot split ${this.numShards} shard(s) into ${numShards}`, {
        hint: "Use splitByNode, which falls back to keeping every numShards-th row",
      });
    }
    return this.with<T>({ kind: "shard", numShards, index, contiguous });
  }

  /**
   * The part of the data for node `rank` of `worldSize` (Python `split_dataset_by_node`): whole shards
   * (every `worldSize`-th shard of the possibly shuffled shard order) when `numShards % worldSize == 0`,
   * otherwise every `worldSize`-th row, starting at `rank`, of the full stream.
   */
  splitByNode(rank: number, worldSize: number): IterableDataset<T> {
    if (!Number.isInteger(worldSize) || worldSize < 1 || !Number.isInteger(rank) || rank < 0 || rank >= worldSize) {
      throw new InvalidArgumentError(`splitByNode: rank must be in [0, ${worldSize - 1}], got ${rank}`);
    }
    if (this.distributed) throw new InvalidArgumentError("splitByNode: this dataset is already split by node");
    return new IterableDataset<T>(this.shards, this.ops, this.features, this.info, { rank, worldSize }, this.epochValue);
  }
}

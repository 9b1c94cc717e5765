/**
 * The few @crucible/hub and @crucible/core entry points the loaders need, looked up at run time so this package
 * builds while those APIs land (contract: hub `loadDataset`, `getConfigNames`; core `Dataset.fromRows`).
 * TODO(math): import them statically once both index files export them, and drop the fallback dataset.
 * @internal
 */
import * as core from "@crucible/core";
import * as hub from "@crucible/hub";
import type { HubOptions } from "@crucible/hub";
import { CrucibleError, type Features } from "@crucible/types";

/** A raw row as read from the Hub. */
export type Row = Record<string, unknown>;

/** Where a dataset came from. */
export interface MathDatasetInfo {
  repo?: string;
  config?: string;
  split?: string;
  revision?: string;
  fingerprint?: string;
}

/**
 * The dataset the math loaders return: @crucible/core's `Dataset` (random access, `shuffle({ seed })` with numpy
 * parity, `take`, `select`, `filter`, `map`, …). Declared structurally here so the loaders type-check on their own.
 */
export interface MathDataset<T> extends Iterable<T> {
  readonly length: number;
  at(i: number): T | undefined;
  readonly info: MathDatasetInfo;
  readonly features?: Features | undefined;
  shuffle(options: { seed: number | bigint }): MathDataset<T>;
  take(n: number): MathDataset<T>;
  skip(n: number): MathDataset<T>;
  select(indices: Iterable<number>): MathDataset<T>;
  filter(predicate: (row: T, index: number) => boolean): MathDataset<T>;
  map<U>(fn: (row: T, index: number) => U): MathDataset<U>;
  toArray(): T[];
}

/** A split as @crucible/hub's `loadDataset` returns it (only what the loaders read). */
export interface RawSplit extends Iterable<Row> {
  readonly length: number;
  readonly info?: MathDatasetInfo;
}

/** Options forwarded to @crucible/hub for every load. */
export interface HubLoadOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
}

type LoadDatasetFn = (repo: string, options: HubLoadOptions & { config?: string; split: string }) => Promise<RawSplit>;
type GetConfigNamesFn = (repo: string, options: HubLoadOptions) => Promise<string[]>;

function hubFunction<F>(name: string): F {
  const f = (hub as unknown as Record<string, unknown>)[name];
  if (typeof f !== "function") {
    throw new CrucibleError("UNSUPPORTED", `@crucible/hub does not export ${name}() in this build; update @crucible/hub.`);
  }
  return f as F;
}

/** `loadDataset(repo, { config, split, ... })` of @crucible/hub. @internal */
export function loadSplit(repo: string, options: HubLoadOptions & { config?: string; split: string }): Promise<RawSplit> {
  return hubFunction<LoadDatasetFn>("loadDataset")(repo, options);
}

/** `getConfigNames(repo)` of @crucible/hub (README / Hub order). @internal */
export function configNames(repo: string, options: HubLoadOptions): Promise<string[]> {
  return hubFunction<GetConfigNamesFn>("getConfigNames")(repo, options);
}

interface DatasetStatic {
  fromRows<T>(rows: T[], options?: { features?: Features; info?: MathDatasetInfo }): MathDataset<T>;
}

/** Builds a core `Dataset` from rows (a small in-memory fallback until core exports `Dataset`). @internal */
export function datasetFromRows<T>(rows: T[], info: MathDatasetInfo): MathDataset<T> {
  const D = (core as unknown as Record<string, unknown>).Dataset as DatasetStatic | undefined;
  if (D && typeof D.fromRows === "function") return D.fromRows(rows, { info });
  return new FallbackDataset(rows, info);
}

type PermutationFn = (n: number, seed: number | bigint) => Uint32Array;

class FallbackDataset<T> implements MathDataset<T> {
  constructor(
    private readonly rows: T[],
    readonly info: MathDatasetInfo,
  ) {}
  readonly features = undefined;
  get length(): number {
    return this.rows.length;
  }
  at(i: number): T | undefined {
    return this.rows[i < 0 ? this.rows.length + i : i];
  }
  [Symbol.iterator](): Iterator<T> {
    return this.rows[Symbol.iterator]();
  }
  toArray(): T[] {
    return [...this.rows];
  }
  select(indices: Iterable<number>): MathDataset<T> {
    return new FallbackDataset([...indices].map((i) => this.rows[i] as T), this.info);
  }
  take(n: number): MathDataset<T> {
    return new FallbackDataset(this.rows.slice(0, n), this.info);
  }
  skip(n: number): MathDataset<T> {
    return new FallbackDataset(this.rows.slice(n), this.info);
  }
  filter(predicate: (row: T, index: number) => boolean): MathDataset<T> {
    return new FallbackDataset(this.rows.filter(predicate), this.info);
  }
  map<U>(fn: (row: T, index: number) => U): MathDataset<U> {
    return new FallbackDataset(this.rows.map(fn), this.info);
  }
  shuffle(options: { seed: number | bigint }): MathDataset<T> {
    const permutation = (core as unknown as Record<string, unknown>).permutation as PermutationFn | undefined;
    if (typeof permutation !== "function") {
      throw new CrucibleError("UNSUPPORTED", "shuffle needs @crucible/core's permutation(); update @crucible/core.");
    }
    return this.select(permutation(this.rows.length, options.seed));
  }
}

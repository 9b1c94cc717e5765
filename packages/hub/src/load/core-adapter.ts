/**
 * The few @crucible/core entry points the loader needs, looked up at run time so this package works while core's
 * API lands (contract: Dataset.fromBatches, DatasetDict, IterableDataset.fromShards, readParquet, readJsonl,
 * readDataFile, resolveSplit). Each has a small local fallback with the same behaviour.
 * TODO(hub-load): import these statically from @crucible/core once its index exports them, and delete fallbacks.
 * @internal
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import * as core from "@crucible/core";
import { CrucibleError, DataFormatError, type Features, SplitSyntaxError } from "@crucible/types";
import { asyncBufferFromPath } from "../resolve/local-buffer.js";
import { streamParquetRows } from "../stream/parquet-pages.js";

/** A row as Python `datasets` gives it, in JS form. */
export type Row = Record<string, unknown>;

/** What every loaded dataset records about where it came from. */
export interface LoadInfo {
  /** Repo id. */
  repo?: string;
  /** Config name. */
  config?: string;
  /** Split (or split expression). */
  split?: string;
  /** Commit sha the rows were read at. */
  revision?: string;
  /** Fingerprint of the data. */
  fingerprint?: string;
}

/** The random-access dataset API the loader returns (core's `Dataset`; structural so both fit). */
export interface DatasetLike<T = Row> extends Iterable<T> {
  readonly length: number;
  at(i: number): T | undefined;
  readonly features: Features | undefined;
  readonly info: LoadInfo;
}

/** The split → dataset mapping the loader returns (core's `DatasetDict`). */
export interface DatasetDictLike<T = Row> {
  get(split: string): DatasetLike<T>;
  readonly splits: string[];
  has(split: string): boolean;
}

/** The async iterable dataset the streamer returns (core's `IterableDataset`). */
export interface IterableDatasetLike<T = Row> extends AsyncIterable<T> {
  readonly numShards?: number;
}

type AnyRecord = Record<string, unknown>;
const C = core as unknown as AnyRecord;
const coreClass = (name: string): AnyRecord | undefined => (typeof C[name] === "function" ? (C[name] as unknown as AnyRecord) : undefined);

class SimpleDataset<T> implements DatasetLike<T> {
  constructor(
    private readonly rows: T[],
    readonly features: Features | undefined,
    readonly info: LoadInfo,
  ) {}
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
  select(indices: Iterable<number>): SimpleDataset<T> {
    return new SimpleDataset([...indices].map((i) => this.rows[i] as T), this.features, this.info);
  }
}

class SimpleDatasetDict<T> implements DatasetDictLike<T> {
  constructor(private readonly map: Map<string, DatasetLike<T>>) {}
  get(split: string): DatasetLike<T> {
    const d = this.map.get(split);
    if (!d) throw new CrucibleError("SPLIT_NOT_FOUND", `Unknown split "${split}"`, { hint: `Available splits: ${this.splits.join(", ")}` });
    return d;
  }
  get splits(): string[] {
    return [...this.map.keys()];
  }
  has(split: string): boolean {
    return this.map.has(split);
  }
  entries(): IterableIterator<[string, DatasetLike<T>]> {
    return this.map.entries();
  }
}

class SimpleIterable<T> implements IterableDatasetLike<T> {
  constructor(private readonly shards: Array<() => AsyncIterable<T>>) {}
  get numShards(): number {
    return this.shards.length;
  }
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (const s of this.shards) yield* s();
  }
  take(n: number): SimpleIterable<T> {
    const self = this;
    return new SimpleIterable([
      async function* () {
        if (n <= 0) return;
        let i = 0;
        for await (const r of self) {
          yield r;
          if (++i >= n) return;
        }
      },
    ]);
  }
}

/** Builds a Dataset from row batches (core `Dataset.fromBatches`, store "auto"). */
export async function datasetFromBatches<T = Row>(batches: AsyncIterable<T[]>, options: { features?: Features; info: LoadInfo; store?: "auto" | "memory" | "disk"; storeDir?: string }): Promise<DatasetLike<T>> {
  const Dataset = coreClass("Dataset");
  if (Dataset && typeof Dataset.fromBatches === "function") {
    const opts: AnyRecord = { info: options.info, store: options.store ?? "auto" };
    if (options.features) opts.features = options.features;
    if (options.storeDir) opts.storeDir = options.storeDir;
    return (await (Dataset.fromBatches as (b: unknown, o: unknown) => Promise<DatasetLike<T>>)(batches, opts)) as DatasetLike<T>;
  }
  const rows: T[] = [];
  for await (const b of batches) for (const r of b) rows.push(r);
  return new SimpleDataset(rows, options.features, options.info);
}

/** Concatenates datasets (core `concatenateDatasets`). */
export async function concatDatasets<T>(parts: Array<DatasetLike<T>>, info: LoadInfo): Promise<DatasetLike<T>> {
  if (parts.length === 1) return parts[0] as DatasetLike<T>;
  const fn = C.concatenateDatasets;
  if (typeof fn === "function") return (fn as (l: unknown) => DatasetLike<T>)(parts);
  const rows: T[] = [];
  for (const p of parts) for (const r of p) rows.push(r);
  return new SimpleDataset(rows, parts[0]?.features, info);
}

/** Rows [start, end) of a dataset without copying when core supports `select` over a range. */
export function sliceDataset<T>(ds: DatasetLike<T>, start: number, end: number): DatasetLike<T> {
  if (start === 0 && end === ds.length) return ds;
  const sel = (ds as unknown as AnyRecord).select;
  const indices = Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
  if (typeof sel === "function") return (sel as (i: number[]) => DatasetLike<T>).call(ds, indices);
  return new SimpleDataset(indices.map((i) => ds.at(i) as T), ds.features, ds.info);
}

/** A split → dataset dict (core `DatasetDict`). */
export function datasetDict<T>(entries: Array<[string, DatasetLike<T>]>): DatasetDictLike<T> {
  const DD = coreClass("DatasetDict");
  if (DD) {
    const record = Object.fromEntries(entries);
    const from = (DD as AnyRecord).fromRecord ?? (DD as AnyRecord).from;
    if (typeof from === "function") return (from as (r: unknown) => DatasetDictLike<T>).call(DD, record);
    return new (DD as unknown as new (r: unknown) => DatasetDictLike<T>)(record);
  }
  return new SimpleDatasetDict(new Map(entries));
}

/** An IterableDataset over shards (core `IterableDataset.fromShards`). */
export function iterableFromShards<T>(shards: Array<() => AsyncIterable<T>>, options: { features?: Features; info: LoadInfo }): IterableDatasetLike<T> {
  const ID = coreClass("IterableDataset");
  if (ID && typeof ID.fromShards === "function") return (ID.fromShards as (s: unknown, o: unknown) => IterableDatasetLike<T>)(shards, options);
  return new SimpleIterable(shards);
}

/** One slice of a split string: rows [start, end) of `split`. */
export interface SplitSlice {
  split: string;
  start: number;
  end: number;
}

/** The split names a split string mentions (`train[:10%]+test` → train, test). */
export function splitNamesOf(spec: string): string[] {
  const fn = C.parseSplit;
  if (typeof fn === "function") {
    const parsed = (fn as (s: string) => unknown)(spec);
    const list = Array.isArray(parsed) ? parsed : ((parsed as AnyRecord)?.instructions as unknown[] | undefined) ?? [];
    const names = list.map((p) => (p as AnyRecord).split).filter((s): s is string => typeof s === "string");
    if (names.length) return [...new Set(names)];
  }
  return [...new Set(spec.split("+").map((p) => p.trim().replace(/\[.*$/, "").trim()))];
}

/** Resolves a split string against split lengths (core `resolveSplit`; fallback: Python's grammar for absolute and % bounds). */
export function resolveSplitString(spec: string, lengths: Record<string, number>): SplitSlice[] {
  const fn = C.resolveSplit;
  if (typeof fn === "function") return (fn as (s: string, l: Record<string, number>) => SplitSlice[])(spec, lengths);
  return spec.split("+").map((part) => {
    const m = /^\s*(\w+(?:\.\w+)*)\s*(?:\[\s*(-?\d+%?)?\s*:\s*(-?\d+%?)?\s*\])?\s*$/.exec(part);
    if (!m) throw new SplitSyntaxError(`Invalid split string "${spec}"`);
    const split = m[1] as string;
    const n = lengths[split];
    if (n === undefined) throw new CrucibleError("SPLIT_NOT_FOUND", `Unknown split "${split}"`, { hint: `Available splits: ${Object.keys(lengths).join(", ")}` });
    const bound = (b: string | undefined, dflt: number) => {
      if (b === undefined) return dflt;
      let v = b.endsWith("%") ? Math.round((Number(b.slice(0, -1)) * n) / 100) : Number(b);
      if (v < 0) v += n;
      return Math.min(Math.max(v, 0), n);
    };
    return { split, start: bound(m[2], 0), end: Math.max(bound(m[2], 0), bound(m[3], n)) };
  });
}

function unifyColumns(rows: Row[]): Row[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  let uniform = true;
  for (const r of rows) {
    for (const k in r) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
        if (r !== rows[0]) uniform = false;
      }
    }
  }
  if (uniform && rows.every((r) => Object.keys(r).length === keys.length)) return rows;
  return rows.map((r) => {
    const o: Row = {};
    for (const k of keys) o[k] = k in r ? r[k] : null;
    return o;
  });
}

async function* localJsonRows(file: string, name: string, lines: boolean): AsyncGenerator<Row[]> {
  let bytes: Uint8Array = await readFile(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  if (!lines) {
    try {
      const doc = JSON.parse(text) as unknown;
      if (Array.isArray(doc)) {
        yield doc as Row[];
        return;
      }
    } catch {
      // Not one JSON document: treat as JSON Lines, as pyarrow does.
    }
  }
  const rows: Row[] = [];
  let lineNo = 0;
  for (const line of text.split("\n")) {
    lineNo++;
    const t = line.trim();
    if (!t) continue;
    try {
      rows.push(JSON.parse(t) as Row);
    } catch (cause) {
      throw new DataFormatError(`Invalid JSON: ${(cause as Error).message}`, { file: name, line: lineNo, cause });
    }
  }
  yield rows;
}

/**
 * Reads one local data file as row batches, dispatching on the resolved format (parquet, json/jsonl/.gz, csv, text).
 * JSON rows of one file are unified to the union of their keys (missing → null) like pyarrow's JSON reader.
 * @param file - Local path (the HF cache snapshot path).
 * @param format - `parquet`, `json`, `csv`, `text` (Python module names).
 * @param name - Repo path for error messages.
 */
export async function* readLocalFile(file: string, format: string | undefined, name: string): AsyncGenerator<Row[]> {
  if (format === "parquet") {
    const readParquet = C.readParquet;
    if (typeof readParquet === "function") {
      yield* (readParquet as (p: string, o: unknown) => AsyncGenerator<Row[]>)(file, { name });
      return;
    }
    const buf = await asyncBufferFromPath(file);
    try {
      yield* streamParquetRows(buf, { name, batchRows: 65536, initialFetchBytes: 1 << 20, lookaheadBytes: 1 << 20 });
    } finally {
      await buf.close();
    }
    return;
  }
  if (format === "json") {
    const isLines = /\.(jsonl|ndjson)(\.|$)/.test(name);
    const reader = isLines ? C.readJsonl : C.readJson;
    const rows: Row[] = [];
    if (typeof reader === "function") {
      for await (const b of (reader as (p: string, o: unknown) => AsyncGenerator<Row[]>)(file, { name })) for (const r of b) rows.push(r);
    } else {
      for await (const b of localJsonRows(file, name, isLines)) for (const r of b) rows.push(r);
    }
    yield unifyColumns(rows);
    return;
  }
  const readDataFile = C.readDataFile;
  if (typeof readDataFile === "function") {
    yield* (readDataFile as (p: string, o: unknown) => AsyncGenerator<Row[]>)(file, { format: format === "csv" ? (/\.tsv(\.|$)/.test(name) ? "tsv" : "csv") : format, name });
    return;
  }
  if (format === "text") {
    let bytes: Uint8Array = await readFile(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const lines = new TextDecoder().decode(bytes).split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    yield lines.map((text) => ({ text }));
    return;
  }
  throw new CrucibleError("UNSUPPORTED", `Cannot read ${name}: format ${format ?? "unknown"} is not supported yet`, { file: name });
}

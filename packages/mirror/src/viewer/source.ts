import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { readDataFile, readParquet, readParquetInfo, RowStore, RowStoreWriter, type ParquetInfo, type Row } from "@crucible/core";
import type { Features } from "@crucible/types";
import type { RepoFile } from "../snapshot.js";
import { inferFeatures } from "./features.js";

/** One Parquet file of a split. */
export interface Shard {
  /** Path in the repo's `refs/convert/parquet` export, e.g. `default/train/0000.parquet`. */
  exportPath: string;
  /** Path in the repo (the source file). */
  repoPath: string;
  abs: string;
  size: number;
  sha256: string;
  /** First row of the split held by this shard. */
  start: number;
  info: ParquetInfo;
}

/** Rows read for inference when a file has no Hugging Face features. */
const INFER_ROWS = 100;
/** Rows per batch when scanning a converted split. */
const SCAN_BATCH = 4096;
/** Bump when the layout of converted splits changes. */
const CONVERT_VERSION = 1;

/** A source file of a split: what its fingerprint is made of. */
interface SourceFile {
  repoPath: string;
  sha256: string;
  size: number;
}

/**
 * One split of one config: its row count and features, and its rows read on demand. Parquet splits are read from
 * their files (footer metadata is kept, row pages are not), so any page costs one bounded read. Splits in other
 * formats (JSON Lines, JSON, CSV, text) are converted once, as the Hub converts them to Parquet, into a core
 * `RowStore` (rows read in microseconds).
 */
export class SplitSource {
  private constructor(
    readonly dataset: string,
    readonly config: string,
    readonly split: string,
    readonly shards: Shard[],
    readonly numRows: number,
    readonly features: Features,
    private readonly sources: SourceFile[],
    private readonly store?: RowStore,
  ) {}

  /**
   * Convert a split of non-Parquet files into a row store under `dir` (reused when it exists for the same files),
   * then open it.
   * @throws CrucibleError from core's readers when a file cannot be parsed (file, line).
   */
  static async convert(dataset: string, config: string, split: string, files: RepoFile[], dir: string): Promise<SplitSource> {
    const sources = files
      .filter((f) => f.abs !== undefined)
      .map((f) => ({ repoPath: f.path, sha256: f.sha256, size: f.size, abs: f.abs as string }));
    const key = createHash("sha256")
      .update(JSON.stringify([CONVERT_VERSION, dataset, config, split, sources.map((f) => [f.repoPath, f.sha256, f.size])]))
      .digest("hex")
      .slice(0, 32);
    const storeDir = path.join(dir, `${key}.converted`);
    if (!RowStore.isValid(storeDir, key)) {
      mkdirSync(dir, { recursive: true });
      rmSync(storeDir, { recursive: true, force: true });
      const sample: Row[] = [];
      const columns: string[] = [];
      const seen = new Set<string>();
      const writer = RowStoreWriter.create(storeDir, { fingerprint: key, fsync: false });
      try {
        for (const f of sources) {
          for await (const batch of readDataFile(f.abs, { name: `${dataset}/${f.repoPath}` })) {
            for (const r of batch) {
              for (const k of Object.keys(r)) if (!seen.has(k)) seen.add(k), columns.push(k);
              if (sample.length < INFER_ROWS) sample.push(r);
              writer.append(r);
            }
          }
        }
        writer.finish().close();
      } catch (err) {
        writer.abort();
        throw err;
      }
      // features are kept beside the rows: inferred from the first rows, over every column seen
      const features = inferFeatures(columns, sample);
      const metaWriter = RowStoreWriter.create(`${storeDir}.features`, { fingerprint: key, features, fsync: false });
      metaWriter.finish().close();
    }
    const store = RowStore.open(storeDir);
    const meta = RowStore.isValid(`${storeDir}.features`, key) ? RowStore.open(`${storeDir}.features`) : undefined;
    const features = meta?.manifest.features ?? {};
    meta?.close();
    return new SplitSource(dataset, config, split, [], store.manifest.numRows, features, sources, store);
  }

  /**
   * Read the footers of a split's files.
   * @throws DataFormatError (from core) when a file is not valid Parquet.
   */
  static async open(dataset: string, config: string, split: string, files: RepoFile[]): Promise<SplitSource> {
    const shards: Shard[] = [];
    let start = 0;
    for (const [i, f] of files.entries()) {
      if (f.abs === undefined) continue;
      const info = await readParquetInfo(f.abs, { name: `${dataset}/${f.path}` });
      shards.push({
        exportPath: `${config}/${split}/${String(i).padStart(4, "0")}.parquet`,
        repoPath: f.path,
        abs: f.abs,
        size: f.size,
        sha256: f.sha256,
        start,
        info,
      });
      start += info.numRows;
    }
    const declared = shards.find((s) => s.info.features)?.info.features;
    let features = declared;
    if (!features) {
      const first = shards[0];
      const sample: Row[] = [];
      if (first) {
        for await (const batch of readParquet(first.abs, {
          metadata: first.info.metadata,
          rowEnd: Math.min(INFER_ROWS, first.info.numRows),
          name: first.repoPath,
        })) {
          sample.push(...batch);
        }
      }
      features = inferFeatures(first?.info.columns ?? [], sample);
    }
    return new SplitSource(dataset, config, split, shards, start, features, shards);
  }

  /** Total bytes of the split's files (Parquet, or the original files of a converted split). */
  get parquetBytes(): number {
    return this.sources.reduce((n, s) => n + s.size, 0);
  }

  /**
   * Rows `[offset, offset + length)` (clipped to the split), in order.
   * @param columns - Columns to read; default all.
   */
  async readRows(offset: number, length: number, columns?: string[]): Promise<Row[]> {
    const end = Math.min(this.numRows, offset + length);
    const out: Row[] = [];
    if (this.store) {
      for (let i = offset; i < end; i++) out.push(this.store.get(i) as Row);
      return out;
    }
    for (const s of this.shards) {
      const sEnd = s.start + s.info.numRows;
      if (sEnd <= offset || s.start >= end) continue;
      const opts = {
        metadata: s.info.metadata,
        rowStart: Math.max(0, offset - s.start),
        rowEnd: Math.min(s.info.numRows, end - s.start),
        name: `${this.dataset}/${s.repoPath}`,
        ...(columns ? { columns } : {}),
      };
      for await (const batch of readParquet(s.abs, opts)) out.push(...batch);
    }
    return out;
  }

  /** Stream every row, in order (for index builds). */
  async *scan(columns?: string[]): AsyncGenerator<Row[]> {
    if (this.store) {
      for (let i = 0; i < this.numRows; i += SCAN_BATCH) yield await this.readRows(i, SCAN_BATCH);
      return;
    }
    for (const s of this.shards) {
      yield* readParquet(s.abs, { metadata: s.info.metadata, name: `${this.dataset}/${s.repoPath}`, ...(columns ? { columns } : {}) });
    }
  }

  /** A key that changes whenever a file of the split changes. */
  get fingerprint(): string {
    return this.sources.map((s) => `${s.repoPath}:${s.sha256}:${s.size}`).join("|");
  }

  /** Release the converted split's row store, if any. */
  close(): void {
    this.store?.close();
  }
}

import { readParquet, readParquetInfo, type ParquetInfo, type Row } from "@crucible/core";
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

/**
 * One split of one config: its Parquet shards, row count and features. Rows are read on demand from the files
 * (footer metadata is kept, row pages are not), so any page of a large split costs one bounded read.
 */
export class SplitSource {
  private constructor(
    readonly dataset: string,
    readonly config: string,
    readonly split: string,
    readonly shards: Shard[],
    readonly numRows: number,
    readonly features: Features,
  ) {}

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
        for await (const batch of readParquet(first.abs, { metadata: first.info.metadata, rowEnd: Math.min(INFER_ROWS, first.info.numRows), name: first.repoPath })) {
          sample.push(...batch);
        }
      }
      features = inferFeatures(first?.info.columns ?? [], sample);
    }
    return new SplitSource(dataset, config, split, shards, start, features);
  }

  /** Total bytes of the split's Parquet files. */
  get parquetBytes(): number {
    return this.shards.reduce((n, s) => n + s.size, 0);
  }

  /**
   * Rows `[offset, offset + length)` (clipped to the split), in order.
   * @param columns - Columns to read; default all.
   */
  async readRows(offset: number, length: number, columns?: string[]): Promise<Row[]> {
    const end = Math.min(this.numRows, offset + length);
    const out: Row[] = [];
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
    for (const s of this.shards) {
      yield* readParquet(s.abs, { metadata: s.info.metadata, name: `${this.dataset}/${s.repoPath}`, ...(columns ? { columns } : {}) });
    }
  }

  /** A key that changes whenever a file of the split changes. */
  get fingerprint(): string {
    return this.shards.map((s) => `${s.repoPath}:${s.sha256}:${s.size}`).join("|");
  }
}

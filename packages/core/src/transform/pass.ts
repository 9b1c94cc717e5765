import { Buffer } from "node:buffer";
import { IndexBuilder } from "../dataset/index-builder.js";
import { decodeRecord } from "../store/encoding.js";
import type { EncodedChunk } from "../store/record-chunks.js";
import { sourceRowOf, type DatasetInfo } from "../store/row-store.js";
import { compilePipeline, type Pipeline } from "./run.js";
import type { Transform } from "./transform.js";
import type { SkipRecord } from "./transformed.js";

/** What one pass of a transform over its source found: which source rows produced outputs, and the skips. */
export interface PassResult {
  /** Source position of each output, in output order. */
  positions: Uint32Array;
  /** Rows left out, by source position. */
  skips: SkipRecord[];
}

/**
 * Pushes source rows, in order, through a compiled pipeline and records the source position of every output and
 * every skip. `onOutput` receives the outputs themselves (when they are stored). @internal
 */
export class PassRecorder {
  private readonly positions = new IndexBuilder();
  private readonly skips: SkipRecord[] = [];
  private readonly pipeline: Pipeline;
  /** Source rows pushed so far. */
  count = 0;

  constructor(
    transform: Transform<unknown, unknown>,
    private readonly info: DatasetInfo,
    label: { name: string },
    onOutput?: (value: unknown) => void,
  ) {
    this.pipeline = compilePipeline(
      transform.steps,
      {
        output: (value, ctx) => {
          onOutput?.(value);
          this.positions.push(ctx.position);
        },
        skip: (s, ctx) => {
          this.skips.push({
            position: ctx.position,
            split: ctx.split,
            index: ctx.index,
            reason: s.reason,
            ...(s.detail !== undefined ? { detail: s.detail } : {}),
            ...(s.data !== undefined ? { data: s.data } : {}),
          });
        },
      },
      { name: label.name, ...(info.repo !== undefined ? { repo: info.repo } : {}) },
    );
  }

  /** Pushes the next source row. Throws what the pipeline throws (a TransformError naming the row). */
  push(row: unknown): void {
    const position = this.count;
    const where = sourceRowOf(this.info, position);
    this.pipeline.push(row, { position, split: where.split, index: where.index });
    this.count++;
  }

  /** Ends the pass (flushes group steps). */
  end(): PassResult {
    this.pipeline.end();
    this.skips.sort((a, b) => a.position - b.position);
    return { positions: this.positions.finish(), skips: this.skips };
  }
}

/**
 * Runs a transform's pass while its source rows are being decoded — before the source dataset exists, e.g. as a
 * Hub split's Parquet files are written to its row store — so the transform costs no second read of the source.
 * Give it to `transformDataset` as `feed`: when it saw exactly the source's rows, in order, without an error, its
 * result is used and the source is not read again; otherwise `transformDataset` runs its own pass (which then
 * raises any error the feed swallowed, naming the row). Only for pipelines without `group` steps whose outputs are
 * recomputed on access (`outputs: "recompute"`).
 */
export class TransformFeed {
  private readonly recorder: PassRecorder;
  private failed = false;
  private ended: PassResult | undefined;

  /**
   * @param transform - The pipeline (the same object must then be passed to `transformDataset`).
   * @param info - Info of the source split as its dataset will have it (`split`, `repo`; no `sourceRanges`).
   * @param name - Name of the transform (error messages).
   */
  constructor(
    readonly transform: Transform<unknown, unknown>,
    readonly info: DatasetInfo,
    name: string,
  ) {
    this.recorder = new PassRecorder(transform, info, { name });
  }

  /** Source rows seen so far. */
  get rows(): number {
    return this.recorder.count;
  }

  /** Pushes the next source row; after an error in the pipeline, rows are ignored. */
  pushRow(row: unknown): void {
    if (this.failed || this.ended) return;
    try {
      this.recorder.push(row);
    } catch {
      this.failed = true;
    }
  }

  /** Pushes every record of an encoded row-store chunk (`writeParquetStore`'s `onChunk`), in order. */
  pushChunk(chunk: EncodedChunk): void {
    if (this.failed || this.ended) return;
    const data = chunk.data;
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let start = 0;
    try {
      for (let i = 0; i < chunk.ends.length; i++) {
        const end = chunk.ends[i] as number;
        this.recorder.push(decodeRecord(buf, start, end));
        start = end;
      }
    } catch {
      this.failed = true;
    }
  }

  /**
   * The pass's result when it covered exactly `rows` source rows without an error, else undefined.
   * @internal
   */
  resultFor(rows: number): PassResult | undefined {
    if (this.failed || this.recorder.count !== rows) return undefined;
    try {
      this.ended ??= this.recorder.end();
    } catch {
      this.failed = true;
      return undefined;
    }
    return this.ended;
  }
}

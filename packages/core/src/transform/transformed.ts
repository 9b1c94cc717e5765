import type { Features } from "@crucible/types";
import { InvalidArgumentError } from "@crucible/types";
import { Dataset } from "../dataset/dataset.js";
import type { RowSource } from "../dataset/source.js";
import type { DatasetInfo } from "../store/row-store.js";

/** A source row the pipeline left out, as recorded (see `skipRow`). */
export interface SkipRecord {
  /** Position of the row in the source dataset. */
  position: number;
  /** Split of the row (see `RowContext.split`). */
  split: string | undefined;
  /** Index of the row in its split. */
  index: number;
  /** Why it was left out. */
  reason: string;
  /** Detail, when the step gave one. */
  detail?: string;
  /** Extra data, when the step gave some. */
  data?: Record<string, unknown>;
}

/** Defines `field` on `row` as an enumerable getter reading the source row on first access. */
export function attachRaw(row: unknown, field: string, read: () => unknown): void {
  if (typeof row !== "object" || row === null || Object.hasOwn(row, field)) return;
  let value: unknown;
  let done = false;
  Object.defineProperty(row, field, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        value = read();
        done = true;
      }
      return value;
    },
  });
}

/** The stored outputs with the raw source row attached lazily under `rawField`. */
class OutputSource<Out> implements RowSource<Out> {
  constructor(
    private readonly outputs: RowSource<Out>,
    private readonly positions: Uint32Array,
    private readonly source: Dataset<unknown>,
    private readonly rawField: string | undefined,
  ) {}
  get length(): number {
    return this.outputs.length;
  }
  get onDisk(): boolean {
    return this.outputs.onDisk;
  }
  get(i: number): Out {
    const row = this.outputs.get(i);
    if (this.rawField !== undefined) {
      const position = this.positions[i] as number;
      attachRaw(row, this.rawField, () => this.source.at(position));
    }
    return row;
  }
}

/**
 * Outputs computed again from their source row on access (`"recompute"` mode): nothing but the positions is stored.
 * `nth(i)` says which of the row's outputs output i is (0 unless a flatMap made several).
 */
export class RecomputedSource<Out> implements RowSource<Out> {
  constructor(
    private readonly positions: Uint32Array,
    private readonly source: Dataset<unknown>,
    private readonly compute: (row: unknown, position: number) => unknown[],
    private readonly nth: (i: number) => number,
  ) {}
  get length(): number {
    return this.positions.length;
  }
  get onDisk(): boolean {
    return this.source.onDisk;
  }
  get(i: number): Out {
    const position = this.positions[i] as number;
    return this.compute(this.source.at(position), position)[this.nth(i)] as Out;
  }
}

/** What a build or a reopen hands to {@link TransformedDataset}. @internal */
export interface TransformedParts<Out> {
  outputs: RowSource<Out>;
  positions: Uint32Array;
  skips: SkipRecord[];
  source: Dataset<unknown>;
  rawField: string | undefined;
  features: Features | undefined;
  info: DatasetInfo;
  fingerprint: string | undefined;
  reused: boolean;
}

/**
 * The result of `transformDataset`: the outputs of a {@link Transform} over a source dataset, each with the source
 * position it came from, and the skipped source rows. The outputs live where the build put them (an on-disk row
 * store for a disk-backed source: only 4 bytes per output stay in memory), and `raw` (the `rawField` option) is read
 * from the source on access, never stored twice.
 */
export class TransformedDataset<Out> {
  /** Fingerprint of the stored outputs (source fingerprint + transform name, version, params); undefined when not stored by fingerprint. */
  readonly fingerprint: string | undefined;
  /** True when the outputs were reopened from an earlier run (the transform did not run). */
  readonly reused: boolean;
  /** The source dataset. */
  readonly source: Dataset<unknown>;
  /** Features given to `transformDataset`. */
  readonly features: Features | undefined;
  /** Info of the output datasets. */
  readonly info: DatasetInfo;
  private readonly rows: RowSource<Out>;
  private readonly positions: Uint32Array;
  private readonly skips: SkipRecord[];
  private starts: Uint32Array | undefined;

  /** @internal */
  constructor(parts: TransformedParts<Out>) {
    this.fingerprint = parts.fingerprint;
    this.reused = parts.reused;
    this.source = parts.source;
    this.features = parts.features;
    this.info = parts.info;
    this.positions = parts.positions;
    this.skips = parts.skips;
    this.rows =
      parts.outputs instanceof RecomputedSource
        ? parts.outputs
        : new OutputSource<Out>(parts.outputs, parts.positions, parts.source, parts.rawField);
  }

  /** Number of outputs. */
  get length(): number {
    return this.rows.length;
  }

  /** Every output in source order. */
  dataset(info: DatasetInfo = this.info): Dataset<Out> {
    return Dataset.fromSource<Out>(this.rows, undefined, this.features, info);
  }

  /** The source position output `i` came from. */
  sourcePosition(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.positions.length) {
      throw new InvalidArgumentError(`Output ${i} is out of range for ${this.positions.length} outputs`);
    }
    return this.positions[i] as number;
  }

  /** Output i's range per source position: outputs of position p are `[starts[p], starts[p + 1])`. */
  /** @internal */
  outputStarts(): Uint32Array {
    if (this.starts) return this.starts;
    const n = this.source.length;
    const starts = new Uint32Array(n + 1);
    let k = 0;
    for (let p = 0; p <= n; p++) {
      starts[p] = k;
      while (k < this.positions.length && this.positions[k] === p) k++;
    }
    this.starts = starts;
    return starts;
  }

  /**
   * Index of the first output of source row `position`: the outputs of row p are `[outputStart(p), outputStart(p + 1))`
   * (an empty range when it was filtered or skipped). Valid for 0 ≤ position ≤ source length.
   */
  outputStart(position: number): number {
    if (!Number.isInteger(position) || position < 0 || position > this.source.length) {
      throw new InvalidArgumentError(`Source position ${position} is out of range [0, ${this.source.length}]`);
    }
    return this.outputStarts()[position] as number;
  }

  /** The output indices produced by source row `position` (none when it was filtered or skipped). */
  outputsOf(position: number): number[] {
    if (!Number.isInteger(position) || position < 0 || position >= this.source.length) {
      throw new InvalidArgumentError(`Source position ${position} is out of range for a source of ${this.source.length} rows`);
    }
    const starts = this.outputStarts();
    const out: number[] = [];
    for (let k = starts[position] as number; k < (starts[position + 1] as number); k++) out.push(k);
    return out;
  }

  /**
   * The outputs of the given source positions, in that order (a position with no output contributes nothing):
   * e.g. the outputs in the order of a permutation of the source. Only an index array is built.
   * @param positions - Source positions (0 ≤ p < source length).
   * @param info - Info of the result. Default: this transform's info.
   */
  inOrder(positions: ArrayLike<number>, info: DatasetInfo = this.info): Dataset<Out> {
    const starts = this.outputStarts();
    const n = this.source.length;
    let count = 0;
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k] as number;
      if (!Number.isInteger(p) || p < 0 || p >= n)
        throw new InvalidArgumentError(`inOrder: source position ${p} (at ${k}) is out of range for ${n} rows`);
      count += (starts[p + 1] as number) - (starts[p] as number);
    }
    const indices = new Uint32Array(count);
    let j = 0;
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k] as number;
      for (let o = starts[p] as number; o < (starts[p + 1] as number); o++) indices[j++] = o;
    }
    return Dataset.fromSource<Out>(this.rows, indices, this.features, info);
  }

  /** The skipped source rows, in source order. */
  skipped(): SkipRecord[] {
    return this.skips.slice();
  }

  /** The source row at `position` (what `raw` holds). */
  rawOf(position: number): unknown {
    return this.source.at(position);
  }
}

import type { Features } from "@crucible/types";
import { anonymousStoreDir, storeDirForFingerprint } from "../store/paths.js";
import { estimateBytes } from "../store/estimate.js";
import { RowStoreWriter, type DatasetInfo } from "../store/row-store.js";
import { ArraySource, StoreSource, type RowSource } from "./source.js";

/**
 * Where a dataset's rows live:
 * - `"memory"`: a JS array;
 * - `"disk"`: an on-disk row store read with `fs.readSync`;
 * - `"auto"`: memory until the estimated size passes {@link DEFAULT_MEMORY_LIMIT_BYTES}
 *   (or `memoryLimitBytes`), then everything moves to a disk store.
 */
export type StoreMode = "auto" | "memory" | "disk";

/**
 * Default spill threshold of `store: "auto"`: 128 MiB of estimated heap (strings counted at 2 bytes a character,
 * see {@link estimateBytes}; about 64 MB of ASCII text). Rows of a dataset estimated above it go to disk.
 *
 * Chosen by measurement (bench/dataset-million.mjs): while rows are buffered the V8 heap also keeps the Parquet
 * reader's garbage, so peak RSS is a multiple of the buffered size. Loading a million 900-character rows peaked at
 * 223 MB with 128 MiB, 493–641 MB with 256 MiB.
 */
export const DEFAULT_MEMORY_LIMIT_BYTES = 128 * 1024 * 1024;

/** Options shared by every operation that materialises rows (fromBatches, map, castColumn). */
export interface StoreOptions {
  /** Where the rows go. Default `"auto"` for `fromBatches`; for `map`, `"disk"` when the input is disk-backed else `"memory"`. */
  store?: StoreMode;
  /**
   * Directory of the store when rows go to disk. Default: `<$CRUCIBLE_HOME or ~/.cache/crucible>/stores/<fingerprint>`
   * when a fingerprint is given, else an anonymous directory under `stores/` that is deleted at process exit.
   */
  storeDir?: string;
  /**
   * Content fingerprint (letters, digits, `._-`). With it, a complete store already at the target directory
   * whose manifest carries the same fingerprint is reopened instead of being rebuilt.
   */
  fingerprint?: string;
  /** Spill threshold of `store: "auto"` in estimated bytes. Default {@link DEFAULT_MEMORY_LIMIT_BYTES}. */
  memoryLimitBytes?: number;
}

/** Resolves the directory a store would use for these options. @internal */
export function targetStoreDir(options: StoreOptions): string {
  if (options.storeDir !== undefined) return options.storeDir;
  if (options.fingerprint !== undefined) return storeDirForFingerprint(options.fingerprint);
  return anonymousStoreDir();
}

/** Accumulates rows in memory or on disk according to a {@link StoreMode}. @internal */
export class RowSink<T> {
  private rows: T[] | undefined = [];
  private writer: RowStoreWriter | undefined;
  private estimated = 0;
  private readonly limit: number;

  constructor(
    private readonly mode: StoreMode,
    private readonly options: StoreOptions,
    private readonly meta: { features?: Features; info?: DatasetInfo },
    private readonly writeOptions: { asyncWrites?: boolean } = {},
  ) {
    this.limit = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
    if (mode === "disk") this.openWriter();
  }

  private openWriter(): void {
    this.writer = RowStoreWriter.create(targetStoreDir(this.options), {
      ...(this.options.fingerprint !== undefined ? { fingerprint: this.options.fingerprint } : {}),
      ...(this.meta.features !== undefined ? { features: this.meta.features } : {}),
      ...(this.meta.info !== undefined ? { info: this.meta.info } : {}),
      ...(this.writeOptions.asyncWrites === true ? { asyncWrites: true } : {}),
    });
    if (this.rows !== undefined) {
      this.writer.appendMany(this.rows);
      this.rows = undefined;
    }
  }

  /** Adds one row. */
  push(row: T): void {
    if (this.writer !== undefined) {
      this.writer.append(row);
      return;
    }
    (this.rows as T[]).push(row);
    if (this.mode === "auto") {
      this.estimated += estimateBytes(row);
      if (this.estimated > this.limit) this.openWriter();
    }
  }

  /** Rows pushed so far. */
  get count(): number {
    return this.writer !== undefined ? this.writer.numRows : (this.rows as T[]).length;
  }

  /** Waits for the store writes in flight (only with `asyncWrites`); call before {@link RowSink.finish}. */
  async drain(): Promise<void> {
    await this.writer?.drain();
  }

  /** Finishes and returns the table. */
  finish(): RowSource<T> {
    if (this.writer !== undefined) return new StoreSource<T>(this.writer.finish());
    return new ArraySource<T>(this.rows as T[]);
  }

  /** Discards a partly written store. */
  abort(): void {
    this.writer?.abort();
  }
}

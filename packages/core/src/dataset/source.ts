import type { RowStore } from "../store/row-store.js";

/**
 * The table behind a {@link Dataset}: a fixed number of rows with synchronous random access.
 * @internal
 */
export interface RowSource<T> {
  /** Number of rows. */
  readonly length: number;
  /** Row `i`, 0 ≤ i < length (no bounds check). */
  get(i: number): T;
  /** True when rows are read from an on-disk store (directly or through a view). */
  readonly onDisk: boolean;
}

/** Rows held in a JS array. @internal */
export class ArraySource<T> implements RowSource<T> {
  readonly onDisk = false;
  constructor(readonly rows: readonly T[]) {}
  get length(): number {
    return this.rows.length;
  }
  get(i: number): T {
    return this.rows[i] as T;
  }
}

/** Rows read from an on-disk {@link RowStore}. @internal */
export class StoreSource<T> implements RowSource<T> {
  readonly onDisk = true;
  constructor(readonly store: RowStore) {}
  get length(): number {
    return this.store.numRows;
  }
  get(i: number): T {
    return this.store.get(i) as T;
  }
}

/** A lazy per-row view over another random-access table (column renames, projections, batches). @internal */
export class ViewSource<S, T> implements RowSource<T> {
  constructor(
    private readonly parent: { readonly length: number; at(i: number): S; readonly onDisk: boolean },
    private readonly fn: (row: S, index: number) => T,
  ) {}
  get length(): number {
    return this.parent.length;
  }
  get onDisk(): boolean {
    return this.parent.onDisk;
  }
  get(i: number): T {
    return this.fn(this.parent.at(i), i);
  }
}

/** Several tables one after the other. @internal */
export class ConcatSource<T> implements RowSource<T> {
  private readonly starts: number[];
  readonly length: number;
  readonly onDisk: boolean;
  constructor(private readonly parts: ReadonlyArray<{ readonly length: number; at(i: number): T; readonly onDisk: boolean }>) {
    this.starts = [];
    let total = 0;
    for (const p of parts) {
      this.starts.push(total);
      total += p.length;
    }
    this.length = total;
    this.onDisk = parts.some((p) => p.onDisk);
  }
  get(i: number): T {
    // Binary search the last part whose start ≤ i.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty parts that share the same start.
    while (lo < this.parts.length - 1 && (this.parts[lo] as { length: number }).length === 0) lo++;
    const part = this.parts[lo] as { at(i: number): T };
    return part.at(i - (this.starts[lo] as number));
  }
}

/** Groups consecutive rows into batches, computed on access. @internal */
export class BatchSource<S, T> implements RowSource<T> {
  readonly length: number;
  constructor(
    private readonly parent: { readonly length: number; at(i: number): S; readonly onDisk: boolean },
    private readonly size: number,
    dropLast: boolean,
    private readonly combine: (rows: S[]) => T,
  ) {
    this.length = dropLast ? Math.floor(parent.length / size) : Math.ceil(parent.length / size);
  }
  get onDisk(): boolean {
    return this.parent.onDisk;
  }
  get(i: number): T {
    const start = i * this.size;
    const end = Math.min(start + this.size, this.parent.length);
    const rows: S[] = [];
    for (let k = start; k < end; k++) rows.push(this.parent.at(k));
    return this.combine(rows);
  }
}

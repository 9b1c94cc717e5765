import { InvalidArgumentError } from "@crucible/types";
import type { Row } from "@crucible/types";

export type { Row } from "@crucible/types";

/** A batch in columnar form, as Python `datasets` passes to batched `map`/`filter`: column name → values. */
export type ColumnBatch = Record<string, unknown[]>;

/** True for `{}`-style objects (not arrays, typed arrays, dates or class instances). */
export function isPlainObject(value: unknown): value is Row {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Turns rows into a columnar batch. Columns are the keys in order of first appearance; a row without a
 * column contributes `null` (as Arrow would).
 */
export function rowsToColumns(rows: readonly unknown[], columns?: readonly string[]): ColumnBatch {
  const names: string[] = columns ? [...columns] : [];
  if (!columns) {
    const seen = new Set<string>();
    for (const row of rows) {
      if (!isPlainObject(row)) continue;
      for (const key of Object.keys(row)) {
        if (!seen.has(key)) {
          seen.add(key);
          names.push(key);
        }
      }
    }
  }
  const out: ColumnBatch = {};
  for (const name of names) out[name] = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    for (const name of names) {
      const v = isPlainObject(row) ? row[name] : undefined;
      (out[name] as unknown[])[i] = v === undefined ? null : v;
    }
  }
  return out;
}

/**
 * The number of rows of a columnar batch.
 * @returns The common length, or `-1` with the offending columns when lengths differ.
 */
export function batchLength(batch: ColumnBatch): { length: number; mismatch?: string } {
  let length = -1;
  let first = "";
  for (const [name, values] of Object.entries(batch)) {
    if (!Array.isArray(values)) return { length: -1, mismatch: `column "${name}" is not an array` };
    if (length < 0) {
      length = values.length;
      first = name;
    } else if (values.length !== length) {
      return {
        length: -1,
        mismatch: `column "${first}" has length ${length} while column "${name}" has length ${values.length}`,
      };
    }
  }
  return { length: Math.max(length, 0) };
}

/** Turns a columnar batch back into rows (the batch must have consistent lengths). */
export function columnsToRows(batch: ColumnBatch, length: number): Row[] {
  const names = Object.keys(batch);
  const rows: Row[] = new Array<Row>(length);
  for (let i = 0; i < length; i++) {
    const row: Row = {};
    for (const name of names) row[name] = (batch[name] as unknown[])[i];
    rows[i] = row;
  }
  return rows;
}

/**
 * Python `map` output merge for one row: `undefined` keeps the (possibly modified) input minus removed columns;
 * an object output is merged into the input minus removed columns; any other output replaces the row.
 */
export function mergeOutput(input: unknown, out: unknown, remove: ReadonlySet<string>): unknown {
  if (out === undefined) {
    if (!isPlainObject(input) || remove.size === 0) return input;
    const kept: Row = {};
    for (const key in input) if (!remove.has(key)) kept[key] = input[key];
    return kept;
  }
  if (!isPlainObject(out) || !isPlainObject(input)) return out;
  const merged: Row = {};
  for (const key in input) if (!remove.has(key)) merged[key] = input[key];
  for (const key in out) merged[key] = out[key];
  return merged;
}

/**
 * One batch of a batched Python `map`: calls `fn` with the columnar batch and merges its output (Python's rules:
 * the output may change the number of rows only when no input column is kept).
 * @returns The output rows.
 * @throws InvalidArgumentError on inconsistent column lengths.
 */
export function applyBatchedMap(
  rows: readonly unknown[],
  columns: readonly string[] | undefined,
  fn: (batch: ColumnBatch, indices: number[]) => ColumnBatch | undefined,
  remove: ReadonlySet<string>,
  indices: number[],
  where: string,
): Row[] {
  const input = rowsToColumns(rows, columns);
  const returned = fn(input, indices);
  let ordered: ColumnBatch;
  let length: number;
  if (returned === undefined) {
    // In-place modification of the batch: keep it, minus the removed columns.
    ordered = {};
    for (const [c, v] of Object.entries(input)) if (!remove.has(c)) ordered[c] = v;
    const check = batchLength(ordered);
    if (check.mismatch) throw new InvalidArgumentError(`map(batched): ${where}: ${check.mismatch}`);
    length = Object.keys(ordered).length ? check.length : rows.length;
  } else {
    if (!isPlainObject(returned)) {
      throw new InvalidArgumentError(`map(batched): the function must return an object of columns, got ${typeof returned}`);
    }
    const check = batchLength(returned as ColumnBatch);
    if (check.mismatch) throw new InvalidArgumentError(`map(batched): ${where}: ${check.mismatch}`);
    length = Object.keys(returned).length ? check.length : rows.length;
    const kept = Object.keys(input).filter((c) => !remove.has(c) && !(c in returned));
    if (length !== rows.length && kept.length > 0) {
      throw new InvalidArgumentError(
        `map(batched): the function returned ${length} rows for a batch of ${rows.length} while input columns ${kept.join(", ")} are kept`,
        { hint: "Pass removeColumns with every input column when a batched map changes the number of rows" },
      );
    }
    // Input column order first (kept or overwritten), then the new columns.
    ordered = {};
    for (const c of Object.keys(input)) {
      if (c in returned) ordered[c] = (returned as ColumnBatch)[c] as unknown[];
      else if (!remove.has(c)) ordered[c] = input[c] as unknown[];
    }
    for (const c of Object.keys(returned)) if (!(c in ordered)) ordered[c] = (returned as ColumnBatch)[c] as unknown[];
  }
  return columnsToRows(ordered, length);
}

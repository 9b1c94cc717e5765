/** A plain object row: the shape Python `datasets` gives (`dict`). */
export type Row = Record<string, unknown>;

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

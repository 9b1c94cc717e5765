import { sourceRowOf } from "@crucible/core";
import type { MathProblem } from "@crucible/types";
import type { RawSplit, Row } from "./adapters.js";

/** Python truthiness of a cell used as text: None and "" are false. @internal */
export function isEmptyCell(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

/** A cell as text (numbers from JSON answers become their decimal string). @internal */
export function cellText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Builds the `source` of a problem. @internal */
export function sourceOf(repo: string, config: string, split: string, index: number, rawSplit: RawSplit): NonNullable<MathProblem["source"]> {
  const revision = rawSplit.info?.revision;
  return revision === undefined ? { repo, config, split, index } : { repo, config, split, index, revision };
}

/** The stable default id `repo/config/split/index`. @internal */
export function defaultId(repo: string, config: string, split: string, index: number): string {
  return `${repo}/${config}/${split}/${index}`;
}

/**
 * Iterates a loaded split with each row's own split name and index there: for a split string such as
 * `train[10:20]+test`, hub records the source ranges (core `sourceRowOf`), so ids and `source` stay those of the
 * whole split. @internal
 */
export function* indexed(rows: RawSplit, split: string): Generator<[Row, number, string]> {
  let position = 0;
  for (const row of rows) {
    const where = rows.info ? sourceRowOf(rows.info, position) : { split, index: position };
    yield [row, where.index, where.split ?? split];
    position++;
  }
}

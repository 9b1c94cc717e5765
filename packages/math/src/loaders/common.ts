import type { DatasetInfo, RowContext } from "@crucible/core";
import type { MathProblem } from "@crucible/types";

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

/** The split and whole-split index of a row (a split string such as `train[10:20]` keeps the split's own indices). @internal */
export function rowSplit(ctx: RowContext, fallback: string): string {
  return ctx.split ?? fallback;
}

/** Builds the `source` of a problem. @internal */
export function sourceOf(repo: string, config: string, split: string, index: number, info: DatasetInfo): NonNullable<MathProblem["source"]> {
  const revision = info.revision;
  return revision === undefined ? { repo, config, split, index } : { repo, config, split, index, revision };
}

/** The stable default id `repo/config/split/index`. @internal */
export function defaultId(repo: string, config: string, split: string, index: number): string {
  return `${repo}/${config}/${split}/${index}`;
}

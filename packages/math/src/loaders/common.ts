import type { DatasetInfo, RowContext } from "@crucible/core";
import { InvalidArgumentError, type MathProblem } from "@crucible/types";

/**
 * Python falsiness of a cell (`not value`): None, `""`, `0`, `False`, an empty list, dict or bytes. NaN is truthy,
 * as in Python. @internal
 */
export function isEmptyCell(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === 0 || value === 0n || value === false) return true;
  if (Array.isArray(value) || value instanceof Uint8Array) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/**
 * Checks a loader's `seed` option and fills its default.
 * @param seed - The option as given: a non-negative safe integer, `false` (no shuffle) or `undefined`.
 * @param fallback - The loader's default for this load.
 * @throws InvalidArgumentError when the seed is not `false` or a non-negative safe integer.
 * @internal
 */
export function resolveSeed(seed: number | false | undefined, fallback: number | false): number | false {
  if (seed === undefined) return fallback;
  if (seed === false) return false;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidArgumentError(`seed must be a non-negative integer or false (Hub order), got ${String(seed)}`);
  }
  return seed;
}

/** A cell as text (numbers from JSON answers become their decimal string). @internal */
export function cellText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The split of a row: its own split when the source is a split string such as `train[10:]+test`, else `fallback`. @internal */
export function rowSplit(ctx: RowContext, fallback: string): string {
  return ctx.split ?? fallback;
}

/** Builds the `source` of a problem. @internal */
export function sourceOf(
  repo: string,
  config: string,
  split: string,
  index: number,
  info: DatasetInfo,
): NonNullable<MathProblem["source"]> {
  const revision = info.revision;
  return revision === undefined ? { repo, config, split, index } : { repo, config, split, index, revision };
}

/** The stable default id `repo/config/split/index`. @internal */
export function defaultId(repo: string, config: string, split: string, index: number): string {
  return `${repo}/${config}/${split}/${index}`;
}

import { permutation, sourceRowOf } from "@crucible/core";
import { InvalidArgumentError, type MathProblem } from "@crucible/types";
import type { RawSplit, Row } from "./adapters.js";

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

/**
 * The items in the order the cookbook visits them: `Dataset.shuffle(seed=seed)` of the whole list (core's numpy-exact
 * `default_rng(seed).permutation`), or the list as is when `seed` is `false`. The loaders shuffle every row first and
 * drop invalid ones afterwards, as the cookbook does when it builds batches, so a dropped row never moves the others.
 * @internal
 */
export function* inCookbookOrder<T>(items: readonly T[], seed: number | false): Generator<T> {
  if (seed === false) {
    yield* items;
    return;
  }
  for (const i of permutation(items.length, seed)) yield items[i] as T;
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

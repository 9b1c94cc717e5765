/**
 * The @crucible/hub and @crucible/core entry points the loaders use, in one place.
 * @internal
 */
import { Dataset, sourceRowOf } from "@crucible/core";
import { type HubOptions, loadDataset } from "@crucible/hub";

/** A raw row as read from the Hub. */
export type Row = Record<string, unknown>;

/** A split as @crucible/hub's `loadDataset` returns it (only what the loaders read). @internal */
export interface RawSplit extends Iterable<Row> {
  readonly length: number;
  readonly info?: { revision?: string; split?: string; sourceRanges?: Array<{ split: string; start: number; end: number }> };
}

/** Options forwarded to @crucible/hub for every load (endpoint, token, cacheDir, offline, fetch, …). */
export interface CodeHubOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
}

/** `loadDataset(repo, { config, split, ... })` of @crucible/hub. @internal */
export async function loadSplit(repo: string, options: CodeHubOptions & { config: string; split: string }): Promise<RawSplit> {
  return loadDataset(repo, options);
}

/** Builds a core `Dataset` over the transformed rows. @internal */
export function datasetFromRows<T>(rows: T[], info: { repo: string; config: string; split: string; revision?: string }): Dataset<T> {
  return Dataset.fromRows(rows, { info });
}

/** Iterates a split with each row's own split name and index (split strings keep whole-split indices). @internal */
export function* indexed(rows: RawSplit, split: string): Generator<[Row, number, string]> {
  let position = 0;
  for (const row of rows) {
    const where = rows.info ? sourceRowOf(rows.info, position) : { split, index: position };
    yield [row, where.index, where.split ?? split];
    position++;
  }
}

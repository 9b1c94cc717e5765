/**
 * The @crucible/hub and @crucible/core entry points the loaders use, in one place.
 * @internal
 */
import { Dataset, type DatasetInfo } from "@crucible/core";
import { getConfigNames, type HubOptions, loadDataset } from "@crucible/hub";

/** A raw row as read from the Hub. */
export type Row = Record<string, unknown>;

/** Where a dataset came from (core's `DatasetInfo`). */
export interface MathDatasetInfo {
  repo?: string;
  config?: string;
  split?: string;
  revision?: string;
}

/** A split as @crucible/hub's `loadDataset` returns it (only what the loaders read). */
export interface RawSplit extends Iterable<Row> {
  readonly length: number;
  readonly info?: DatasetInfo;
}

/** Options forwarded to @crucible/hub for every load (endpoint, token, cacheDir, offline, fetch, …). */
export interface HubLoadOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
}

/** `loadDataset(repo, { config, split, ... })` of @crucible/hub. @internal */
export async function loadSplit(repo: string, options: HubLoadOptions & { config?: string; split: string }): Promise<RawSplit> {
  return loadDataset(repo, options);
}

/** `getConfigNames(repo)` of @crucible/hub (README / Hub order). @internal */
export function configNames(repo: string, options: HubLoadOptions): Promise<string[]> {
  return getConfigNames(repo, options);
}

/** Builds a core `Dataset` over the transformed rows. @internal */
export function datasetFromRows<T>(rows: T[], info: MathDatasetInfo): Dataset<T> {
  return Dataset.fromRows(rows, { info });
}

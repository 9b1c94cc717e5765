/**
 * The @crucible/hub and @crucible/core entry points the loaders use, in one place.
 * @internal
 */
import { Dataset } from "@crucible/core";
import { type LoadDatasetOptions, loadDataset } from "@crucible/hub";

/** A raw row as read from the Hub (values as Python `datasets` gives them, in JS form). */
export type Row = Record<string, unknown>;

/**
 * Options forwarded to @crucible/hub `loadDataset` for every load: `endpoint`, `token`, `cacheDir`, `offline`,
 * `fetch`, `signal`, `revision` (default `main`), `processedDir`, `store` (default `"disk"`), … The loader picks
 * `config` and `split` itself.
 */
export type HubLoadOptions = Omit<LoadDatasetOptions, "config" | "split" | "streaming" | "dataFiles" | "dataDir">;

/** A split as `loadDataset` returns it (only what the loaders read). @internal */
export interface RawSplit {
  readonly length: number;
  at(index: number): Row | undefined;
  readonly info?: { revision?: string };
}

/** `loadDataset(repo, { config, split, ... })` of @crucible/hub. @internal */
export async function loadSplit(repo: string, options: HubLoadOptions & { config?: string; split: string }): Promise<RawSplit> {
  return loadDataset(repo, { ...options, streaming: false });
}

/** Where a comparison dataset came from (core's `DatasetInfo`). */
export interface PreferenceDatasetInfo {
  repo?: string;
  config?: string;
  split?: string;
  revision?: string;
}

/** Builds a core `Dataset` over the transformed rows. @internal */
export function datasetFromRows<T>(rows: T[], info: PreferenceDatasetInfo): Dataset<T> {
  return Dataset.fromRows(rows, { info });
}

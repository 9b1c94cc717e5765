/**
 * The @crucible/hub entry points the loaders use, in one place.
 * @internal
 */
import type { LoaderHubOptions } from "@crucible/hub";

export type { Row } from "@crucible/types";

/**
 * Options forwarded to @crucible/hub `loadDataset` for every load: `endpoint`, `token`, `cacheDir`, `offline`,
 * `fetch`, `signal`, `revision` (default `main`), `processedDir`, `store` (default `"disk"`), … The loader picks
 * `config` and `split` itself. (hub's `LoaderHubOptions`.)
 */
export type HubLoadOptions = LoaderHubOptions;

/** Where a comparison dataset came from (core's `DatasetInfo`). */
export interface PreferenceDatasetInfo {
  repo?: string;
  config?: string;
  split?: string;
  revision?: string;
}

/** Version of every preference loader's stored output: bump when a transform's output changes. @internal */
export const PREFERENCE_TRANSFORM_VERSION = 1;

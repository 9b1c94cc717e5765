/**
 * The @crucible/hub and @crucible/core entry points the loaders use, in one place.
 * @internal
 */
import type { Dataset, DatasetInfo, Transform } from "@crucible/core";
import { getConfigNames, type LoaderHubOptions, loadDataset, loadTransformed } from "@crucible/hub";
import type { SkipCollector } from "./skips.js";

/** A raw row as read from the Hub. */
export type Row = Record<string, unknown>;

/** Where a dataset came from (core's `DatasetInfo`). */
export interface MathDatasetInfo {
  repo?: string;
  config?: string;
  split?: string;
  revision?: string;
}

/** Options forwarded to @crucible/hub for every load (endpoint, token, cacheDir, processedDir, offline, revision, …): hub's `LoaderHubOptions`. */
export type HubLoadOptions = LoaderHubOptions;

/** Version of every math loader's stored output: bump when a transform's output changes. @internal */
export const MATH_TRANSFORM_VERSION = 1;

/**
 * Loads one split through hub's `loadTransformed` (outputs in a row store, reopened on the next load; `raw` read
 * lazily from the split), passes the skipped rows to `skips` and returns the outputs in source order. @internal
 */
export async function loadProblems<Out>(
  repo: string,
  options: HubLoadOptions & { config?: string; split: string },
  name: string,
  transform: (source: DatasetInfo) => Transform<Row, Out>,
  skips: SkipCollector,
  params?: unknown,
): Promise<Dataset<Out>> {
  const out = await loadTransformed<Out>(repo, options, transform, {
    name: `math.${name}`,
    version: MATH_TRANSFORM_VERSION,
    rawField: "raw",
    ...(params !== undefined ? { params } : {}),
  });
  const config = out.source.info.config ?? options.config ?? "default";
  skips.addAll(out, { repo, config });
  return out.dataset();
}

/** `getConfigNames(repo)` of @crucible/hub (README / Hub order). @internal */
export function configNames(repo: string, options: HubLoadOptions): Promise<string[]> {
  return getConfigNames(repo, options);
}

/** The values of one column of a raw Hub split, as text. @internal */
export async function columnText(repo: string, options: HubLoadOptions & { config?: string; split: string }, column: string, text: (v: unknown) => string): Promise<string[]> {
  const ds = await loadDataset(repo, { ...options, streaming: false });
  const out: string[] = [];
  for (const row of ds) out.push(text(row[column]));
  return out;
}

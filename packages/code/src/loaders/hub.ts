/**
 * The @crucible/hub and @crucible/core entry points the loaders use, in one place.
 * @internal
 */
import type { Dataset, DatasetInfo, Transform } from "@crucible/core";
import { type LoaderHubOptions, loadTransformed } from "@crucible/hub";
import type { SkipCollector } from "./skips.js";
import type { Row } from "@crucible/types";

export type { Row } from "@crucible/types";

/** Options forwarded to @crucible/hub for every load (endpoint, token, cacheDir, processedDir, offline, revision, …): hub's `LoaderHubOptions`. */
export type CodeHubOptions = LoaderHubOptions;

/** Version of the code loaders' stored output: bump when a transform's output changes. @internal */
export const CODE_TRANSFORM_VERSION = 2;

/**
 * Loads one split through hub's `loadTransformed` (outputs in a row store reopened on the next load without
 * re-running the transform; `raw` read lazily from the split), reports the skipped rows and returns the outputs in
 * Hub order with `{ repo, config, split, revision }` info. @internal
 */
export async function loadProblems<Out>(
  repo: string,
  options: CodeHubOptions & { config: string; split: string },
  name: string,
  transform: (source: DatasetInfo) => Transform<Row, Out>,
  skips: SkipCollector,
): Promise<Dataset<Out>> {
  const out = await loadTransformed<Out>(repo, options, transform, {
    name: `code.${name}`,
    version: CODE_TRANSFORM_VERSION,
    rawField: "raw",
  });
  skips.addAll(out, { repo, config: options.config });
  const revision = out.source.info.revision;
  return out.dataset({ repo, config: options.config, split: options.split, ...(revision ? { revision } : {}) });
}

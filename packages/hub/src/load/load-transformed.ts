import { createHash } from "node:crypto";
import path from "node:path";
import { type Dataset, type DatasetInfo, type Transform, type TransformedDataset, TransformFeed, transformDataset } from "@crucible/core";
import type { Features } from "@crucible/types";
import type { Row } from "./core-adapter.js";
import { type LoadDatasetOptions, loadDatasetWith } from "./load-dataset.js";
import { defaultProcessedDir } from "./manifest.js";

/**
 * The Hub options every domain loader accepts and forwards to {@link loadDataset}: `endpoint`, `token`, `cacheDir`,
 * `offline`, `fetch`, `signal`, `revision` (default `main`), `processedDir`, `store` (default `"disk"`), … The
 * loader picks `config` and `split` itself.
 */
export type LoaderHubOptions = Omit<LoadDatasetOptions, "config" | "split" | "streaming" | "dataFiles" | "dataDir">;

/** Options of {@link loadTransformed}: the Hub options plus the split to read. */
export interface LoadTransformedOptions extends LoaderHubOptions {
  /** Config name. Default: the repo's default config. */
  config?: string;
  /** Split or split string (`train`, `train[:10%]+test`). */
  split: string;
  /** Data files, as for {@link loadDataset}. Default none. */
  dataFiles?: LoadDatasetOptions["dataFiles"];
  /** Data directory, as for {@link loadDataset}. Default none. */
  dataDir?: string;
}

/** How a loader's transform is identified and what its outputs carry. */
export interface TransformSpec {
  /** Name of the transform (fingerprint, error messages), e.g. `gsm8k`. */
  name: string;
  /** Bump whenever the transform's output changes: stored outputs of older versions are then rebuilt. */
  version: string | number;
  /** Options the output depends on (canonical JSON, part of the fingerprint). Default none. */
  params?: unknown;
  /** Attach the raw Hub row to each output under this key, read lazily from the split. Default none. */
  rawField?: string;
  /** Features of the outputs, or a function of the split's features returning them. Default none. */
  features?: Features | ((source: Features | undefined) => Features | undefined);
  /** Info of the output datasets. Default `{ repo, config, split (as asked), revision }`. */
  info?: DatasetInfo;
  /**
   * How outputs are kept (core's `transformDataset` `outputs`): `"recompute"` stores which rows produced outputs
   * and recomputes them on access, `"store"` writes every output to a row store. Default: core's (`"recompute"`
   * for a pipeline without `group` steps).
   */
  outputs?: "store" | "recompute";
}

/**
 * Loads one split of a Hub dataset with {@link loadDataset} and runs a core `Transform` over it with core's
 * `transformDataset`: the outputs stream into a row store under `<processedDir>/stores`, keyed by the split's
 * content (repo, commit, files, split string) and the transform's name, version and params, so the next load
 * reopens them without downloading, parsing or transforming anything. The one path every domain loader uses.
 * @param repo - Dataset repo id.
 * @param options - Hub options, `config` and `split`.
 * @param transform - The row pipeline (rows are plain objects as `loadDataset` returns them), or a function of the
 *   split's info (repo, config, revision) and features returning it, for outputs that record where they came from
 *   (it may throw, e.g. a SchemaMismatchError when a column has the wrong feature type).
 * @param spec - Name, version, params, `rawField`, features and info of the outputs.
 * @returns The transformed dataset (`dataset()`, `inOrder(permutation)`, `skipped()`, …).
 * @throws What `loadDataset` throws; TransformError naming the row when the transform throws.
 */
export async function loadTransformed<Out>(
  repo: string,
  options: LoadTransformedOptions,
  transform: Transform<Row, Out> | ((source: DatasetInfo, features: Features | undefined) => Transform<Row, Out>),
  spec: TransformSpec,
): Promise<TransformedDataset<Out>> {
  const build = (info: DatasetInfo, features: Features | undefined): Transform<Row, Out> =>
    typeof transform === "function" ? transform(info, features) : transform;
  // When the split's row store is built in this load, the transform's pass runs on its rows as they are decoded
  // (overlapping the decode), and transformDataset uses that pass instead of reading the split again.
  let feed: TransformFeed | undefined;
  const feedable = spec.outputs !== "store" && options.store !== "memory" && options.store !== "auto";
  const onSplitStore = (split: string, info: DatasetInfo, features: Features | undefined) => {
    feed = undefined;
    if (!feedable || split !== options.split) return undefined;
    let pipeline: Transform<Row, Out>;
    try {
      pipeline = build(info, features);
    } catch {
      return undefined; // raised again below, once the split is loaded
    }
    if (pipeline.steps.some((step) => step.kind === "group")) return undefined;
    const started = new TransformFeed(pipeline as Transform<unknown, unknown>, info, spec.name);
    feed = started;
    return (chunk: Parameters<TransformFeed["pushChunk"]>[0]) => started.pushChunk(chunk);
  };
  const source = (await loadDatasetWith(repo, { ...options, streaming: false }, { onSplitStore })) as Dataset<Row>;
  const processedDir = options.processedDir ?? defaultProcessedDir();
  const { repo: _r, config, revision } = source.info;
  const info: DatasetInfo = spec.info ?? {
    repo,
    ...(config !== undefined ? { config } : {}),
    split: options.split,
    ...(revision !== undefined ? { revision } : {}),
  };
  const pipeline = feed !== undefined ? (feed.transform as Transform<Row, Out>) : build(source.info, source.features);
  const features = typeof spec.features === "function" ? spec.features(source.features) : spec.features;
  return transformDataset(source, pipeline, {
    name: spec.name,
    version: spec.version,
    ...(spec.params !== undefined ? { params: spec.params } : {}),
    ...(spec.rawField !== undefined ? { rawField: spec.rawField } : {}),
    ...(features !== undefined ? { features } : {}),
    ...(spec.outputs !== undefined ? { outputs: spec.outputs } : {}),
    info,
    ...(feed !== undefined ? { feed } : {}),
    ...(options.store === "memory" || options.store === "auto" ? { store: "memory" as const } : {}),
    storeRoot: path.join(processedDir, "stores"),
    ...(source.info.fingerprint === undefined && source.info.revision !== undefined
      ? { sourceFingerprint: sliceFingerprint(repo, source.info, options) }
      : {}),
  });
}

/** A slice or a `+` of splits has no stored fingerprint of its own: name it by commit, config, split string and files. */
function sliceFingerprint(repo: string, info: DatasetInfo, options: LoadTransformedOptions): string {
  const key = JSON.stringify([
    repo,
    info.revision ?? null,
    info.config ?? null,
    options.split,
    options.dataFiles ?? null,
    options.dataDir ?? null,
  ]);
  return `hub-slice-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}

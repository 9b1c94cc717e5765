import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import {
  concatenateDatasets,
  Dataset,
  type DatasetDict,
  type DatasetInfo,
  type EncodedChunk,
  type IterableDataset,
  RowStore,
  writeParquetStore,
} from "@crucible/core";
import type { Features } from "@crucible/types";
import pLimit from "p-limit";
import { defaultProcessedDir } from "./manifest.js";
import { downloadFile } from "../download/file.js";
import { CachedBlobIntegrityError, checkCachedBlob, readCachedBlob } from "../download/ingest.js";
import { repoCachePaths } from "../cache/layout.js";
import { resolveHubConfig } from "../env/config.js";
import { featuresFromLocalParquet } from "./features.js";
import { datasetDict, readLocalFile, readerKwargs, resolveSplitString, type Row, sliceDataset } from "./core-adapter.js";
import { type LoadOptions, planLoad } from "./resolve-for-load.js";
import { type IterableDatasetDict, streamDataset } from "../stream/stream-dataset.js";

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions extends LoadOptions {
  /** Stream instead of downloading: returns what {@link streamDataset} returns. Default: false. */
  streaming?: boolean;
  /**
   * Where rows live. "disk" (default): core's on-disk row store under `processedDir/stores/<fingerprint>`, reopened
   * by a later load of the same files with no download and no parsing (a warm reload costs one revision check,
   * none offline). "auto": memory when small, disk when large, not reused. "memory": keep everything in memory.
   */
  store?: "auto" | "memory" | "disk";
  /** Parallel file downloads. Default: 4. */
  concurrency?: number;
}

/**
 * Loads a Hub dataset the way Python `datasets.load_dataset` does, with the same configs, splits, files, row order
 * and row counts: the revision is resolved to a commit once, the config's files are resolved (README `configs:`,
 * automatic split patterns, or the parquet export), only the asked splits' files are downloaded into the HF cache
 * (huggingface_hub layout, shared with Python), then read with the core readers. ClassLabel features are kept.
 * A warm or offline (`HF_HUB_OFFLINE=1` / `offline: true`) load sends no request beyond (online) the revision check.
 * @param repo - Dataset repo id, e.g. `openai/gsm8k`.
 * @param options - See {@link LoadDatasetOptions}. With `split` a Dataset comes back (split strings with slices,
 *   percents and `+` work), without it a DatasetDict of every split.
 * @throws ConfigNotFoundError (lists configs), SplitNotFoundError (lists splits), SplitSyntaxError, Hub errors,
 *   OfflineCacheMissError.
 */
export async function loadDataset(
  repo: string,
  options: LoadDatasetOptions & { streaming: true; split: string },
): Promise<IterableDataset<Row>>;
export async function loadDataset(repo: string, options: LoadDatasetOptions & { streaming: true }): Promise<IterableDatasetDict<Row>>;
export async function loadDataset(repo: string, options: LoadDatasetOptions & { split: string; streaming?: false }): Promise<Dataset<Row>>;
export async function loadDataset(repo: string, options?: LoadDatasetOptions & { streaming?: false }): Promise<DatasetDict<Row>>;
export async function loadDataset(
  repo: string,
  options: LoadDatasetOptions = {},
): Promise<Dataset<Row> | DatasetDict<Row> | IterableDataset<Row> | IterableDatasetDict<Row>> {
  return loadDatasetWith(repo, options, {});
}

/** What a caller of {@link loadDatasetWith} may watch. @internal */
export interface LoadHooks {
  /**
   * Called when a split's Parquet files start being written to its row store, with the info and features its
   * dataset will have; may return a consumer of the encoded record chunks, called in row order (see core's
   * `writeParquetStore` `onChunk`). Called again if the split is rebuilt (a damaged blob downloaded again).
   */
  onSplitStore?(split: string, info: DatasetInfo, features: Features | undefined): ((chunk: EncodedChunk) => void) | undefined;
}

/** {@link loadDataset} with hooks into the build of the row stores. @internal */
export async function loadDatasetWith(
  repo: string,
  options: LoadDatasetOptions,
  hooks: LoadHooks,
): Promise<Dataset<Row> | DatasetDict<Row> | IterableDataset<Row> | IterableDatasetDict<Row>> {
  if (options.streaming) {
    const { streaming: _s, store: _st, concurrency: _c, ...rest } = options;
    return rest.split !== undefined ? streamDataset(repo, { ...rest, split: rest.split }) : streamDataset(repo, rest);
  }
  const { config, splits } = await planLoad(repo, options);
  const processedDir = options.processedDir ?? defaultProcessedDir();
  const mode = options.store ?? "disk";
  const fingerprints = new Map(splits.map((s) => [s, splitFingerprint(repo, config.sha, config.config, s, config.splits[s] ?? [])]));
  const storeDir = (split: string) => path.join(processedDir, "stores", fingerprints.get(split) as string);
  const datasets = new Map<string, Dataset<Row>>();
  // Warm path: a complete row store for these exact files is reopened; nothing is downloaded or parsed.
  if (mode === "disk") {
    for (const split of splits) {
      const fp = fingerprints.get(split) as string;
      if (RowStore.isValid(storeDir(split), fp)) datasets.set(split, Dataset.openStore<Row>(storeDir(split), { fingerprint: fp }));
    }
  }
  const todo = splits.filter((s) => !datasets.has(s));
  const limit = pLimit(options.concurrency ?? 4);
  const hub = resolveHubConfig(options);
  const cachePaths = repoCachePaths(hub.cacheDir, repo);
  // Start every needed download (in parallel, split and file order kept); Parquet files are decoded as soon as
  // their own download finishes, while later ones are still downloading.
  const local = new Map<string, Array<Promise<string>>>();
  const startDownloads = (split: string) => {
    const files = config.splits[split] ?? [];
    const started = files.map((f) => limit(() => downloadFile(repo, f.path, { ...options, revision: config.sha })));
    for (const p of started) p.catch(() => undefined); // awaited below; a failure must not be unhandled meanwhile
    local.set(split, started);
  };
  for (const split of todo) startDownloads(split);
  let features: Features | undefined = config.features;
  if (features === undefined) {
    for (const split of todo) {
      const files = config.splits[split] ?? [];
      const idx = files.findIndex((f) => f.format === "parquet");
      const p = local.get(split)?.[idx];
      if (idx >= 0 && p) {
        features = await featuresFromLocalParquet(await p).catch(() => undefined);
        break;
      }
    }
  }
  const kwargs = readerKwargs(config.builderKwargs);
  for (const split of todo) {
    const files = config.splits[split] ?? [];
    const info = { repo, config: config.config, split, revision: config.sha };
    const fp = fingerprints.get(split) as string;
    const context = (f: { path: string }) => ({ repo, revision: config.sha, file: f.path, offline: hub.offline });
    // Each cached file is checked before or while it is read (link inside the cache, size, content hash of a blob
    // not verified by this process): a damaged file fails the split before its store is finished, so no store is
    // ever built from it. Online, the damaged blob is deleted and downloaded again once.
    for (let attempt = 0; ; attempt++) {
      const paths = local.get(split) ?? [];
      try {
        if (mode === "disk" && files.length > 0 && files.every((f) => f.format === "parquet")) {
          // Parquet into the row store on worker threads (same bytes as the row-by-row path below).
          const dir = storeDir(split);
          if (!RowStore.isValid(dir, fp)) {
            const inputs = files.map((f, i) => ({
              path: (paths[i] as Promise<string>).then((p) => checkCachedBlob(cachePaths, p, f.size, context(f))),
              name: f.path,
              ...(f.size !== undefined ? { size: f.size } : {}),
            }));
            const onChunk = hooks.onSplitStore?.(split, { ...info, fingerprint: fp }, features);
            const store = await writeParquetStore(dir, inputs, {
              fingerprint: fp,
              info: { ...info, fingerprint: fp },
              ...(onChunk ? { onChunk } : {}),
              ...(features ? { features } : {}),
              ...(kwargs.columns ? { columns: kwargs.columns } : {}),
            });
            store.close();
          }
          datasets.set(split, Dataset.openStore<Row>(dir, { fingerprint: fp }));
        } else {
          const batches = async function* (): AsyncGenerator<Row[]> {
            for (let i = 0; i < files.length; i++) {
              const f = files[i] as (typeof files)[number];
              const snapshot = await (paths[i] as Promise<string>);
              yield* readCachedBlob(cachePaths, snapshot, f.size, context(f), f.format === "parquet", (input) =>
                readLocalFile(input, f.format, f.path, kwargs),
              );
            }
          };
          const ds = await Dataset.fromBatches<Row>(batches(), {
            ...(features ? { features } : {}),
            info,
            store: mode,
            ...(mode === "disk" ? { fingerprint: fp, storeDir: storeDir(split) } : {}),
          });
          datasets.set(split, ds);
        }
        break;
      } catch (error) {
        if (!(error instanceof CachedBlobIntegrityError) || hub.offline || attempt > 0) throw error;
        await rm(error.blob, { force: true });
        startDownloads(split);
      }
    }
  }
  const ordered = splits.map((s) => [s, datasets.get(s) as Dataset<Row>] as [string, Dataset<Row>]);
  if (options.split === undefined) return datasetDict(ordered);
  const lengths: Record<string, number> = {};
  for (const [s, d] of datasets) lengths[s] = d.length;
  const slices = resolveSplitString(options.split, lengths);
  const parts = slices.map((s) => sliceDataset(datasets.get(s.split) as Dataset<Row>, s.start, s.end));
  const only = slices.length === 1 ? slices[0] : undefined;
  if (only && only.start === 0 && only.end === lengths[only.split]) return parts[0] as Dataset<Row>;
  // A slice or several terms: the info says which source rows these are, so loaders can keep row provenance.
  const { fingerprint: _whole, ...info } = (parts[0] as Dataset<Row>).info;
  return concatenateDatasets(parts, { info: { ...info, split: options.split, sourceRanges: slices } });
}

/** Version of what a stored split holds; bump when readers change the rows they produce. */
const STORE_FORMAT = "hub-rows-1";

/** Fingerprint of one split's rows: repo, commit, config, split and the exact files (path, size) read. */
function splitFingerprint(repo: string, sha: string, config: string, split: string, files: Array<{ path: string; size?: number }>): string {
  const h = createHash("sha256").update(
    JSON.stringify([STORE_FORMAT, repo, sha, config, split, files.map((f) => [f.path, f.size ?? null])]),
  );
  return `hub-${h.digest("hex").slice(0, 40)}`;
}

import { asyncBufferFromFile } from "@crucible/core";
import { featuresFromParquetMetadata, type Features } from "@crucible/types";
import { parquetMetadataAsync } from "hyparquet";
import { lookupCachedFile } from "../cache/lookup.js";
import { openRemoteFile } from "../download/remote.js";
import { type HubOptions, resolveHubConfig } from "../env/config.js";
import { parquetExportView } from "./parquet-export.js";
import { fetchRepoView } from "./repo-source.js";
import {
  chooseConfig,
  NoDataFilesError,
  type ResolvedConfig,
  type ResolvedRepo,
  resolveRepoView,
  type ResolveViewOptions,
} from "./resolve.js";

/** Options of the resolution calls. */
export interface ResolveOptions extends HubOptions, ResolveViewOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
}

/**
 * Resolves every config of a Hub dataset the way Python `datasets` 5.x does: README `configs:` → automatic split
 * patterns → the parquet export branch `refs/convert/parquet` when the repo has no data file of its own.
 * The revision is resolved to a commit once; every later read uses the commit.
 */
export async function resolveRepo(repo: string, options: ResolveOptions = {}): Promise<ResolvedRepo> {
  const view = await fetchRepoView(repo, options);
  try {
    return resolveRepoView(view, options);
  } catch (error) {
    if (!(error instanceof NoDataFilesError) || options.dataFiles !== undefined || options.dataDir !== undefined) throw error;
    const exportView = await fetchRepoView(repo, { ...options, revision: "refs/convert/parquet" }).catch(() => undefined);
    const synthetic = exportView && parquetExportView(exportView);
    if (!synthetic) throw error;
    const resolved = resolveRepoView(synthetic);
    const inner = resolved.config;
    resolved.config = (name: string) => ({ ...inner(name), source: "parquet-export" });
    return resolved;
  }
}

/**
 * The config names of a dataset, in README order (`["default"]` for a repo without `configs:`), like Python's
 * `get_dataset_config_names`.
 */
export async function getConfigNames(repo: string, options: ResolveOptions = {}): Promise<string[]> {
  return (await resolveRepo(repo, options)).configNames;
}

/** Options of {@link getSplitNames} and {@link resolveRepoConfig}. */
export interface ConfigOptions extends ResolveOptions {
  /** Config name. Default: the dataset's default config (an error lists the configs when there is none). */
  config?: string;
  /** Read features from the first Parquet file's metadata when the README has none. Default: true. */
  readFeatures?: boolean;
}

/** The split names of one config, in the order Python `datasets` gives them (`get_dataset_split_names`). */
export async function getSplitNames(repo: string, options: ConfigOptions = {}): Promise<string[]> {
  return Object.keys(chooseConfig(await resolveRepo(repo, options), options.config).splits);
}

/** What {@link parquetFileInfo} reads from a Parquet footer. */
export interface ParquetFileInfo {
  /** Rows in the file. */
  numRows: number;
  /** Row groups in the file. */
  numRowGroups: number;
  /** Features from the `huggingface` metadata, when present. */
  features: Features | undefined;
}

/**
 * Reads a Parquet file's footer (one Range request; the cached copy when there is one; offline only the cache).
 * @returns Row count, row groups and features, or undefined offline when the file is not cached.
 */
export async function parquetFileInfo(
  config: ResolvedConfig,
  file: string,
  options: HubOptions = {},
): Promise<ParquetFileInfo | undefined> {
  const hub = resolveHubConfig(options);
  const cached = await lookupCachedFile(hub.cacheDir, config.repo, file, config.sha).catch(() => undefined);
  let metadata;
  if (cached?.kind === "hit") {
    metadata = await parquetMetadataAsync(await asyncBufferFromFile(cached.path), { initialFetchSize: 1 << 16 });
  } else if (hub.offline) {
    return undefined;
  } else {
    const size = Object.values(config.splits)
      .flat()
      .find((f) => f.path === file)?.size;
    const remote = await openRemoteFile(config.repo, file, { ...options, revision: config.sha, ...(size ? { size } : {}) });
    metadata = await parquetMetadataAsync(remote.buffer, { initialFetchSize: 1 << 16 });
  }
  const kv = metadata.key_value_metadata?.find((e) => e.key === "huggingface");
  return {
    numRows: Number(metadata.num_rows),
    numRowGroups: metadata.row_groups.length,
    features: kv?.value ? featuresFromParquetMetadata(kv.value) : undefined,
  };
}

/** Features from a Parquet file's `huggingface` metadata (see {@link parquetFileInfo}). */
export async function parquetFileFeatures(config: ResolvedConfig, file: string, options: HubOptions = {}): Promise<Features | undefined> {
  return (await parquetFileInfo(config, file, options))?.features;
}

/**
 * Resolves one config to its data files per split (`{ config, splits: { train: [{ path, size, format }] }, features }`),
 * with features from the README (`configs[].features` / `dataset_info`) or, failing that, the first Parquet file.
 */
export async function resolveRepoConfig(repo: string, options: ConfigOptions = {}): Promise<ResolvedConfig> {
  const config = chooseConfig(await resolveRepo(repo, options), options.config);
  if (config.features === undefined && (options.readFeatures ?? true)) {
    const first = Object.values(config.splits)
      .flat()
      .find((f) => f.format === "parquet");
    if (first) {
      const features = await parquetFileFeatures(config, first.path, options).catch(() => undefined);
      if (features) return { ...config, features };
    }
  }
  return config;
}

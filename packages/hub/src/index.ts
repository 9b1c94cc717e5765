// Hub client: endpoint and token settings, HTTP, the Hub API, the cache, downloads.
export { hfHome, resolveHubConfig, type HubConfig, type HubOptions, type ProgressEvent } from "./env/config.js";
export { hubRequest, type HubRequestInit } from "./http/client.js";
export { datasetInfo, type HubDatasetInfo, type DatasetInfoOptions, type Sibling } from "./api/info.js";
export { resolveRevision, type ResolveRevisionOptions } from "./api/revision.js";
export { listFiles, pathsInfo, type ListFilesOptions, type PathsInfoOptions, type TreeEntry } from "./api/tree.js";
export { lookupCachedFile, type CacheLookup } from "./cache/lookup.js";
export { normalizeEtag, repoCachePaths, repoFolderName, type RepoCachePaths } from "./cache/layout.js";
export { readRef } from "./cache/refs.js";
export { verifyCache, type CacheIssue, type CacheReport, type VerifyCacheOptions } from "./cache/verify.js";
export { acquireLock, type HeldLock, type LockOptions } from "./cache/lock.js";
export { downloadFile, expectedFromTreeEntry, type DownloadFileOptions } from "./download/file.js";
export {
  fetchRange,
  openRemoteFile,
  streamFile,
  type OpenRemoteFileOptions,
  type RemoteFile,
  type StreamFileOptions,
  type TransferStats,
} from "./download/remote.js";
export { snapshotDownload, type SnapshotDownloadOptions } from "./download/snapshot.js";

// Loading: resolve a repo's configs and data files, load into a Dataset, stream.
export {
  getConfigNames,
  getSplitNames,
  parquetFileFeatures,
  parquetFileInfo,
  type ParquetFileInfo,
  resolveRepoConfig,
  resolveRepo,
  type ConfigOptions,
  type ResolveOptions,
} from "./resolve/api.js";
export {
  chooseConfig,
  NoDataFilesError,
  resolveRepoView,
  splitFiles,
  type ConfigSource,
  type DataFile,
  type RepoFileEntry,
  type RepoView,
  type ResolvedConfig,
  type ResolvedRepo,
  type ResolveViewOptions,
} from "./resolve/resolve.js";
export { fetchRepoView, type RepoViewOptions } from "./resolve/repo-source.js";
export { getDataPatterns } from "./resolve/patterns.js";
export { fileFormat, inferModule } from "./resolve/infer.js";
export { readCardMetadata, type CardMetadata, type DatasetInfoEntry, type MetadataConfig } from "./resolve/readme.js";
export { parquetExportView } from "./resolve/parquet-export.js";
export { loadDataset, type LoadDatasetOptions } from "./load/load-dataset.js";
export { loadTransformed, type LoadTransformedOptions, type LoaderHubOptions, type TransformSpec } from "./load/load-transformed.js";
export { planLoad, type LoadOptions, type LoadPlan } from "./load/resolve-for-load.js";
export type { LoadInfo } from "./load/core-adapter.js";
export { streamDataset, type IterableDatasetDict, type StreamDatasetOptions } from "./stream/stream-dataset.js";
export { streamJsonlRows } from "./stream/jsonl-stream.js";

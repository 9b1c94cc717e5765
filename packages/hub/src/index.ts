// --- hub-client (src/env, src/http, src/api, src/cache, src/download) ---
export { hfHome, isTruthyEnv, resolveHubConfig, type HubConfig, type HubOptions, type ProgressEvent } from "./env/config.js";
export { userAgent, version } from "./env/version.js";
export { hubRequest, type HubRequestInit } from "./http/client.js";
export { hubErrorFromResponse, RETRYABLE_STATUSES, type RequestContext } from "./http/errors.js";
export { backoffDelay, parseRateLimit, parseRetryAfter } from "./http/retry.js";
export { datasetInfo, type DatasetInfo, type DatasetInfoOptions, type Sibling } from "./api/info.js";
export { encodeRevision, isCommitSha, pyQuote, resolveUrl, validatePathInRepo, validateRepoId } from "./api/repo.js";
export { resolveRevision, type ResolveRevisionOptions } from "./api/revision.js";
export { listFiles, pathsInfo, type ListFilesOptions, type PathsInfoOptions, type TreeEntry } from "./api/tree.js";
export { lookupCachedFile, type CacheLookup } from "./cache/lookup.js";
export { normalizeEtag, repoCachePaths, repoFolderName, type RepoCachePaths } from "./cache/layout.js";
export { readRef } from "./cache/refs.js";
export { verifyCache, type CacheIssue, type CacheReport, type VerifyCacheOptions } from "./cache/verify.js";
export { acquireLock, type HeldLock, type LockOptions } from "./cache/lock.js";
export { downloadFile, expectedFromTreeEntry, type DownloadFileOptions } from "./download/file.js";
export { filterPaths, fnmatchToRegExp } from "./download/fnmatch.js";
export { getFileMetadata, type FileMetadata } from "./download/metadata.js";
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
// --- end hub-client ---
// --- hub-load (src/resolve, src/load, src/stream) ---
export {
  getConfigNames,
  getSplitNames,
  parquetFileFeatures,
  parquetFileInfo,
  type ParquetFileInfo,
  resolveDataFiles,
  resolveRepo,
  type ConfigOptions,
  type ResolveOptions,
} from "./resolve/api.js";
export {
  chooseConfig,
  NoDataFilesError,
  resolveRepoView,
  sanitizePatterns,
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
export { getDataPatterns, resolvePattern, SPLIT_KEYWORDS, SPLIT_PATTERN_SHARDED } from "./resolve/patterns.js";
export { globToRegExp } from "./resolve/glob.js";
export { fileFormat, inferModule } from "./resolve/infer.js";
export { readCardMetadata, type CardMetadata, type DatasetInfoEntry, type MetadataConfig } from "./resolve/readme.js";
export { parquetExportView } from "./resolve/parquet-export.js";
export { loadDataset, type LoadDatasetOptions } from "./load/load-dataset.js";
export { planLoad, type LoadOptions, type LoadPlan } from "./load/resolve-for-load.js";
export type { LoadInfo } from "./load/core-adapter.js";
export { streamDataset, type IterableDatasetDict, type StreamDatasetOptions } from "./stream/stream-dataset.js";
export { streamParquetRows, type StreamParquetOptions } from "./stream/parquet-pages.js";
export { streamJsonlRows } from "./stream/jsonl-stream.js";
// --- end hub-load ---

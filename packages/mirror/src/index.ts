export { startMirror } from "./server.js";
export { splitRevisionAndPath } from "./router.js";
export type {
  FaultOptions,
  Mirror,
  MirrorLogEntry,
  MirrorOptions,
  MirrorStats,
  RateLimitFault,
  RepoAccess,
  ViewerOptions,
} from "./types.js";
export { startViewer, LOCAL_REPO, type StartViewerOptions, type Viewer } from "./viewer/start.js";
export type { ViewerResultsProvider, ViewerResultSummary } from "./viewer/results.js";
export { MAX_ROWS_PER_PAGE } from "./viewer/routes.js";
export { PAGE_CSP } from "./viewer/page-routes.js";
export { parseWhere, parseOrderBy, type FilterColumn, type SqlFragment } from "./viewer/where.js";
export { PARQUET_REVISION, deriveParquetExport, autoSplits, type ParquetExport } from "./parquet-export.js";
export { parseCardData } from "./card.js";
export { LfsRules, LFS_SIZE_THRESHOLD, DEFAULT_GITATTRIBUTES } from "./lfs.js";
export { hashFile, gitBlobSha1, HashCache, type FileHashes } from "./hash.js";
export { parseRange, type RangeResult } from "./range.js";

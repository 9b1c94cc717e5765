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
} from "./types.js";
export { PARQUET_REVISION, deriveParquetExport, autoSplits, type ParquetExport } from "./parquet-export.js";
export { parseCardData } from "./card.js";
export { LfsRules, LFS_SIZE_THRESHOLD, DEFAULT_GITATTRIBUTES } from "./lfs.js";
export { hashFile, gitBlobSha1, HashCache, type FileHashes } from "./hash.js";
export { parseRange, type RangeResult } from "./range.js";

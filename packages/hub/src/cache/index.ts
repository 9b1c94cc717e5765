export { atomicWrite } from "./atomic.js";
export {
  blobLockPath,
  blobPath,
  noExistPath,
  normalizeEtag,
  refPath,
  repoCachePaths,
  repoFolderName,
  snapshotFilePath,
  treeCachePath,
  type RepoCachePaths,
} from "./layout.js";
export { linkSnapshotFile } from "./link.js";
export { acquireLock, type HeldLock, type LockOptions } from "./lock.js";
export { cachedCommit, lookupCachedFile, type CacheLookup } from "./lookup.js";
export { readRef, writeRef } from "./refs.js";
export { readTreeCache, treeEntriesFromCache, writeTreeCache, type TreeCacheEntry } from "./tree-cache.js";
export { verifyCache, type CacheIssue, type CacheReport, type VerifyCacheOptions } from "./verify.js";

export { datasetInfo, type DatasetInfo, type DatasetInfoOptions, type Sibling } from "./info.js";
export {
  datasetInfoUrl,
  encodeRevision,
  isCommitSha,
  pathsInfoUrl,
  pyQuote,
  resolveUrl,
  treeUrl,
  validatePathInRepo,
  validateRepoId,
} from "./repo.js";
export { isTransientHubError, resolveRevision, resolveRevisionWithConfig, type ResolveRevisionOptions } from "./revision.js";
export { listFiles, nextLink, pathsInfo, type ListFilesOptions, type PathsInfoOptions, type TreeEntry } from "./tree.js";

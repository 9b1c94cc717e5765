export { ensureBlob, type BlobRequest } from "./blob.js";
export { downloadFile, downloadFileWithConfig, type DownloadFileOptions, type KnownFile } from "./file.js";
export { filterPaths, fnmatchToRegExp } from "./fnmatch.js";
export { sha256File } from "./hash.js";
export { getFileMetadata, type FileMetadata } from "./metadata.js";
export { rangeStream, type RangeStreamOptions, type ResponseMeta, type TransferStats } from "./range-stream.js";
export {
  fetchRange,
  openRemoteFile,
  streamFile,
  type OpenRemoteFileOptions,
  type RemoteFile,
  type StreamFileOptions,
} from "./remote.js";
export { snapshotDownload, type SnapshotDownloadOptions } from "./snapshot.js";

export {
  RowStore,
  RowStoreWriter,
  CHECKSUMS_FILE,
  DAMAGED_MANIFEST_FILE,
  STORE_VERSION,
  sourceRowOf,
} from "./row-store.js";
export type { DatasetInfo, RowStoreChecksums, RowStoreManifest, RowStoreOpenOptions, RowStoreWriterOptions } from "./row-store.js";
export { crucibleHome, defaultStoreRoot, storeDirForFingerprint } from "./paths.js";
export { estimateBytes } from "./estimate.js";
export type { EncodedChunk } from "./record-chunks.js";

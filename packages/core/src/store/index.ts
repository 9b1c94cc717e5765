export {
  RowStore,
  RowStoreWriter,
  DATA_FILE,
  OFFSETS_FILE,
  MANIFEST_FILE,
  CHECKSUMS_FILE,
  DAMAGED_MANIFEST_FILE,
  CHECKSUM_CHUNK_BYTES,
  BACKGROUND_VERIFY_MIN_BYTES,
  STORE_FORMAT,
  STORE_VERSION,
  sourceRowOf,
} from "./row-store.js";
export type { DatasetInfo, RowStoreChecksums, RowStoreManifest, RowStoreOpenOptions, RowStoreWriterOptions } from "./row-store.js";
export { crucibleHome, defaultStoreRoot, storeDirForFingerprint, anonymousStoreDir } from "./paths.js";
export { encodeRecord, decodeRecord, isJsonSafe } from "./encoding.js";
export { estimateBytes } from "./estimate.js";
export type { EncodedChunk } from "./record-chunks.js";

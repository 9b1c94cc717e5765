export { RowStore, RowStoreWriter, DATA_FILE, OFFSETS_FILE, MANIFEST_FILE, STORE_FORMAT, STORE_VERSION, sourceRowOf } from "./row-store.js";
export type { DatasetInfo, RowStoreManifest, RowStoreWriterOptions } from "./row-store.js";
export { crucibleHome, defaultStoreRoot, storeDirForFingerprint, anonymousStoreDir } from "./paths.js";
export { encodeRecord, decodeRecord, isJsonSafe } from "./encoding.js";
export { estimateBytes } from "./estimate.js";
export type { EncodedChunk } from "./record-chunks.js";

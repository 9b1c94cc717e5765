// Readers, file system helpers, processed-data cache
export type { AsyncBuffer } from "hyparquet";
export { normalizeParquetValue, normalizeBigInt } from "./readers/normalize.js";
export { readParquet, readParquetInfo } from "./readers/parquet.js";
export type { ParquetInput, ParquetInfo, ReadParquetOptions } from "./readers/parquet.js";
export { readJsonl } from "./readers/jsonl.js";
export type { ReadJsonlOptions } from "./readers/jsonl.js";
export { readJson } from "./readers/json.js";
export type { ReadJsonOptions } from "./readers/json.js";
export { readCsv } from "./readers/csv.js";
export type { ReadCsvOptions } from "./readers/csv.js";
export { readText } from "./readers/text.js";
export type { ReadTextOptions } from "./readers/text.js";
export { detectCompression } from "./readers/bytes.js";
export type { ByteInput, Compression } from "./readers/bytes.js";
export { formatFromPath, EXTENSION_TO_FORMAT, COMPRESSION_EXTENSIONS } from "./readers/format.js";
export type { DataFileFormat } from "./readers/format.js";
export { readDataFile } from "./readers/data-file.js";
export type { ReadDataFileOptions } from "./readers/data-file.js";
export { writeParquetStore } from "./readers/parquet-store.js";
export type { ParquetStoreFile, WriteParquetStoreOptions } from "./readers/parquet-store.js";
export { asyncBufferFromFile } from "./fs/async-buffer.js";
export type { FileAsyncBuffer } from "./fs/async-buffer.js";
export { atomicWriteFile } from "./fs/atomic-write.js";
export { processAlive } from "./fs/process-alive.js";
export { pyRstrip, pySplit, pyStrip } from "./text/python-str.js";
export { csvField } from "./text/csv-field.js";
export { describeIoError } from "./fs/io-error.js";
export type { IoErrorDescription } from "./fs/io-error.js";
export type { AtomicWriteOptions } from "./fs/atomic-write.js";
export { resolveDataFiles, resolvePattern, normalizeDataFiles, FILES_TO_IGNORE } from "./fs/data-files.js";
export type { DataFilesEntry, DataFilesSpec } from "./fs/data-files.js";
export { ProcessedCache, defaultProcessedCacheDir } from "./cache/processed-cache.js";
export type { ProcessedCacheOptions, CacheEntryInfo } from "./cache/processed-cache.js";
export { cacheKey } from "./cache/fingerprint.js";
export type { CacheKeyParts, SourceFile } from "./cache/fingerprint.js";

// Dataset, DatasetDict, combine, on-disk row store
export {
  Dataset,
  DatasetDict,
  concatenateDatasets,
  interleaveDatasets,
  interleaveIndices,
  castValue,
  compareValues,
  compareStrings,
  DEFAULT_MEMORY_LIMIT_BYTES,
  featureToHfJson,
  featuresToHfJson,
  toJsonLine,
} from "./dataset/index.js";
export type {
  Row,
  ColumnBatch,
  DatasetOptions,
  FromBatchesOptions,
  ShuffleOptions,
  ShardOptions,
  TrainTestSplitOptions,
  MapOptions,
  MapResult,
  FilterOptions,
  SortOptions,
  BatchOptions,
  Batched,
  ConcatenateOptions,
  InterleaveOptions,
  StoppingStrategy,
  StoreMode,
  StoreOptions,
  ToParquetOptions,
} from "./dataset/index.js";
export {
  RowStore,
  RowStoreWriter,
  CHECKSUMS_FILE,
  DAMAGED_MANIFEST_FILE,
  STORE_VERSION,
  sourceRowOf,
  crucibleHome,
  defaultStoreRoot,
  storeDirForFingerprint,
  estimateBytes,
} from "./store/index.js";
export type {
  DatasetInfo,
  EncodedChunk,
  RowStoreChecksums,
  RowStoreManifest,
  RowStoreOpenOptions,
  RowStoreWriterOptions,
} from "./store/index.js";

// numpy / CPython-compatible RNG, split strings, train/test split, samplers
export {
  SeedSequence,
  PCG64,
  NumpyGenerator,
  defaultRng,
  permutation,
  NumpyRandomState,
  MT19937,
  PythonRandom,
  mulberry32,
} from "./rng/index.js";
export type {
  SeedEntropy,
  SeedSequenceOptions,
  PCG64State,
  NumpySeed,
  MutableArrayLike,
  IntegersOptions,
  ChoiceOptions,
  PythonSeed,
  ChoicesOptions,
} from "./rng/index.js";
export { parseSplit, resolveSplit, SplitSpecError, trainTestSplitIndices } from "./split/index.js";
export type {
  SplitInstruction,
  ResolvedSplit,
  SplitRounding,
  TrainTestSplitIndicesOptions,
  TrainTestIndices,
} from "./split/index.js";
export { stratifiedSample, stratifiedSampleWithAllocation, kFold, randomSample } from "./sampler/index.js";
export type {
  StratifiedSampleOptions,
  StratifiedSample,
  StratumAllocation,
  KFoldOptions,
  Fold,
  RandomSampleOptions,
} from "./sampler/index.js";

// IterableDataset
export { IterableDataset, epochSeed } from "./iterable/index.js";
export type { ShardFn, IterableDatasetOptions, IterableShuffleOptions, IterableMapOptions } from "./iterable/index.js";
export { loadFiles } from "./load-files.js";
export type { LoadFilesOptions } from "./load-files.js";
export { parquetCompressors } from "./readers/compressors.js";
export { DEFAULT_PARQUET_BATCH_ROWS } from "./readers/parquet.js";

// Skip reporting shared by the domain loaders
export { SkipCollector } from "./skips.js";
export type { SkippedRow, SkipCollectorOptions } from "./skips.js";

// Lazy, disk-backed row transforms (every domain loader runs on them)
export {
  Transform,
  skipRow,
  isSkipRow,
  transformDataset,
  transformFingerprint,
  TransformedDataset,
  TransformFeed,
} from "./transform/index.js";
export type { SkipRow, RowContext, GroupMember, TransformDatasetOptions, SkipRecord } from "./transform/index.js";

export { Dataset } from "./dataset.js";
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
} from "./dataset.js";
export { DatasetDict } from "./dataset-dict.js";
export { concatenateDatasets, interleaveDatasets, interleaveIndices } from "./combine.js";
export type { ConcatenateOptions, InterleaveOptions, StoppingStrategy } from "./combine.js";
export { castValue } from "./cast.js";
export { compareValues, compareStrings } from "./compare.js";
export { DEFAULT_MEMORY_LIMIT_BYTES } from "./sink.js";
export type { StoreMode, StoreOptions } from "./sink.js";
export { featureToHfJson, featuresToHfJson, toJsonLine } from "./export.js";
export type { ToParquetOptions } from "./export.js";

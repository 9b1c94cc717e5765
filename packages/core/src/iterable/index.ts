export { IterableDataset, epochSeed } from "./iterable-dataset.js";
export type { ShardFn, IterableDatasetOptions, IterableShuffleOptions, IterableMapOptions } from "./iterable-dataset.js";

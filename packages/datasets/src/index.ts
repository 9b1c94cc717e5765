// --- named datasets ---
export { load, type DatasetAliases } from "./load.js";
export { CATALOG, type DatasetDomain, type DatasetEntry } from "./registry/catalog.js";
export { findEntry, isDatasetName, list, search, suggestNames, type ListFilter } from "./registry/find.js";
export {
  LOADERS,
  type DatasetName,
  type DeepCoderLoadOptions,
  type NamedDatasets,
  type NoRobotsLoadOptions,
  type OpenThoughts3LoadOptions,
  type Tulu3SftLoadOptions,
} from "./registry/loaders.js";

// --- CLI ---
export { runCli } from "./cli/main.js";
export type { CliIO } from "./cli/context.js";
export { formatTable } from "./cli/serialize.js";

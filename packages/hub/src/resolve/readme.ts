import { featuresFromDatasetInfo, type Features, InvalidArgumentError } from "@crucible/types";
import { parse as parseYaml } from "yaml";
import { SPLIT_NAME_RE } from "./patterns.js";

/** `data_files` as written in README YAML: a string, a list of strings, or a list of `{ split, path }`. */
export type YamlDataFiles = string | Array<string | { split: string; path: string | string[] }>;

/** One entry of README `configs:` (Python `MetadataConfigs`), with `config_name` taken out. */
export interface MetadataConfig {
  /** The config name. */
  name: string;
  /** `data_files`, when given. */
  dataFiles?: YamlDataFiles;
  /** `data_dir`, when given. */
  dataDir?: string;
  /** `default: true`. */
  default?: boolean;
  /** `features:` of the config entry (YAML list form), parsed. */
  features?: Features;
  /** Every other key (builder kwargs such as `sep`, `columns`, `field`). */
  builderKwargs: Record<string, unknown>;
}

/** One config's entry in README `dataset_info` (Python `DatasetInfo._from_yaml_dict`), reduced to what we use. */
export interface DatasetInfoEntry {
  /** Config name (`default` when the entry has none). */
  configName: string;
  /** Features, when listed. */
  features?: Features;
  /** Split sizes: name → number of examples (when listed). */
  splits: Record<string, { numExamples?: number; numBytes?: number }>;
  /** `download_size`, when listed. */
  downloadSize?: number;
  /** `dataset_size`, when listed. */
  datasetSize?: number;
}

/** What the dataset card's YAML front matter says about configs and infos. */
export interface CardMetadata {
  /** `configs:` in order (empty when absent). */
  configs: MetadataConfig[];
  /** `dataset_info:` by config name, in order. */
  datasetInfos: Map<string, DatasetInfoEntry>;
  /** The raw parsed YAML (card data). */
  raw: Record<string, unknown>;
}

// huggingface_hub repocard.REGEX_YAML_BLOCK
const YAML_BLOCK = /^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parses YAML the way PyYAML's `safe_load` does (YAML 1.1 scalars), refusing duplicate keys like `datasets` does.
 * @throws InvalidArgumentError on invalid YAML or duplicate keys.
 */
export function parseCardYaml(text: string, where = "README.md"): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(text, { version: "1.1", uniqueKeys: true, maxAliasCount: 1000 });
  } catch (cause) {
    throw new InvalidArgumentError(`The YAML metadata of ${where} is invalid: ${(cause as Error).message}`, { file: where, cause });
  }
  if (data === null || data === undefined) return {};
  if (!isRecord(data)) throw new InvalidArgumentError(`The YAML metadata of ${where} must be a mapping`, { file: where });
  return data;
}

/**
 * Extracts the YAML front matter of a dataset card (the block between a first `---` line and the next `---`).
 * @returns The parsed card data, `{}` when the card has no front matter.
 */
export function readCardData(readme: string | undefined): Record<string, unknown> {
  if (readme === undefined) return {};
  const m = readme.match(YAML_BLOCK);
  if (!m) return {};
  return parseCardYaml(m[2] ?? "");
}

function validateDataFiles(configName: string, dataFiles: unknown): YamlDataFiles | undefined {
  if (dataFiles === undefined || dataFiles === null) return undefined;
  const bad = () =>
    new InvalidArgumentError(
      `Config '${configName}': data_files in YAML must be a string, a list of strings or a list of {split, path}, got ${JSON.stringify(dataFiles)}`,
      { file: "README.md", hint: "Split names must match ^\\w+(\\.\\w+)*$ (no dashes)" },
    );
  if (typeof dataFiles === "string") return dataFiles;
  if (!Array.isArray(dataFiles)) throw bad();
  for (const item of dataFiles) {
    if (typeof item === "string") continue;
    if (!isRecord(item)) throw bad();
    const keys = Object.keys(item);
    const path = item.path;
    if (
      keys.length !== 2 ||
      typeof item.split !== "string" ||
      !SPLIT_NAME_RE.test(item.split) ||
      !(typeof path === "string" || (Array.isArray(path) && path.every((p) => typeof p === "string")))
    ) {
      throw bad();
    }
  }
  return dataFiles as YamlDataFiles;
}

/** Parses `configs:` from card data (Python `MetadataConfigs.from_dataset_card_data`). */
export function parseMetadataConfigs(card: Record<string, unknown>): MetadataConfig[] {
  const configs = card.configs;
  if (configs === undefined || configs === null || (Array.isArray(configs) && configs.length === 0)) return [];
  if (!Array.isArray(configs))
    throw new InvalidArgumentError(`Expected configs to be a list, but got ${JSON.stringify(configs)}`, { file: "README.md" });
  const out: MetadataConfig[] = [];
  const seen = new Set<string>();
  for (const entry of configs) {
    if (!isRecord(entry) || entry.config_name === undefined) {
      throw new InvalidArgumentError(`Each config must include a config_name, but got ${JSON.stringify(entry)}`, { file: "README.md" });
    }
    const { config_name, data_files, data_dir, default: isDefault, features, ...rest } = entry;
    const name = String(config_name);
    const dataFiles = validateDataFiles(name, data_files);
    const cfg: MetadataConfig = { name, builderKwargs: rest };
    if (dataFiles !== undefined) cfg.dataFiles = dataFiles;
    if (typeof data_dir === "string") cfg.dataDir = data_dir;
    if (isDefault !== undefined && isDefault !== null && isDefault !== false) cfg.default = Boolean(isDefault);
    if (features !== undefined && features !== null) cfg.features = featuresFromDatasetInfo(features);
    // Python builds a dict keyed by name: a later duplicate replaces the earlier entry but keeps its position.
    if (seen.has(name)) {
      const idx = out.findIndex((c) => c.name === name);
      out[idx] = cfg;
    } else {
      out.push(cfg);
      seen.add(name);
    }
  }
  return out;
}

/**
 * The default config (Python `MetadataConfigs.get_default_config_name`): the only config, or the one named
 * `default`, or the one with `default: true`.
 * @throws InvalidArgumentError when several configs qualify.
 */
export function defaultConfigName(configs: readonly MetadataConfig[]): string | undefined {
  let found: string | undefined;
  for (const c of configs) {
    if (configs.length === 1 || c.name === "default" || c.default) {
      if (found === undefined) found = c.name;
      else throw new InvalidArgumentError(`Dataset has several default configs: '${found}' and '${c.name}'`, { file: "README.md" });
    }
  }
  return found;
}

function toNumber(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function parseInfoEntry(entry: Record<string, unknown>): DatasetInfoEntry {
  const configName = entry.config_name === undefined ? "default" : String(entry.config_name);
  const info: DatasetInfoEntry = { configName, splits: {} };
  if (entry.features !== undefined && entry.features !== null) {
    try {
      info.features = featuresFromDatasetInfo(entry.features);
    } catch {
      // A features block we cannot model: leave features to the data files.
    }
  }
  const splits = entry.splits;
  const list = Array.isArray(splits)
    ? splits
    : isRecord(splits)
      ? Object.entries(splits).map(([name, v]) => ({ name, ...(isRecord(v) ? v : {}) }))
      : [];
  for (const s of list) {
    if (!isRecord(s) || typeof s.name !== "string") continue;
    const entrySplit: { numExamples?: number; numBytes?: number } = {};
    const ne = toNumber(s.num_examples);
    const nb = toNumber(s.num_bytes);
    if (ne !== undefined) entrySplit.numExamples = ne;
    if (nb !== undefined) entrySplit.numBytes = nb;
    info.splits[s.name] = entrySplit;
  }
  const ds = toNumber(entry.download_size);
  const dz = toNumber(entry.dataset_size);
  if (ds !== undefined) info.downloadSize = ds;
  if (dz !== undefined) info.datasetSize = dz;
  return info;
}

/** Parses `dataset_info:` (a mapping, or a list with one entry per config_name). */
export function parseDatasetInfos(card: Record<string, unknown>): Map<string, DatasetInfoEntry> {
  const out = new Map<string, DatasetInfoEntry>();
  const di = card.dataset_info;
  if (Array.isArray(di)) {
    for (const e of di) if (isRecord(e)) out.set(parseInfoEntry(e).configName, parseInfoEntry(e));
  } else if (isRecord(di)) {
    const e = parseInfoEntry(di);
    out.set(e.configName, e);
  }
  return out;
}

/**
 * Reads everything config resolution needs from a README (and an optional `.huggingface.yaml`, merged over it
 * key by key as Python `datasets` does).
 */
export function readCardMetadata(readme: string | undefined, standaloneYaml?: string): CardMetadata {
  let raw = readCardData(readme);
  if (standaloneYaml !== undefined) {
    const extra = parseCardYaml(standaloneYaml, ".huggingface.yaml");
    raw = { ...raw, ...extra };
  }
  return { configs: parseMetadataConfigs(raw), datasetInfos: parseDatasetInfos(raw), raw };
}

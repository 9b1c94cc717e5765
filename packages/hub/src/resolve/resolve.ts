import { type DataFilesSpec, normalizeDataFiles } from "@crucible/core";
import { ConfigNotFoundError, CrucibleError, type Features, InvalidArgumentError, SplitNotFoundError } from "@crucible/types";
import { hasMagic } from "./glob.js";
import { fileFormat, filterByModule, inferModule } from "./infer.js";
import { getDataPatterns, joinPath, resolvePattern } from "./patterns.js";
import { type CardMetadata, defaultConfigName, type MetadataConfig, readCardMetadata } from "./readme.js";

/** One file of a repo, as listed by the tree API (or the cache). */
export interface RepoFileEntry {
  /** Path in the repo. */
  path: string;
  /** Size in bytes, when known. */
  size?: number;
}

/** A snapshot of a repo at one commit: everything config/split resolution needs, no I/O. */
export interface RepoView {
  /** Repo id, e.g. `openai/gsm8k`. */
  repo: string;
  /** The revision the caller asked for (branch, tag or sha). */
  revision: string;
  /** The commit sha it resolved to. */
  sha: string;
  /** Every file at that commit (recursive). */
  files: RepoFileEntry[];
  /** README.md text, when the repo has one. */
  readme?: string;
  /** `.huggingface.yaml` text, when the repo has one. */
  standaloneYaml?: string;
}

/** A data file chosen for a split. */
export interface DataFile {
  /** Path in the repo. */
  path: string;
  /** Size in bytes, when known. */
  size?: number;
  /** Reader format from the extension (`parquet`, `json`, `csv`, `text`, …). */
  format: string | undefined;
}

/** How a config's files were found. */
export type ConfigSource = "yaml" | "auto" | "parquet-export";

/** One config, resolved to files per split. */
export interface ResolvedConfig {
  /** Repo id. */
  repo: string;
  /** Revision asked for. */
  revision: string;
  /** Commit sha. */
  sha: string;
  /** Config name (`default` when the repo has no `configs:`). */
  config: string;
  /** Split name → files, in the order Python `datasets` reads them. Split order is Python's too. */
  splits: Record<string, DataFile[]>;
  /** The packaged builder Python would use (`parquet`, `json`, `csv`, …). */
  module: string | undefined;
  /** Features from the config's YAML `features:` or README `dataset_info` (Parquet metadata is read later). */
  features?: Features;
  /** Row counts per split from README `dataset_info`, when listed. */
  numExamples?: Record<string, number>;
  /** Builder kwargs from the YAML config entry (`sep`, `columns`, …). */
  builderKwargs: Record<string, unknown>;
  /** Where the files came from. */
  source: ConfigSource;
}

/** Every config of a repo. */
export interface ResolvedRepo {
  /** Repo id. */
  repo: string;
  /** Revision asked for. */
  revision: string;
  /** Commit sha. */
  sha: string;
  /** Config names in README order (`["default"]` without `configs:`). */
  configNames: string[];
  /** The config used when none is named, if there is one. */
  defaultConfig: string | undefined;
  /** Parsed card metadata. */
  card: CardMetadata;
  /** Resolves one config's files (cheap: no I/O). */
  config(name: string): ResolvedConfig;
}

/** Thrown (code FILE_NOT_FOUND) when a repo has no data files at all: the caller may try the parquet export. */
export class NoDataFilesError extends CrucibleError {
  constructor(message: string, options: { repo: string; revision?: string }) {
    super("FILE_NOT_FOUND", message, { ...options, hint: "The repo has no supported data files (parquet, jsonl, json, csv, txt, …)" });
  }
}

function resolveSplitPatterns(
  view: RepoView,
  patterns: Record<string, string[]>,
  basePath: string,
  configName: string,
): Record<string, string[]> {
  const paths = view.files.map((f) => f.path);
  const out: Record<string, string[]> = {};
  for (const [split, pats] of Object.entries(patterns)) {
    const files: string[] = [];
    for (const p of pats) {
      const found = resolvePattern(p, paths, basePath, true);
      if (found.length === 0 && !hasMagic(p)) {
        throw new CrucibleError(
          "FILE_NOT_FOUND",
          `Unable to find '${joinPath(basePath, p)}' for split '${split}' of config '${configName}'`,
          {
            repo: view.repo,
            revision: view.revision,
            hint: "Check data_files / data_dir in the README `configs:`",
          },
        );
      }
      files.push(...found);
    }
    out[split] = files;
  }
  return out;
}

function toDataFiles(view: RepoView, splits: Record<string, string[]>): Record<string, DataFile[]> {
  const sizes = new Map(view.files.map((f) => [f.path, f.size]));
  const out: Record<string, DataFile[]> = {};
  for (const [split, paths] of Object.entries(splits)) {
    out[split] = paths.map((path) => {
      const size = sizes.get(path);
      const df: DataFile = { path, format: fileFormat(path) };
      if (size !== undefined) df.size = size;
      return df;
    });
  }
  return out;
}

function inferSplitsModule(view: RepoView, splits: Record<string, string[]>, configName: string): string | undefined {
  const modules = Object.values(splits).map((files) => inferModule(files));
  const first = modules[0];
  if (modules.some((m) => m !== first)) {
    throw new InvalidArgumentError(
      `Couldn't infer the same data file format for all splits of config '${configName}': got ${Object.keys(splits)
        .map((s, i) => `${s}=${modules[i] ?? "none"}`)
        .join(", ")}`,
      { repo: view.repo, revision: view.revision },
    );
  }
  return first;
}

/** Options for {@link resolveRepoView}. */
export interface ResolveViewOptions {
  /** Like Python's `data_dir`: resolve the automatic patterns under this folder, overriding YAML data_files. */
  dataDir?: string;
  /** Like Python's `data_files`: explicit patterns (string, list, or split → patterns), overriding everything. */
  dataFiles?: DataFilesSpec;
}

/**
 * Resolves configs and splits of a repo snapshot exactly as Python `datasets` 5.x `HubDatasetModuleFactory` does for
 * a repo without a loading script: README `configs:` (with `data_files`, `data_dir`, `default`) → automatic split
 * patterns → (by the caller) the parquet export.
 * @throws NoDataFilesError when the repo has no `configs:` and no data file at all.
 */
export function resolveRepoView(view: RepoView, options: ResolveViewOptions = {}): ResolvedRepo {
  const card = readCardMetadata(view.readme, view.standaloneYaml);
  const paths = view.files.map((f) => f.path);
  const { datasetInfos } = card;
  const metadataConfigs: MetadataConfig[] = card.configs;
  let defaultConfig: string | undefined;

  // Auto patterns for the whole repo (or data_dir), used when there are no YAML configs or user data_files.
  let autoSplits: Record<string, string[]> | undefined;
  let autoModule: string | undefined;
  const userPatterns = options.dataFiles !== undefined ? normalizeDataFiles(options.dataFiles) : undefined;
  const needAuto = userPatterns !== undefined || options.dataDir !== undefined || metadataConfigs.length === 0;
  if (needAuto) {
    const base = options.dataDir ?? "";
    const patterns = userPatterns ?? getDataPatterns(paths, base);
    if (patterns === undefined) {
      if (metadataConfigs.length === 0) {
        throw new NoDataFilesError(`No (supported) data files found in ${view.repo}`, { repo: view.repo, revision: view.revision });
      }
    } else {
      const resolved = resolveSplitPatterns(view, patterns, base, "default");
      autoModule = inferSplitsModule(view, resolved, "default");
      if (autoModule === undefined) {
        throw new NoDataFilesError(`No (supported) data files found in ${view.repo}`, { repo: view.repo, revision: view.revision });
      }
      autoSplits = {};
      for (const [s, files] of Object.entries(resolved)) autoSplits[s] = filterByModule(files, autoModule);
    }
  }
  if (metadataConfigs.length > 0) defaultConfig = defaultConfigName(metadataConfigs);
  const configNames = metadataConfigs.length > 0 ? metadataConfigs.map((c) => c.name) : ["default"];
  if (defaultConfig === undefined && configNames.length === 1) defaultConfig = configNames[0];
  if (defaultConfig === undefined && datasetInfos.size === 1) defaultConfig = [...datasetInfos.keys()][0];

  const cache = new Map<string, ResolvedConfig>();
  const config = (name: string): ResolvedConfig => {
    const hit = cache.get(name);
    if (hit) return hit;
    if (!configNames.includes(name)) {
      throw new ConfigNotFoundError(`BuilderConfig '${name}' not found in ${view.repo}`, {
        repo: view.repo,
        revision: view.revision,
        available: configNames,
      });
    }
    const meta = metadataConfigs.find((c) => c.name === name);
    let splits: Record<string, string[]>;
    let module: string | undefined;
    let source: ConfigSource;
    if (meta === undefined || options.dataFiles !== undefined || options.dataDir !== undefined) {
      if (autoSplits === undefined) {
        throw new NoDataFilesError(`No (supported) data files found in ${view.repo}`, { repo: view.repo, revision: view.revision });
      }
      splits = autoSplits;
      module = autoModule;
      source = "auto";
    } else {
      const base = meta.dataDir ?? "";
      let patterns: Record<string, string[]> | undefined;
      if (meta.dataFiles !== undefined) patterns = normalizeDataFiles(meta.dataFiles);
      else patterns = getDataPatterns(paths, base);
      if (patterns === undefined) {
        throw new CrucibleError(
          "FILE_NOT_FOUND",
          `Dataset at '${view.repo}' doesn't contain data files matching the patterns for config '${name}'`,
          { repo: view.repo, revision: view.revision, hint: "Check `data_files` and `data_dir` in the `configs` YAML field in README.md" },
        );
      }
      splits = resolveSplitPatterns(view, patterns, base, name);
      module = inferSplitsModule(view, splits, name);
      source = "yaml";
    }
    const info = datasetInfos.get(name);
    const resolved: ResolvedConfig = {
      repo: view.repo,
      revision: view.revision,
      sha: view.sha,
      config: name,
      splits: toDataFiles(view, splits),
      module,
      builderKwargs: meta?.builderKwargs ?? {},
      source,
    };
    const features = meta?.features ?? info?.features;
    if (features) resolved.features = features;
    if (info) {
      const counts: Record<string, number> = {};
      for (const [s, v] of Object.entries(info.splits)) if (v.numExamples !== undefined) counts[s] = v.numExamples;
      if (Object.keys(counts).length) resolved.numExamples = counts;
    }
    cache.set(name, resolved);
    return resolved;
  };

  return { repo: view.repo, revision: view.revision, sha: view.sha, configNames, defaultConfig, card, config };
}

/**
 * Picks the config to load: the named one, else the default, else the only one.
 * @throws ConfigNotFoundError listing the configs when several exist and none is named or default (like Python's
 *   "Config name is missing").
 */
export function chooseConfig(resolved: ResolvedRepo, config: string | undefined): ResolvedConfig {
  if (config !== undefined) return resolved.config(config);
  const name = resolved.defaultConfig ?? (resolved.configNames.length === 1 ? resolved.configNames[0] : undefined);
  if (name === undefined) {
    throw new ConfigNotFoundError(`Config name is missing for ${resolved.repo}: pick one of the available configs`, {
      repo: resolved.repo,
      revision: resolved.revision,
      available: resolved.configNames,
      hint: `Available configs: ${resolved.configNames.join(", ")}. Example: loadDataset("${resolved.repo}", { config: "${resolved.configNames[0] ?? ""}" })`,
    });
  }
  return resolved.config(name);
}

/**
 * Looks up one split's files.
 * @throws SplitNotFoundError listing the config's splits.
 */
export function splitFiles(config: ResolvedConfig, split: string): DataFile[] {
  const files = config.splits[split];
  if (files === undefined) {
    throw new SplitNotFoundError(`Unknown split "${split}" in config '${config.config}' of ${config.repo}`, {
      repo: config.repo,
      revision: config.revision,
      available: Object.keys(config.splits),
    });
  }
  return files;
}

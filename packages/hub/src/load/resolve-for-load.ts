import { InvalidArgumentError, SplitNotFoundError } from "@crucible/types";
import { resolveRevision } from "../api/revision.js";
import type { HubOptions } from "../env/config.js";
import { resolveRepo } from "../resolve/api.js";
import { chooseConfig, type ResolvedConfig } from "../resolve/resolve.js";
import { defaultProcessedDir, manifestPath, readManifest, type ResolutionManifest, writeManifest } from "./manifest.js";
import { splitNamesOf } from "./core-adapter.js";

/** Options shared by {@link loadDataset} and {@link streamDataset}. */
export interface LoadOptions extends HubOptions {
  /** Config name. Default: the dataset's default config (an error lists the configs when there is none). */
  config?: string;
  /** Split name or split string (`train`, `train[:10%]+test[-5:]`). Default: every split (a DatasetDict). */
  split?: string;
  /** Branch, tag or commit. Default: `main`. Resolved to a commit once per load. */
  revision?: string;
  /** Like Python's `data_dir`: automatic patterns under this folder. Default: none. */
  dataDir?: string;
  /** Like Python's `data_files`: explicit patterns (string, list, or split → patterns). Default: none. */
  dataFiles?: string | string[] | Record<string, string | string[]>;
  /** Folder for crucible's processed data (resolution manifests, row stores). Default: `$CRUCIBLE_HOME`, else `~/.cache/crucible` (core's `crucibleHome()`). */
  processedDir?: string;
}

/** A config ready to load: resolved files and the splits that are asked for. */
export interface LoadPlan {
  /** The resolved config (files per split at one commit). */
  config: ResolvedConfig;
  /** Split names to read, in order. */
  splits: string[];
}

/**
 * Resolves revision → commit, then config and splits, reusing a resolution manifest for that commit when one exists
 * (a warm or offline load then needs no tree listing and no README).
 */
export async function planLoad(repo: string, options: LoadOptions): Promise<LoadPlan> {
  const revision = options.revision ?? "main";
  const sha = await resolveRevision(repo, revision, options);
  const processedDir = options.processedDir ?? defaultProcessedDir();
  const key = { dataDir: options.dataDir ?? null, dataFiles: options.dataFiles ?? null };
  const file = manifestPath(processedDir, repo, sha, key);
  let manifest = await readManifest(file);
  let config: ResolvedConfig | undefined;
  if (manifest) {
    const name = options.config ?? manifest.defaultConfig;
    if (name !== undefined && manifest.configs[name]) config = manifest.configs[name];
  }
  if (config === undefined) {
    const resolveOpts = { ...options, revision: sha };
    const resolved = await resolveRepo(repo, resolveOpts);
    config = chooseConfig(resolved, options.config);
    manifest = {
      version: 1,
      repo,
      sha,
      configNames: resolved.configNames,
      defaultConfig: resolved.defaultConfig,
      configs: { ...(manifest?.configs ?? {}), [config.config]: config },
    } satisfies ResolutionManifest;
    await writeManifest(file, manifest);
  }
  const available = Object.keys(config.splits);
  let splits = available;
  if (options.split !== undefined) {
    if (options.split.trim() === "") throw new InvalidArgumentError("split must not be empty", { repo });
    splits = splitNamesOf(options.split);
    for (const s of splits) {
      if (!available.includes(s)) {
        throw new SplitNotFoundError(`Unknown split "${s}" in config '${config.config}' of ${repo}`, { repo, revision, available });
      }
    }
  }
  return { config, splits };
}

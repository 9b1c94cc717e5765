import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { crucibleHome } from "@crucible/core";
import type { ResolvedConfig } from "../resolve/resolve.js";

/** What a resolution manifest holds: enough to load any resolved config again with no listing and no README. */
export interface ResolutionManifest {
  /** Manifest format version. */
  version: 1;
  /** Repo id. */
  repo: string;
  /** Commit sha. */
  sha: string;
  /** Config names in README order. */
  configNames: string[];
  /** Default config, if any. */
  defaultConfig: string | undefined;
  /** Configs resolved so far. */
  configs: Record<string, ResolvedConfig>;
}

/**
 * Where crucible's processed data lives by default: core's `crucibleHome()` (`$CRUCIBLE_HOME`, else
 * `~/.cache/crucible`), so row stores land in `<home>/stores/` beside every other core store.
 */
export function defaultProcessedDir(): string {
  return crucibleHome();
}

/** The manifest file of one (repo, commit, resolution options). */
export function manifestPath(processedDir: string, repo: string, sha: string, optionsKey: unknown): string {
  const h = createHash("sha256")
    .update(JSON.stringify(optionsKey ?? null))
    .digest("hex")
    .slice(0, 16);
  return path.join(processedDir, "resolutions", `datasets--${repo.replace("/", "--")}`, sha, `${h}.json`);
}

/** Reads a manifest; undefined when absent or unreadable. */
export async function readManifest(file: string): Promise<ResolutionManifest | undefined> {
  try {
    const m = JSON.parse(await readFile(file, "utf8")) as ResolutionManifest;
    return m.version === 1 ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a manifest atomically (temp file + rename); failures are ignored (the cache is an optimisation). */
export async function writeManifest(file: string, manifest: ResolutionManifest): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify(manifest));
    await rename(tmp, file);
  } catch {
    // A read-only cache only costs speed.
  }
}

import { existsSync } from "node:fs";
import path from "node:path";
import { ResultStore } from "@crucible/eval";
import { type StartViewerOptions, type Viewer, startViewer } from "@crucible/mirror";
import { InvalidArgumentError } from "@crucible/types";
import { cacheRoots } from "./cache.js";
import type { CliHubOptions, CliIO } from "./context.js";
import { hubFolder, sampleHubRoot } from "./mirror.js";
import { parseTarget } from "./named.js";

/** Flags of `crucible view`. */
export interface ViewFlags {
  /** Folder laid out like the Hub (default: the bundled sample hub, when present). */
  root?: string;
  /** Open the Results tab (the result store's runs). */
  results?: boolean;
  /** Result store file (default: eval's default store). */
  storePath?: string;
  port?: number;
  host?: string;
}

/**
 * `crucible view [name|repo|file] [--results]`: starts the mirror with the dataset viewer over the sample hub (or
 * `--root`) and the HF cache, with local Parquet files as `local/<name>`, prints the `/viewer?dataset=…` URL and
 * serves until SIGINT/SIGTERM.
 * @param until - Resolves when the server should stop. Default: the first SIGINT or SIGTERM.
 * @returns The URL that was printed.
 */
export async function viewCommand(
  target: string | undefined,
  flags: ViewFlags,
  hub: CliHubOptions,
  io: CliIO,
  until: (viewer: Viewer) => Promise<void> = () =>
    new Promise((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    }),
): Promise<string> {
  if (flags.port !== undefined && (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535)) {
    throw new InvalidArgumentError(`--port must be an integer 0-65535, got ${flags.port}`);
  }
  const opts: StartViewerOptions = {};
  if (flags.port !== undefined) opts.port = flags.port;
  if (flags.host) opts.host = flags.host;
  if (target !== undefined && existsSync(path.resolve(target))) {
    opts.files = [path.resolve(target)];
  } else {
    const root = flags.root ? hubFolder(flags.root) : existsSync(sampleHubRoot()) ? sampleHubRoot() : undefined;
    if (root) opts.root = root;
    const cache = cacheRoots(hub, io).hubCache;
    if (existsSync(cache)) opts.hfCacheDir = cache;
    if (target !== undefined) {
      const t = parseTarget(target);
      opts.dataset = t.kind === "named" ? t.entry.repo : t.repo;
    }
  }
  let store: ResultStore | undefined;
  if (flags.results) {
    store = ResultStore.open({ ...(flags.storePath ? { path: flags.storePath } : {}) });
    opts.results = store;
    opts.showResults = true;
  }
  try {
    const viewer = await startViewer(opts);
    io.stdout.write(`${viewer.url}\n`);
    try {
      await until(viewer);
    } finally {
      await viewer.close();
    }
    return viewer.url;
  } finally {
    store?.close();
  }
}

import path from "node:path";

/** Where the CLI writes and what environment it reads; injectable for tests. */
export interface CliIO {
  /** Standard output. `isTTY` decides the default format and progress bars. */
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  /** Standard error (errors, progress bars). */
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** Environment variables (HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE, HF_DATASETS_OFFLINE, CRUCIBLE_HOME). */
  env: Record<string, string | undefined>;
}

/** Hub options shared by every command, built from flags and the environment (flags win). */
export interface CliHubOptions {
  endpoint?: string;
  token?: string;
  cacheDir?: string;
  offline?: boolean;
  processedDir?: string;
  progress?: boolean;
}

const truthy = (v: string | undefined) => v !== undefined && ["1", "on", "yes", "true"].includes(v.trim().toLowerCase());

/**
 * Hub options from global flags and the environment: `--endpoint` beats HF_ENDPOINT, `--cache-dir` beats
 * HF_HUB_CACHE / HF_HOME, `--offline` or HF_HUB_OFFLINE / HF_DATASETS_OFFLINE (the latter wins when set).
 */
export function hubOptionsFrom(flags: { endpoint?: string; cacheDir?: string; offline?: boolean }, env: CliIO["env"]): CliHubOptions {
  const out: CliHubOptions = {};
  const endpoint = flags.endpoint ?? env.HF_ENDPOINT;
  if (endpoint) out.endpoint = endpoint.replace(/\/+$/, "");
  if (env.HF_TOKEN) out.token = env.HF_TOKEN;
  const cacheDir = flags.cacheDir ?? env.HF_HUB_CACHE ?? (env.HF_HOME ? path.join(env.HF_HOME, "hub") : undefined);
  if (cacheDir) out.cacheDir = path.resolve(cacheDir);
  const envOffline = env.HF_DATASETS_OFFLINE !== undefined ? truthy(env.HF_DATASETS_OFFLINE) : truthy(env.HF_HUB_OFFLINE);
  if (flags.offline || envOffline) out.offline = true;
  else out.offline = false;
  if (truthy(env.HF_HUB_DISABLE_PROGRESS_BARS)) out.progress = false;
  if (env.CRUCIBLE_HOME) out.processedDir = path.resolve(env.CRUCIBLE_HOME);
  return out;
}

/** What every command gets: the IO, the Hub options (global flags + environment), and the program version. */
export interface CliContext {
  io: CliIO;
  /** Hub options from the global flags and the environment, read when the command runs. */
  hub(): CliHubOptions;
  /** The package version (`crucible --version`). */
  version: string;
}

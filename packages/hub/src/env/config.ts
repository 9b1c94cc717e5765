import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { userAgent as defaultUserAgent } from "./version.js";

/** A progress event emitted while files are transferred. `total` is undefined when the size is unknown. */
export interface ProgressEvent {
  /** `download-start` once per file, `download-progress` as bytes arrive, `download-end` when the file is in place. */
  type: "download-start" | "download-progress" | "download-end";
  /** Path of the file in the repository. */
  file: string;
  /** Bytes of the file that are on disk so far (counts bytes resumed from an earlier attempt). */
  bytes: number;
  /** Size of the file in bytes, when known. */
  total: number | undefined;
}

/**
 * Options shared by every Hub call. Options beat environment variables; see {@link resolveHubConfig}.
 */
export interface HubOptions {
  /** Hub endpoint. Default: `HF_ENDPOINT`, else `https://huggingface.co` (a trailing `/` is removed). */
  endpoint?: string;
  /** Access token; `false` sends none. Default: `HF_TOKEN`, else the file at `HF_TOKEN_PATH`, else `$HF_HOME/token`. */
  token?: string | false;
  /** Hub cache folder. Default: `HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`. */
  cacheDir?: string;
  /** Never touch the network; answer from the cache. Default: `HF_DATASETS_OFFLINE` if set, else `HF_HUB_OFFLINE` (1/ON/YES/TRUE). */
  offline?: boolean;
  /** The `fetch` used for every request. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Aborts in-flight requests and waits. */
  signal?: AbortSignal;
  /** Receives download progress events. Default: none. Silenced when progress is disabled. */
  onProgress?: (event: ProgressEvent) => void;
  /** Emit progress events. Default: `true` unless `HF_HUB_DISABLE_PROGRESS_BARS` is truthy. */
  progress?: boolean;
  /** Retries after a 408/429/5xx answer or a network error. Default: 5 (as huggingface_hub). */
  maxRetries?: number;
  /** First backoff delay in ms; it doubles per retry, with jitter. Default: 1000. */
  retryBaseMs?: number;
  /** Cap of one backoff delay in ms. Default: 8000. */
  retryMaxMs?: number;
  /** Cap of a server-requested wait (Retry-After / RateLimit) in ms. Default: 60000. */
  maxRetryAfterMs?: number;
  /** Time to wait for response headers, in ms. Default: `HF_HUB_DOWNLOAD_TIMEOUT` seconds, else 10000. */
  timeoutMs?: number;
  /** User agent. Default: `crucible/<version>`. */
  userAgent?: string;
}

/** The effective settings of a Hub call after options and environment are merged. */
export interface HubConfig {
  /** Endpoint without a trailing slash. */
  endpoint: string;
  /** Token to send, if any. Never log it. */
  token: string | undefined;
  /** Absolute hub cache folder. */
  cacheDir: string;
  /** True when no request may be sent. */
  offline: boolean;
  /** The fetch implementation. */
  fetch: typeof fetch;
  /** Abort signal, if any. */
  signal: AbortSignal | undefined;
  /** Progress listener (undefined when progress is disabled). */
  onProgress: ((event: ProgressEvent) => void) | undefined;
  /** Retry policy. */
  retry: { maxRetries: number; baseMs: number; maxMs: number; maxRetryAfterMs: number };
  /** Header timeout in ms. */
  timeoutMs: number;
  /** User agent sent with every request. */
  userAgent: string;
  /** True when `HF_HUB_DISABLE_SYMLINKS` asks for copies instead of symlinks. */
  disableSymlinks: boolean;
}

type Env = Record<string, string | undefined>;

/** True for the values huggingface_hub treats as "on": 1, ON, YES, TRUE (case-insensitive). */
export function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && ["1", "ON", "YES", "TRUE"].includes(value.trim().toUpperCase());
}

function expandHome(p: string): string {
  if (p === "~") return homedir();
  if (p.startsWith("~/")) return path.join(homedir(), p.slice(2));
  return p;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** `$HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`. */
export function hfHome(env: Env = process.env): string {
  const home = nonEmpty(env.HF_HOME);
  if (home) return path.resolve(expandHome(home));
  const xdg = nonEmpty(env.XDG_CACHE_HOME);
  return path.resolve(expandHome(xdg ?? path.join(homedir(), ".cache")), "huggingface");
}

function readTokenFile(file: string): string | undefined {
  try {
    const text = readFileSync(file, "utf8")
      .replace(/[\r\n]/g, "")
      .trim();
    return text === "" ? undefined : text;
  } catch {
    return undefined;
  }
}

function resolveToken(option: string | false | undefined, env: Env): string | undefined {
  if (option === false) return undefined;
  if (typeof option === "string" && option !== "") return option;
  const fromEnv = nonEmpty(env.HF_TOKEN?.trim()) ?? nonEmpty(env.HUGGING_FACE_HUB_TOKEN?.trim());
  if (fromEnv) return fromEnv;
  const tokenPath = nonEmpty(env.HF_TOKEN_PATH) ?? path.join(hfHome(env), "token");
  return readTokenFile(expandHome(tokenPath));
}

function positiveNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Merges options with the environment, in huggingface_hub's order: an option beats its environment variable.
 * - endpoint: option > `HF_ENDPOINT` > `https://huggingface.co` (trailing `/` stripped)
 * - token: option (`false` disables) > `HF_TOKEN` (> legacy `HUGGING_FACE_HUB_TOKEN`) > file at `HF_TOKEN_PATH` > `$HF_HOME/token`
 * - cacheDir: option > `HF_HUB_CACHE` (> legacy `HUGGINGFACE_HUB_CACHE`) > `$HF_HOME/hub` > `~/.cache/huggingface/hub`
 * - offline: option > `HF_DATASETS_OFFLINE` when set (as `datasets` does) > `HF_HUB_OFFLINE`
 * - progress: option > not `HF_HUB_DISABLE_PROGRESS_BARS`
 * @param options - Call options.
 * @param env - Environment to read. Default: `process.env`.
 */
export function resolveHubConfig(options: HubOptions = {}, env: Env = process.env): HubConfig {
  const endpoint = (options.endpoint ?? nonEmpty(env.HF_ENDPOINT) ?? "https://huggingface.co").replace(/\/+$/, "");
  const cacheDir = path.resolve(
    expandHome(options.cacheDir ?? nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE) ?? path.join(hfHome(env), "hub")),
  );
  const offline =
    options.offline ?? (env.HF_DATASETS_OFFLINE !== undefined ? isTruthyEnv(env.HF_DATASETS_OFFLINE) : isTruthyEnv(env.HF_HUB_OFFLINE));
  const progress = options.progress ?? !isTruthyEnv(env.HF_HUB_DISABLE_PROGRESS_BARS);
  const timeoutSeconds = positiveNumber(env.HF_HUB_DOWNLOAD_TIMEOUT);
  return {
    endpoint,
    token: resolveToken(options.token, env),
    cacheDir,
    offline,
    fetch: options.fetch ?? globalThis.fetch,
    signal: options.signal,
    onProgress: progress ? options.onProgress : undefined,
    retry: {
      maxRetries: options.maxRetries ?? 5,
      baseMs: options.retryBaseMs ?? 1000,
      maxMs: options.retryMaxMs ?? 8000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    },
    timeoutMs: options.timeoutMs ?? (timeoutSeconds !== undefined ? timeoutSeconds * 1000 : 10_000),
    userAgent: options.userAgent ?? defaultUserAgent,
    disableSymlinks: isTruthyEnv(env.HF_HUB_DISABLE_SYMLINKS),
  };
}

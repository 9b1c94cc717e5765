import type { ViewerResultsProvider } from "./viewer/results.js";

/** Access rules of one repo. */
export interface RepoAccess {
  /**
   * Gated repo: info and tree stay public (as on the Hub since 2024-08); file downloads need one of `tokens`
   * (no token → 401 GatedRepo, another token → 403 GatedRepo). Default false.
   */
  gated?: boolean;
  /** Private repo: every route needs one of `tokens` (no token → 401 RepoNotFound, another token → 404). Default false. */
  private?: boolean;
  /** Bearer tokens that are granted access (JS clients require the `hf_` prefix). */
  tokens: string[];
}

/** Rate-limit fault: answer 429 with `Retry-After`. */
export interface RateLimitFault {
  /** Every Nth faultable request (N, 2N, …) gets a 429. */
  every?: number;
  /** The first N faultable requests get a 429. */
  count?: number;
  /** Value of `Retry-After` (integer seconds) and of `t=` in the `RateLimit` header. */
  retryAfterSeconds: number;
}

/** Faults the mirror injects; all off by default. Counters and the random stream restart on each `setFaults`. */
export interface FaultOptions {
  /** Delay every faultable request by this many milliseconds before answering. Default 0. */
  latencyMs?: number;
  /** Answer some requests with 429 + `Retry-After`. */
  rateLimit?: RateLimitFault;
  /** Probability (0..1) that a faultable request gets a 5xx (seeded). Default 0. */
  errorRate?: number;
  /** Status used for `errorRate` faults. Default 500. */
  errorStatus?: number;
  /**
   * Cut file bodies (resolve/raw GETs) after this many body bytes: the full `Content-Length` is announced,
   * then the socket is destroyed. Default: off.
   */
  cutBodyAfterBytes?: number;
  /** Cut only the first N file bodies (then serve normally, e.g. to test resume). Default: every body. */
  cutBodyCount?: number;
  /** Seed of the random stream used by `errorRate`. Default 0. */
  seed?: number;
  /**
   * Only requests to these routes are faultable (route names as in `stats.byRoute`, e.g. `"resolve"`).
   * Default: every route.
   */
  routes?: string[];
}

/** Request counters. */
export interface MirrorStats {
  /** Requests received (every route, faulted ones too). */
  requests: number;
  /** Response body bytes written (headers excluded). */
  bytesSent: number;
  /** Requests per route name: `info`, `tree`, `paths-info`, `refs`, `resolve`, `raw`, `parquet`, `other`, … */
  byRoute: Record<string, number>;
}

/** One access-log record (tokens never appear: only method, path, status, sizes). */
export interface MirrorLogEntry {
  method: string;
  /** Request URL path and query, secrets redacted. */
  url: string;
  route: string;
  status: number;
  bytes: number;
  ms: number;
  /** Fault applied, if any. */
  fault?: string;
}

/** Options of {@link startMirror}. */
export interface MirrorOptions {
  /** Folder holding `datasets/<org>/<name>/…`. */
  root: string;
  /** TCP port; default 0 (a free port). */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Optional HF hub cache folder whose `datasets--org--name/{snapshots,refs}` are served too. */
  hfCacheDir?: string;
  /** Access rules per repo id (`org/name`); repos not listed are public. */
  repos?: Record<string, RepoAccess>;
  /** Initial faults; default none. */
  faults?: FaultOptions;
  /**
   * Default and maximum tree entries per page (`limit` is honoured up to this); default 1000, like the Hub.
   * Set it small in tests to make real clients follow `Link` pagination.
   */
  treePageSize?: number;
  /**
   * Redirect like the Hub instead of answering resolve directly: regular files → `307` with a relative
   * `Location: /api/resolve-cache/datasets/{id}/{commit}/{path}`; LFS files → `302` to a signed URL on a "CDN"
   * host (this server as `localhost` when reached as `127.0.0.1`, and vice versa), which needs no token.
   * Both redirects carry `X-Repo-Commit`, `X-Linked-Size` and `X-Linked-ETag`. Default false.
   */
  redirects?: boolean;
  /**
   * The dataset-viewer API (`/is-valid`, `/splits`, `/rows`, `/search`, …), its image assets and the `/viewer`
   * page. On by default with {@link ViewerOptions}' defaults; `false` turns them off.
   */
  viewer?: ViewerOptions | false;
  /** Access log: `true` prints one line per request to stderr; a function receives each entry. Default off. */
  log?: boolean | ((entry: MirrorLogEntry) => void);
}

/** A running mirror. */
export interface Mirror {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash): use as `HF_ENDPOINT` / `hubUrl`. */
  url: string;
  /** Bound port. */
  port: number;
  /** Stop accepting, end open connections and resolve when closed. */
  close(): Promise<void>;
  /** Replace the fault configuration (pass `{}` to turn faults off). */
  setFaults(faults: FaultOptions): void;
  /** Live counters (read them any time). */
  stats: MirrorStats;
  /** Zero the counters. */
  resetStats(): void;
}

/** Options of the dataset viewer served by the mirror. */
export interface ViewerOptions {
  /** Folder of the search/filter index files (one SQLite file per split). Default `<crucible home>/viewer-index`. */
  indexDir?: string;
  /** Evaluation results shown on the page's Results tab (eval's `ResultStore` fits). Default: none. */
  results?: ViewerResultsProvider;
  /** Folder of the built page. Default: the package's `page-dist` (written by its build). */
  pageDir?: string;
}

/**
 * Stable error codes. A code never changes meaning once released; match on `code`, not on message text.
 */
export type CrucibleErrorCode =
  | "INVALID_ARGUMENT"
  | "DATA_FORMAT"
  | "SCHEMA_MISMATCH"
  | "SPLIT_SYNTAX"
  | "FILE_NOT_FOUND"
  | "REPO_NOT_FOUND"
  | "GATED_REPO"
  | "UNAUTHORIZED"
  | "REVISION_NOT_FOUND"
  | "ENTRY_NOT_FOUND"
  | "CONFIG_NOT_FOUND"
  | "SPLIT_NOT_FOUND"
  | "HUB_HTTP"
  | "NETWORK"
  | "OFFLINE_CACHE_MISS"
  | "INTEGRITY"
  | "CACHE"
  | "TIMEOUT"
  | "STORE"
  | "SANDBOX"
  | "TRANSFORM"
  | "UNSUPPORTED";

/** Where in the data a problem was found. Every field is optional; fill in what is known. */
export interface ErrorLocation {
  /** Repository id, e.g. `openai/gsm8k`. */
  repo?: string;
  /** Revision (branch, tag or commit sha). */
  revision?: string;
  /** File path (local path or path in the repo). */
  file?: string;
  /** Zero-based row index within the file (or dataset). */
  row?: number;
  /** One-based line number (text formats). */
  line?: number;
  /** Byte offset within the file. */
  byteOffset?: number;
  /** Column or field name. */
  field?: string;
}

/** Options accepted by every crucible error constructor. */
export interface CrucibleErrorOptions extends ErrorLocation {
  /** The underlying error, if any. */
  cause?: unknown;
  /** What the user can do about it; appended to the message. */
  hint?: string;
}

const MARKER = Symbol.for("crucible.error");

// Hugging Face tokens (hf_…), bearer credentials and basic-auth userinfo must never reach messages or logs.
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\bhf_[A-Za-z0-9]{6,}\b/g, "hf_***"],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 ***"],
  [/(\/\/)[^/@\s:]+:[^/@\s]+@/g, "$1***:***@"],
  [/([?&](?:token|access_token|api_key)=)[^&\s]+/gi, "$1***"],
];

/**
 * Removes credentials (Hub tokens, bearer headers, URL userinfo, token query parameters) from a string.
 * @param text - Any text that may contain a credential.
 * @returns The text with each credential replaced by `***`.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function describeLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.repo) parts.push(`repo ${loc.repo}${loc.revision ? `@${loc.revision}` : ""}`);
  if (loc.file) parts.push(`file ${loc.file}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.byteOffset !== undefined) parts.push(`byte ${loc.byteOffset}`);
  if (loc.field) parts.push(`field "${loc.field}"`);
  return parts.join(", ");
}

/**
 * The base class of every error crucible throws. It carries a stable `code`, the location of the problem
 * (repo, file, row, byte offset, field) and a hint saying what to do. Messages never contain credentials.
 */
export class CrucibleError extends Error {
  /** Stable machine-readable code. */
  readonly code: CrucibleErrorCode;
  /** Where the problem was found. */
  readonly location: ErrorLocation;
  /** What the user can do about it, if known. */
  readonly hint: string | undefined;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read by isCrucibleError through the symbol
  private readonly [MARKER] = true;

  constructor(code: CrucibleErrorCode, message: string, options: CrucibleErrorOptions = {}) {
    const { cause, hint, ...location } = options;
    const where = describeLocation(location);
    const full = `${message}${where ? ` (${where})` : ""}${hint ? `. ${hint}` : ""}`;
    super(redactSecrets(full), cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.location = location;
    this.hint = hint;
  }

  /**
   * True when `error` is a CrucibleError, even one created by another copy of this package
   * (two installed versions), where `instanceof` would fail.
   */
  static isInstance(error: unknown): error is CrucibleError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }

  /** True when `error` is a CrucibleError with the given code. */
  static hasCode(error: unknown, code: CrucibleErrorCode): error is CrucibleError {
    return CrucibleError.isInstance(error) && error.code === code;
  }
}

/** A caller passed an invalid option or argument. */
export class InvalidArgumentError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("INVALID_ARGUMENT", message, options);
  }
}

/** A file could not be parsed: corrupt or truncated Parquet, a malformed JSONL line, unbalanced CSV quotes. */
export class DataFormatError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("DATA_FORMAT", message, options);
  }
}

/**
 * A row transform (core's `Transform` pipeline, used by every domain loader) threw on a source row. The location
 * names the source row (`row`, plus `repo`/`field` when known) and `cause` holds the original error.
 */
export class TransformError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("TRANSFORM", message, options);
  }
}

/** Rows do not match the schema that was expected (missing field, wrong type). */
export class SchemaMismatchError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("SCHEMA_MISMATCH", message, options);
  }
}

/** A split string such as `train[:10%]+test` could not be parsed or does not fit the dataset. */
export class SplitSyntaxError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("SPLIT_SYNTAX", message, options);
  }
}

/** An HTTP or Hub-level error. `status` is the HTTP status when there was a response. */
export class HubError extends CrucibleError {
  /** HTTP status code, if a response was received. */
  readonly status: number | undefined;
  /** The request URL (credentials removed). */
  readonly url: string | undefined;
  /** True when retrying later may succeed (429, 5xx, network errors). */
  readonly retryable: boolean;

  constructor(
    code: CrucibleErrorCode,
    message: string,
    options: CrucibleErrorOptions & { status?: number; url?: string; retryable?: boolean } = {},
  ) {
    const { status, url, retryable, ...rest } = options;
    super(code, message, rest);
    this.status = status;
    this.url = url === undefined ? undefined : redactSecrets(url);
    this.retryable = retryable ?? false;
  }
}

/** The repository does not exist, or it is private and no valid token was sent. */
export class RepoNotFoundError extends HubError {
  constructor(message: string, options?: CrucibleErrorOptions & { status?: number; url?: string }) {
    super("REPO_NOT_FOUND", message, {
      hint: "Check the repo id; if the repo is private, set HF_TOKEN (or pass `token`) to a token that can read it",
      ...options,
    });
  }
}

/** The repository is gated: the user must accept its terms on the Hub and send a token. */
export class GatedRepoError extends HubError {
  constructor(message: string, options?: CrucibleErrorOptions & { status?: number; url?: string }) {
    super("GATED_REPO", message, {
      hint: "Accept the dataset's terms on its Hub page and set HF_TOKEN (or pass `token`)",
      ...options,
    });
  }
}

/** The token was missing or rejected. */
export class UnauthorizedError extends HubError {
  constructor(message: string, options?: CrucibleErrorOptions & { status?: number; url?: string }) {
    super("UNAUTHORIZED", message, { hint: "Set HF_TOKEN (or pass `token`) to a valid token", ...options });
  }
}

/** The branch, tag or commit does not exist in the repository. */
export class RevisionNotFoundError extends HubError {
  constructor(message: string, options?: CrucibleErrorOptions & { status?: number; url?: string }) {
    super("REVISION_NOT_FOUND", message, { hint: "Check the revision name or commit sha", ...options });
  }
}

/** The file does not exist at that revision. */
export class EntryNotFoundError extends HubError {
  constructor(message: string, options?: CrucibleErrorOptions & { status?: number; url?: string }) {
    super("ENTRY_NOT_FOUND", message, options);
  }
}

/** Offline mode is on (or the network is unreachable) and the cache does not hold what was asked for. */
export class OfflineCacheMissError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("OFFLINE_CACHE_MISS", message, {
      hint: "Run once with network access (unset HF_HUB_OFFLINE) to fill the cache",
      ...options,
    });
  }
}

/** The named config does not exist in the dataset. */
export class ConfigNotFoundError extends CrucibleError {
  /** The configs that do exist. */
  readonly available: string[];
  constructor(message: string, options: CrucibleErrorOptions & { available?: string[] } = {}) {
    const { available = [], ...rest } = options;
    super("CONFIG_NOT_FOUND", message, {
      hint: available.length ? `Available configs: ${available.join(", ")}` : undefined,
      ...rest,
    });
    this.available = available;
  }
}

/** The named split does not exist in the config. */
export class SplitNotFoundError extends CrucibleError {
  /** The splits that do exist. */
  readonly available: string[];
  constructor(message: string, options: CrucibleErrorOptions & { available?: string[] } = {}) {
    const { available = [], ...rest } = options;
    super("SPLIT_NOT_FOUND", message, {
      hint: available.length ? `Available splits: ${available.join(", ")}` : undefined,
      ...rest,
    });
    this.available = available;
  }
}

/** Downloaded bytes do not match the expected size or hash. */
export class IntegrityError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("INTEGRITY", message, options);
  }
}

/** An operation exceeded its time limit. */
export class TimeoutError extends CrucibleError {
  constructor(message: string, options?: CrucibleErrorOptions) {
    super("TIMEOUT", message, options);
  }
}

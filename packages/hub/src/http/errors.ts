import {
  EntryNotFoundError,
  GatedRepoError,
  HubError,
  RepoNotFoundError,
  RevisionNotFoundError,
  TimeoutError,
  UnauthorizedError,
  redactSecrets,
} from "@crucible/types";

/** What a request was about; used to say where an error happened. */
export interface RequestContext {
  /** Repository id. */
  repo?: string;
  /** Revision asked for. */
  revision?: string;
  /** Path in the repository. */
  file?: string;
}

/** Statuses that are worth retrying (huggingface_hub's list). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Removes credentials and the query string noise from a URL for messages. */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}

function serverMessage(headers: Headers, body: string): string | undefined {
  const fromHeader = headers.get("x-error-message");
  if (fromHeader) return fromHeader;
  const text = body.trim();
  if (text === "" || text.startsWith("<")) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const err = json.error ?? json.message;
    if (typeof err === "string") return err;
    if (Array.isArray(err)) return err.join("; ");
    if (Array.isArray(json.errors)) {
      return (json.errors as Array<{ message?: unknown }>).map((e) => String(e.message ?? "")).join("; ");
    }
  } catch {
    // plain text body
  }
  return text.slice(0, 300);
}

/**
 * Turns a non-success Hub response into a typed error, as huggingface_hub's `hf_raise_for_status` does:
 * `X-Error-Code` first (RepoNotFound, GatedRepo, RevisionNotFound, EntryNotFound), then the status
 * (401 → UnauthorizedError or RepoNotFoundError, 404 on a file → EntryNotFoundError). Never includes a token.
 * @param status - HTTP status.
 * @param headers - Response headers.
 * @param body - Response body text (may be empty).
 * @param url - Request URL (redacted before use).
 * @param context - Repo/revision/file the request was about.
 */
export function hubErrorFromResponse(status: number, headers: Headers, body: string, url: string, context: RequestContext = {}): HubError {
  const code = headers.get("x-error-code") ?? "";
  const msg = serverMessage(headers, body);
  const safeUrl = redactUrl(url);
  const where = { repo: context.repo, revision: context.revision, file: context.file, status, url: safeUrl };
  const repoLabel = context.repo ? `dataset ${context.repo}` : "the repository";
  const detail = msg ? `: ${msg}` : "";
  if (code === "GatedRepo") {
    const what =
      status === 403
        ? `Access to ${repoLabel} is restricted and your token is not in its authorized list`
        : `Access to ${repoLabel} is restricted; you must be authenticated`;
    return new GatedRepoError(`${what} (HTTP ${status})${detail}`, {
      ...where,
      hint: "Accept the dataset's terms on its Hub page and set HF_TOKEN (or pass `token`)",
    });
  }
  if (code === "RepoNotFound") {
    return new RepoNotFoundError(`${repoLabel} was not found or you cannot access it (HTTP ${status})${detail}`, where);
  }
  if (code === "RevisionNotFound") {
    return new RevisionNotFoundError(`Revision ${context.revision ?? "?"} not found in ${repoLabel}${detail}`, where);
  }
  if (code === "EntryNotFound") {
    return new EntryNotFoundError(`${context.file ?? "The entry"} does not exist in ${repoLabel}${detail}`, where);
  }
  if (status === 401) {
    if (msg === "Invalid credentials in Authorization header") {
      return new UnauthorizedError(`The token was rejected by the Hub (HTTP 401)${detail}`, where);
    }
    return new RepoNotFoundError(
      `${repoLabel} was not found, or it is private or gated and no valid token was sent (HTTP 401)${detail}`,
      where,
    );
  }
  if (status === 403) {
    return new UnauthorizedError(`Forbidden (HTTP 403)${detail}`, {
      ...where,
      hint: "Check that your token (HF_TOKEN) has read access to this repository",
    });
  }
  if (status === 404 && context.file !== undefined) {
    return new EntryNotFoundError(`${context.file} does not exist in ${repoLabel} (HTTP 404)${detail}`, where);
  }
  if (status === 404 && context.repo !== undefined) {
    return new RepoNotFoundError(`${repoLabel} was not found (HTTP 404)${detail}`, where);
  }
  const retryable = RETRYABLE_STATUSES.has(status);
  let text = `Hub request failed with HTTP ${status}${detail}`;
  if (status === 429) text = `Rate limited by the Hub (HTTP 429) after retries${detail}`;
  if (status === 416) text = `Range not satisfiable (HTTP 416; Content-Range: ${headers.get("content-range") ?? "none"})`;
  return new HubError("HUB_HTTP", `${text}: ${safeUrl}`, {
    ...where,
    retryable,
    hint: retryable ? "The Hub may be overloaded; try again later" : undefined,
  });
}

/** The errno code (`ECONNREFUSED`, …) somewhere in an error's cause chain (or an AggregateError's errors). */
export function errnoCode(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== "object" || depth > 8) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
  for (const inner of (error as { errors?: unknown[] }).errors ?? []) {
    const c = errnoCode(inner, depth + 1);
    if (c !== undefined) return c;
  }
  return errnoCode((error as { cause?: unknown }).cause, depth + 1);
}

/** True when the connection was refused (nothing listens at the endpoint): such requests are not retried. */
export function connectionRefused(error: unknown): boolean {
  return errnoCode(error) === "ECONNREFUSED";
}

/** Wraps a network-level failure (reset, refused, DNS) as a retryable HubError with code NETWORK. */
export function networkError(cause: unknown, url: string, context: RequestContext = {}): HubError {
  if (connectionRefused(cause)) {
    return new HubError("NETWORK", `The Hub refused the connection (ECONNREFUSED): ${redactUrl(url)}`, {
      ...context,
      url: redactUrl(url),
      retryable: true, // transient for the cache fallback; hubRequest itself does not retry it
      cause,
      hint: "Nothing is listening at that address: check HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use the local cache only",
    });
  }
  const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  return new HubError("NETWORK", `Network error talking to the Hub (${redactSecrets(reason)}): ${redactUrl(url)}`, {
    ...context,
    url: redactUrl(url),
    retryable: true,
    cause,
    hint: "Check the connection and HF_ENDPOINT; set HF_HUB_OFFLINE=1 to use the local cache only",
  });
}

/** A request timed out before the response headers arrived. */
export function timeoutError(cause: unknown, url: string, timeoutMs: number, context: RequestContext = {}): TimeoutError {
  return new TimeoutError(`No response from the Hub within ${timeoutMs} ms: ${redactUrl(url)}`, {
    ...context,
    cause,
    hint: "Raise `timeoutMs` (or HF_HUB_DOWNLOAD_TIMEOUT) or check the connection",
  });
}

import { InvalidArgumentError, OfflineCacheMissError } from "@crucible/types";
import ky, { isHTTPError, isNetworkError, isTimeoutError } from "ky";
import type { HubConfig } from "../env/config.js";
import {
  RETRYABLE_STATUSES,
  type RequestContext,
  hubErrorFromResponse,
  connectionRefused,
  networkError,
  redactUrl,
  timeoutError,
} from "./errors.js";
import { parseRateLimit, sleep } from "./retry.js";

/** One Hub request. */
export interface HubRequestInit {
  /** HTTP method. Default: `GET`. */
  method?: "GET" | "HEAD" | "POST";
  /** Extra headers (authorization and user agent are added). */
  headers?: Record<string, string>;
  /** Request body (POST). */
  body?: string | URLSearchParams;
  /** Redirect mode. Default: `follow`. */
  redirect?: "follow" | "manual" | "error";
  /** What the request is about, for error messages. */
  context?: RequestContext;
  /** Retry 408/429/5xx and network errors. Default: true. */
  retry?: boolean;
  /** Send the token. Default: true. */
  auth?: boolean;
  /** Non-2xx statuses handed back to the caller instead of thrown (3xx are always handed back). */
  passStatus?: (status: number) => boolean;
}

/**
 * Sends one request to the Hub through ky: adds `authorization: Bearer` (unless `auth: false`) and
 * `user-agent: crucible/<version>`, retries 408/429/500/502/503/504 and network errors with capped exponential
 * backoff and jitter (`config.retry`), honours `Retry-After` (seconds or HTTP-date; ky) and `RateLimit` `r=0;t=N`
 * (our `beforeRetry` hook), and maps failures to typed errors (see {@link hubErrorFromResponse}).
 * Refuses to send anything in offline mode.
 * @returns The response (2xx, 3xx, or a status accepted by `passStatus`). The body is not read.
 */
export async function hubRequest(config: HubConfig, url: string, init: HubRequestInit = {}): Promise<Response> {
  const context = init.context ?? {};
  if (config.offline) {
    throw new OfflineCacheMissError(`Offline mode is on: refusing to request ${redactUrl(url)}`, {
      repo: context.repo,
      revision: context.revision,
      file: context.file,
    });
  }
  const headers: Record<string, string> = { "user-agent": config.userAgent, ...init.headers };
  if (config.token !== undefined && init.auth !== false) headers.authorization = `Bearer ${checkedToken(config.token)}`;
  const retryLimit = init.retry === false ? 0 : config.retry.maxRetries;
  const { baseMs, maxMs, maxRetryAfterMs } = config.retry;
  let response: Response;
  try {
    response = await ky(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body,
      redirect: init.redirect ?? "follow",
      fetch: config.fetch,
      signal: config.signal,
      timeout: config.timeoutMs,
      throwHttpErrors: (status) => RETRYABLE_STATUSES.has(status),
      retry: {
        limit: retryLimit,
        methods: ["get", "head", "post"],
        statusCodes: [...RETRYABLE_STATUSES],
        afterStatusCodes: [429, 503],
        maxRetryAfter: maxRetryAfterMs,
        delay: (attempt) => Math.min(maxMs, baseMs * 2 ** (attempt - 1)),
        jitter: (d) => d * (0.5 + Math.random() * 0.5),
        backoffLimit: maxMs,
        // Nothing listens there: retrying for ~20 s would only delay the answer (or the cache fallback).
        shouldRetry: ({ error }) => (connectionRefused(error) ? false : undefined),
      },
      hooks: {
        beforeRetry: [
          async ({ error }) => {
            // ky reads Retry-After itself; the IETF `RateLimit: "bucket";r=0;t=N` header it does not.
            if (isHTTPError(error) && error.response.headers.get("retry-after") === null) {
              const wait = parseRateLimit(error.response.headers.get("ratelimit"));
              if (wait !== undefined) await sleep(Math.min(wait, maxRetryAfterMs), config.signal);
            }
          },
        ],
      },
    });
  } catch (error) {
    if (isHTTPError(error)) {
      const data: unknown = error.data;
      const body = typeof data === "string" ? data : data === undefined ? "" : JSON.stringify(data);
      throw hubErrorFromResponse(error.response.status, error.response.headers, body, url, context);
    }
    if (isTimeoutError(error)) throw timeoutError(error, url, config.timeoutMs, context);
    if (config.signal?.aborted) throw error;
    if (isNetworkError(error) || error instanceof Error) throw networkError(error, url, context);
    throw error;
  }
  const { status } = response;
  if (response.ok || (status >= 300 && status < 400) || init.passStatus?.(status)) return response;
  const body = init.method === "HEAD" ? "" : await response.text().catch(() => "");
  throw hubErrorFromResponse(status, response.headers, body, url, context);
}

/**
 * The token, when it can be sent in an HTTP header.
 * @throws InvalidArgumentError (never echoing the token) when it holds a line break or another control character.
 */
function checkedToken(token: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
  if (/[\u0000-\u001f\u007f]/.test(token)) {
    throw new InvalidArgumentError("The Hugging Face token contains a line break or another control character, so it cannot be sent", {
      hint: "Check the `token` option, HF_TOKEN or the token file (a pasted token often carries a stray newline)",
    });
  }
  return token;
}

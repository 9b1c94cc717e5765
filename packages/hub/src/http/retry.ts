/**
 * Server-requested wait from `Retry-After` (delay seconds or an HTTP-date), in ms; undefined when absent or invalid.
 * @param value - The header value.
 * @param now - Current time in ms since the epoch. Default: `Date.now()`.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Wait from the IETF `RateLimit` header (`"resolvers";r=0;t=12`) in ms: only when the quota is exhausted (`r=0`).
 * @param value - The `RateLimit` header value.
 */
export function parseRateLimit(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const match = /(?:"?(\w+)"?)?\s*;\s*r=(\d+)\s*;\s*t=(\d+)/.exec(value);
  if (!match) return undefined;
  if (Number(match[2]) !== 0) return undefined;
  return Number(match[3]) * 1000;
}

/**
 * Capped exponential backoff with jitter: `min(maxMs, baseMs * 2^(attempt-1))`, scaled into [50%, 100%].
 * @param attempt - 1 for the first retry.
 * @param baseMs - First delay.
 * @param maxMs - Cap.
 * @param random - Random source in [0, 1). Default: `Math.random`.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return raw * (0.5 + random() * 0.5);
}

/** Resolves after `ms`, or rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

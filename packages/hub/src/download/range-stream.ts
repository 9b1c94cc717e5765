import { HubError, IntegrityError } from "@crucible/types";
import type { HubConfig } from "../env/config.js";
import { hubRequest } from "../http/client.js";
import { type RequestContext, networkError } from "../http/errors.js";
import { backoffDelay, sleep } from "../http/retry.js";
import { normalizeEtag } from "../cache/layout.js";

/** Counters of remote reads. */
export interface TransferStats {
  /** Body bytes received (including bytes skipped after a server ignored Range). */
  bytesFetched: number;
  /** HTTP requests sent (retries and resumes included). */
  requests: number;
}

/** What the first successful response said about the file. */
export interface ResponseMeta {
  /** `X-Repo-Commit`, if sent. */
  commit: string | undefined;
  /** Normalized `X-Linked-Etag` or `ETag` (only when the answer came from the Hub, i.e. carries X-Repo-Commit). */
  etag: string | undefined;
  /** Total size of the file, from `Content-Range` or `X-Linked-Size`/`Content-Length` of a 200. */
  size: number | undefined;
}

/** Options of {@link rangeStream}. */
export interface RangeStreamOptions {
  /** URL to request; called before every attempt (so a resume can pin the commit learned from the first answer). */
  url: () => string;
  /** First byte wanted. */
  start: number;
  /** One past the last byte wanted; undefined = to the end of the file. */
  end?: number;
  /** For errors. */
  context: RequestContext;
  /** Counters to update. */
  stats?: TransferStats;
  /** Expected normalized ETag; a different one from the Hub means the file changed: IntegrityError. */
  expectedEtag?: string;
  /** Called once with the metadata of the first answer. */
  onResponse?: (meta: ResponseMeta) => void;
}

/** A body that sends nothing for `ms` is treated like a dropped connection (and resumed). */
async function readWithIdleTimeout(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number,
): ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no body bytes for ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function parseContentRange(value: string | null): { start: number; end: number; total: number | undefined } | undefined {
  const m = value ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === "*" ? undefined : Number(m[3]) };
}

function metaOf(response: Response): ResponseMeta {
  const h = response.headers;
  const commit = h.get("x-repo-commit") ?? undefined;
  const etag = commit !== undefined ? normalizeEtag(h.get("x-linked-etag") ?? h.get("etag")) : undefined;
  let size: number | undefined;
  if (response.status === 206) size = parseContentRange(h.get("content-range"))?.total;
  else {
    const v = h.get("x-linked-size") ?? h.get("content-length");
    size = v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
  }
  return { commit, etag, size };
}

/**
 * Reads bytes `[start, end)` of a remote file and survives dropped connections: every request asks for the bytes
 * still missing (`Range: bytes={offset}-`), so a body cut mid-file resumes at the byte it reached. Status errors
 * (429/5xx) are retried by the HTTP layer; body failures here, up to `maxRetries` in a row without progress.
 * A server that ignores Range (200) is handled by skipping the bytes already delivered.
 */
export async function* rangeStream(config: HubConfig, options: RangeStreamOptions): AsyncGenerator<Uint8Array> {
  const { start, end, context, stats } = options;
  let offset = start;
  let failures = 0;
  let first = true;
  let expectedEtag = options.expectedEtag;
  while (end === undefined || offset < end) {
    const url = options.url();
    const headers: Record<string, string> = { "accept-encoding": "identity" };
    if (offset > 0 || end !== undefined) headers.range = `bytes=${offset}-${end !== undefined ? end - 1 : ""}`;
    if (stats) stats.requests++;
    // The token goes to the Hub only, never to a CDN location on another host.
    const auth = new URL(url).host === new URL(config.endpoint).host;
    const response = await hubRequest(config, url, { headers, context, auth, passStatus: (s) => s === 416 });
    if (response.status === 416) {
      await response.body?.cancel();
      const total = parseContentRange(response.headers.get("content-range"))?.total;
      if (total !== undefined && offset >= total && end === undefined) return;
      throw new HubError(
        "HUB_HTTP",
        `Range bytes=${offset}- not satisfiable (Content-Range: ${response.headers.get("content-range") ?? "none"})`,
        {
          ...context,
          status: 416,
          byteOffset: offset,
        },
      );
    }
    const meta = metaOf(response);
    if (first) {
      first = false;
      options.onResponse?.(meta);
      expectedEtag ??= meta.etag;
    } else if (expectedEtag !== undefined && meta.etag !== undefined && meta.etag !== expectedEtag) {
      await response.body?.cancel();
      throw new IntegrityError(`The file changed on the server while it was being read (ETag ${expectedEtag} → ${meta.etag})`, {
        ...context,
        byteOffset: offset,
        hint: "Pin the revision to a commit sha",
      });
    }
    let skip = 0;
    if (response.status === 206) {
      const cr = parseContentRange(response.headers.get("content-range"));
      if (cr && cr.start !== offset) {
        await response.body?.cancel();
        throw new HubError("HUB_HTTP", `Asked for bytes from ${offset} but the server sent from ${cr.start}`, {
          ...context,
          byteOffset: offset,
        });
      }
    } else {
      skip = offset; // the server ignored Range: drop what we already have
    }
    if (!response.body) {
      if (end === undefined) return;
      throw new HubError("HUB_HTTP", "Empty response body", { ...context, byteOffset: offset });
    }
    const reader = response.body.getReader();
    let progressed = false;
    let done = false;
    try {
      for (;;) {
        const { value, done: eof } = await readWithIdleTimeout(reader, config.timeoutMs);
        if (eof) {
          done = true;
          break;
        }
        if (stats) stats.bytesFetched += value.byteLength;
        let chunk = value;
        if (skip > 0) {
          const n = Math.min(skip, chunk.byteLength);
          skip -= n;
          chunk = chunk.subarray(n);
          if (chunk.byteLength === 0) continue;
        }
        if (end !== undefined && offset + chunk.byteLength > end) chunk = chunk.subarray(0, end - offset);
        offset += chunk.byteLength;
        progressed = true;
        failures = 0;
        yield chunk;
        if (end !== undefined && offset >= end) break;
      }
    } catch (error) {
      if (config.signal?.aborted) throw error;
      if (!progressed) failures++;
      if (failures > config.retry.maxRetries) throw networkError(error, url, context);
      await sleep(backoffDelay(Math.max(1, failures), config.retry.baseMs, config.retry.maxMs), config.signal);
      continue;
    } finally {
      if (!done) await reader.cancel().catch(() => undefined);
    }
    if (done) {
      if (end === undefined) {
        const total = meta.size;
        // A body that ends early without an error (length mismatch) is resumed too.
        if (total !== undefined && offset < total) {
          failures++;
          if (failures > config.retry.maxRetries) {
            throw new IntegrityError(`Body ended at byte ${offset} of ${total}`, { ...context, byteOffset: offset });
          }
          continue;
        }
        return;
      }
      if (offset < end) {
        if (!progressed) failures++;
        if (failures > config.retry.maxRetries) {
          throw new IntegrityError(`Body ended at byte ${offset}, before byte ${end}`, { ...context, byteOffset: offset });
        }
      }
    }
  }
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { MirrorStats } from "./types.js";

/** Headers a browser client may read (copied from a Hub response). */
export const EXPOSE_HEADERS =
  "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag";

/** Error codes the mirror sends in `X-Error-Code`. */
export type HubErrorCode =
  | "RepoNotFound"
  | "RevisionNotFound"
  | "EntryNotFound"
  | "GatedRepo"
  | "BadRequest"
  | "RateLimited"
  | "ServerError";

/** Per-request state shared by the handlers. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Raw (undecoded) path, without the query. */
  rawPath: string;
  query: URLSearchParams;
  /** Base URL clients used to reach us, e.g. `http://127.0.0.1:1234`. */
  base: string;
  /** Bearer token sent, if any (never logged or echoed). */
  token: string | undefined;
  stats: MirrorStats;
  /** Cut file bodies after this many bytes (fault injection). */
  cutAfter: number | undefined;
}

/** Write a JSON body (compact, as the Hub does) and count its bytes. */
export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = Buffer.from(JSON.stringify(body));
  ctx.res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(text.length),
    ...headers,
  });
  if (ctx.method === "HEAD") {
    ctx.res.end();
    return;
  }
  ctx.stats.bytesSent += text.length;
  ctx.res.end(text);
}

/**
 * Write a Hub-style error: `X-Error-Code`, `X-Error-Message` and a `{"error": message}` JSON body.
 * @param extra - Extra headers (for example `X-Repo-Commit` on EntryNotFound).
 */
export function sendError(
  ctx: RequestContext,
  status: number,
  code: HubErrorCode,
  message: string,
  extra: Record<string, string> = {},
): void {
  sendJson(
    ctx,
    status,
    { error: message },
    {
      "X-Error-Code": code,
      "X-Error-Message": headerSafe(message),
      ...extra,
    },
  );
}

/** Strip characters that cannot appear in a header value. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "?");
}

/** Read a request body up to `limit` bytes; rejects when larger. */
export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parse a query boolean the way every client sends it (`true`/`True`/`1`). Default false. */
export function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && /^(true|1|yes)$/i.test(v);
}

import { createReadStream, promises as fsp } from "node:fs";
import { sendError, type RequestContext } from "./http.js";
import { isInside } from "./paths.js";
import { parseRange } from "./range.js";
import type { RepoFile, Snapshot } from "./snapshot.js";

const CONTENT_TYPES: Record<string, string> = {
  json: "application/json",
  md: "text/markdown; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  jsonl: "text/plain; charset=utf-8",
  yaml: "text/yaml; charset=utf-8",
  gitattributes: "text/plain; charset=utf-8",
};

function contentType(p: string): string {
  const ext = p.slice(p.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/** Hub-style redirects for resolve (see `MirrorOptions.redirects`). */
export interface RedirectMode {
  /** Absolute URL of the LFS "CDN" (this server under another host name), without trailing slash. */
  cdnBase: string;
  /** Signature for a CDN path (the CDN route needs no token, like the Hub's signed URLs). */
  sign: (repoId: string, commit: string, filePath: string) => string;
}

/** Percent-encode a repo path, keeping `/`. */
export function encodeRepoPath(p: string): string {
  return p.split("/").map(encodeURIComponent).join("/");
}

/**
 * `GET|HEAD /datasets/{id}/resolve|raw/{rev}/{path}`: answer 200 / 206 / 416 directly, or, with `redirect`,
 * like the Hub: 307 (relative, to `/api/resolve-cache/…`) for regular files and 302 (absolute, to the CDN
 * host) for LFS files, both carrying `X-Repo-Commit`, `X-Linked-Size` and `X-Linked-ETag`.
 * Resolve sends the content; raw sends the git blob (the LFS pointer text for LFS files).
 * @param allowedRoots - Real paths a served file must resolve inside (re-checked at serve time).
 * @param redirect - Redirect mode; default: answer directly.
 */
export async function handleResolve(
  ctx: RequestContext,
  snap: Snapshot,
  filePath: string,
  raw: boolean,
  allowedRoots: string[],
  redirect?: RedirectMode,
): Promise<void> {
  const commitHeader = { "X-Repo-Commit": snap.commit, "Accept-Ranges": "bytes" };
  const f = snap.byPath.get(filePath);
  if (!f) {
    sendError(ctx, 404, "EntryNotFound", `Entry not found: ${filePath}`, commitHeader);
    return;
  }
  if (redirect && !raw) {
    const enc = encodeRepoPath(f.path);
    const location = f.lfs
      ? `${redirect.cdnBase}/__cdn__/datasets/${snap.repoId}/${snap.commit}/${enc}?sig=${redirect.sign(snap.repoId, snap.commit, f.path)}`
      : `/api/resolve-cache/datasets/${snap.repoId}/${snap.commit}/${enc}`;
    ctx.res.writeHead(f.lfs ? 302 : 307, {
      ...commitHeader,
      Location: location,
      "X-Linked-Size": String(f.size),
      "X-Linked-ETag": `"${f.etag}"`,
      "Content-Length": "0",
    });
    ctx.res.end();
    return;
  }
  const pointer = raw && f.lfs && f.pointer !== undefined ? Buffer.from(f.pointer) : undefined;
  const memory = pointer ?? f.content;
  const size = memory ? memory.length : f.size;
  if (!memory) {
    // the file may have been swapped for a symlink since the listing: check again
    const ok = await stillInside(f, allowedRoots);
    if (!ok) {
      sendError(ctx, 404, "EntryNotFound", `Entry not found: ${filePath}`, commitHeader);
      return;
    }
  }
  const headers: Record<string, string> = {
    ...commitHeader,
    ETag: `"${pointer ? f.oid : f.etag}"`,
    "Content-Type": contentType(filePath),
    "Last-Modified": new Date(f.mtimeMs).toUTCString(),
  };
  if (f.lfs && !pointer) {
    headers["X-Linked-Size"] = String(f.size);
    headers["X-Linked-ETag"] = `"${f.sha256}"`;
  }
  const range = parseRange(ctx.req.headers.range, size);
  if (size === 0 && ctx.req.headers.range !== undefined) {
    // Any range of an empty file is unsatisfiable, but clients probe sizes with `bytes=0-0`
    // (@huggingface/hub fails on a 416 there): ignore the range (RFC 9110 allows it) and say the size.
    ctx.res.writeHead(200, { ...headers, "Content-Range": "bytes */0", "Content-Length": "0" });
    ctx.res.end();
    return;
  }
  if (range.kind === "unsatisfiable") {
    ctx.res.writeHead(416, {
      ...headers,
      "Content-Range": `bytes */${size}`,
      "X-Error-Code": "RangeNotSatisfiable",
      "X-Error-Message": "Requested range not satisfiable",
      "Content-Length": "0",
    });
    ctx.res.end();
    return;
  }
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range.kind === "single") {
    ({ start, end } = range);
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  }
  const length = Math.max(0, end - start + 1);
  headers["Content-Length"] = String(length);
  ctx.res.writeHead(status, headers);
  if (ctx.method === "HEAD" || length === 0) {
    ctx.res.end();
    return;
  }
  const cut = ctx.cutAfter;
  const sendLen = cut === undefined ? length : Math.min(length, cut);
  if (memory) {
    const chunk = memory.subarray(start, start + sendLen);
    ctx.stats.bytesSent += chunk.length;
    if (sendLen < length) cutConnection(ctx, chunk);
    else ctx.res.end(chunk);
    return;
  }
  if (sendLen === 0) {
    cutConnection(ctx, Buffer.alloc(0));
    return;
  }
  const stream = createReadStream(f.abs as string, { start, end: start + sendLen - 1, highWaterMark: 1 << 20 });
  ctx.res.on("close", () => stream.destroy());
  stream.on("error", () => ctx.res.destroy());
  stream.on("data", (c) => {
    ctx.stats.bytesSent += c.length;
  });
  if (sendLen < length) {
    stream.pipe(ctx.res, { end: false });
    stream.on("end", () => cutConnection(ctx, Buffer.alloc(0)));
  } else {
    stream.pipe(ctx.res);
  }
}

/** Flush `last`, then destroy the socket: the client sees a body shorter than its Content-Length. */
function cutConnection(ctx: RequestContext, last: Buffer): void {
  ctx.res.write(last, () => {
    ctx.res.socket?.destroy();
    ctx.res.destroy();
  });
}

async function stillInside(f: RepoFile, roots: string[]): Promise<boolean> {
  try {
    const real = await fsp.realpath(f.abs as string);
    return real === f.abs && roots.some((r) => isInside(r, real));
  } catch {
    return false;
  }
}

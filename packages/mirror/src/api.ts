import { createHash } from "node:crypto";
import { dirEntry, fileEntry, listTree, type TreeEntry } from "./entries.js";
import { queryBool, readBody, sendError, sendJson, type RequestContext } from "./http.js";
import type { ParquetExport } from "./parquet-export.js";
import type { Snapshot } from "./snapshot.js";

/** Default and maximum tree page size (the Hub's default is 1000). */
export const TREE_PAGE_SIZE = 1000;

/** Hub-style access flags of a repo. */
export interface RepoFlags {
  private: boolean;
  gated: false | "manual";
}

const INFO_FIELDS = [
  "author",
  "cardData",
  "citation",
  "createdAt",
  "disabled",
  "description",
  "downloads",
  "downloadsAllTime",
  "gated",
  "lastModified",
  "likes",
  "mainSize",
  "paperswithcode_id",
  "private",
  "siblings",
  "sha",
  "tags",
  "trendingScore",
  "usedStorage",
];

function tagsOf(snap: Snapshot): string[] {
  const tags: string[] = [];
  const card = snap.cardData ?? {};
  const push = (prefix: string, v: unknown): void => {
    for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) if (typeof x === "string") tags.push(prefix + x);
  };
  push("task_categories:", card.task_categories);
  push("language:", card.language);
  push("license:", card.license);
  push("", card.tags);
  const exts = new Set(snap.files.map((f) => /\.(parquet|jsonl?|csv|tsv|arrow)(\.gz)?$/.exec(f.path)?.[1]).filter(Boolean));
  for (const e of [...exts].sort()) tags.push(`format:${e === "jsonl" ? "json" : e}`);
  return tags;
}

/** `GET /api/datasets/{id}[/revision/{rev}]`: the DatasetInfo body. */
export function handleInfo(ctx: RequestContext, snap: Snapshot, flags: RepoFlags): void {
  const blobs = queryBool(ctx.query, "blobs");
  const siblings = snap.files.map((f) => {
    if (!blobs) return { rfilename: f.path };
    const s: Record<string, unknown> = { rfilename: f.path, size: f.size, blobId: f.oid };
    if (f.lfs) s.lfs = { sha256: f.sha256, size: f.size, pointerSize: f.pointerSize };
    return s;
  });
  const [author] = snap.repoId.split("/");
  const full: Record<string, unknown> = {
    _id: createHash("sha1").update(snap.repoId).digest("hex").slice(0, 24),
    id: snap.repoId,
    author,
    sha: snap.commit,
    lastModified: snap.lastModified.toISOString(),
    private: flags.private,
    gated: flags.gated,
    disabled: false,
    tags: tagsOf(snap),
    description: "",
    downloads: 0,
    likes: 0,
    ...(snap.cardData ? { cardData: snap.cardData } : {}),
    siblings,
    createdAt: snap.createdAt.toISOString(),
    usedStorage: snap.files.reduce((n, f) => n + f.size, 0),
  };
  const expand = ctx.query
    .getAll("expand")
    .flatMap((x) => x.split(","))
    .filter(Boolean);
  if (expand.length) {
    const out: Record<string, unknown> = { _id: full._id, id: full.id };
    for (const k of expand) if (INFO_FIELDS.includes(k) && k in full) out[k] = full[k];
    sendJson(ctx, 200, out);
    return;
  }
  sendJson(ctx, 200, full);
}

/**
 * `GET /api/datasets/{id}/tree/{rev}[/{path}]` with `recursive`, `expand`, `limit`, `cursor`.
 * @param pageSize - Default and maximum entries per page (default {@link TREE_PAGE_SIZE}).
 */
export function handleTree(ctx: RequestContext, snap: Snapshot, dir: string, rawRoute: string, pageSize = TREE_PAGE_SIZE): void {
  const headers = { "X-Repo-Commit": snap.commit };
  if (dir !== "" && !snap.dirs.has(dir)) {
    const msg = snap.byPath.has(dir) ? `${dir} is a file, not a folder` : `Entry not found: ${dir}`;
    sendError(ctx, 404, "EntryNotFound", msg, headers);
    return;
  }
  const recursive = queryBool(ctx.query, "recursive");
  const expand = queryBool(ctx.query, "expand");
  const all = listTree(snap, dir, recursive, expand);
  const limitRaw = Number.parseInt(ctx.query.get("limit") ?? "", 10);
  const limit = Number.isFinite(limitRaw) && limitRaw > 0 ? Math.min(limitRaw, pageSize) : pageSize;
  const offset = decodeCursor(ctx.query.get("cursor"));
  if (offset === undefined) {
    sendError(ctx, 400, "BadRequest", "Invalid cursor", headers);
    return;
  }
  const page = all.slice(offset, offset + limit);
  const out: Record<string, string> = { ...headers, "X-Total-Count": String(all.length) };
  if (offset + limit < all.length) {
    const q = new URLSearchParams(ctx.query);
    q.set("cursor", encodeCursor(offset + limit));
    out.Link = `<${ctx.base}${rawRoute}?${q.toString()}>; rel="next"`;
  }
  sendJson(ctx, 200, page, out);
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string | null): number | undefined {
  if (cursor === null || cursor === "") return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}

/** `POST /api/datasets/{id}/paths-info/{rev}`: form-encoded or JSON `{paths, expand}`. */
export async function handlePathsInfo(ctx: RequestContext, snap: Snapshot, clean: (p: string) => string | undefined): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(ctx.req);
  } catch {
    sendError(ctx, 400, "BadRequest", "Request body too large");
    return;
  }
  let paths: string[] = [];
  let expand = false;
  const type = String(ctx.req.headers["content-type"] ?? "");
  const text = body.toString("utf8");
  if (type.includes("json") || /^\s*[{[]/.test(text)) {
    try {
      const parsed = JSON.parse(text) as { paths?: unknown; expand?: unknown };
      if (Array.isArray(parsed.paths)) paths = parsed.paths.filter((p): p is string => typeof p === "string");
      else if (typeof parsed.paths === "string") paths = [parsed.paths];
      expand = parsed.expand === true || parsed.expand === "true" || parsed.expand === "True";
    } catch {
      sendError(ctx, 400, "BadRequest", "Invalid JSON body");
      return;
    }
  } else {
    const form = new URLSearchParams(text);
    paths = form.getAll("paths").flatMap((p) => (p.startsWith("[") ? safeJsonList(p) : [p]));
    expand = /^(true|1)$/i.test(form.get("expand") ?? "");
  }
  if (paths.length > 10_000) {
    sendError(ctx, 400, "BadRequest", "Too many paths (max 10000)");
    return;
  }
  const out: TreeEntry[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const c = clean(p);
    if (c === undefined || c === "" || seen.has(c)) continue;
    seen.add(c);
    const f = snap.byPath.get(c);
    if (f) out.push(fileEntry(snap, f, expand));
    else if (snap.dirs.has(c)) out.push(dirEntry(snap, c, expand));
  }
  sendJson(ctx, 200, out, { "X-Repo-Commit": snap.commit });
}

function safeJsonList(s: string): string[] {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [s];
  } catch {
    return [s];
  }
}

/**
 * `GET /api/datasets/{id}/parquet[/{config}[/{split}[/{n}.parquet]]]`.
 * @param rest - Decoded path segments after `parquet`.
 */
export function handleParquet(ctx: RequestContext, repoId: string, exp: ParquetExport | undefined, rest: string[]): void {
  if (!exp) {
    sendError(ctx, 404, "EntryNotFound", `No parquet export for dataset ${repoId} (only Parquet configs are exported by this mirror)`);
    return;
  }
  const url = (c: string, s: string, n: number): string =>
    `${ctx.base}/api/datasets/${repoId}/parquet/${encodeURIComponent(c)}/${encodeURIComponent(s)}/${n}.parquet`;
  const splitMap = (c: string, splits: Map<string, unknown[]>): Record<string, string[]> =>
    Object.fromEntries([...splits].map(([s, files]) => [s, files.map((_, i) => url(c, s, i))]));
  const [config, split, file, ...extra] = rest;
  const headers = { "X-Repo-Commit": exp.snapshot.commit };
  if (config === undefined) {
    sendJson(ctx, 200, Object.fromEntries([...exp.configs].map(([c, splits]) => [c, splitMap(c, splits)])), headers);
    return;
  }
  const splits = exp.configs.get(config);
  if (!splits) {
    sendError(ctx, 404, "EntryNotFound", `Config ${config} not found in the parquet export of ${repoId}`, headers);
    return;
  }
  if (split === undefined) {
    sendJson(ctx, 200, splitMap(config, splits), headers);
    return;
  }
  const files = splits.get(split);
  if (!files) {
    sendError(ctx, 404, "EntryNotFound", `Split ${split} not found in config ${config} of ${repoId}`, headers);
    return;
  }
  if (file === undefined) {
    sendJson(
      ctx,
      200,
      files.map((_, i) => url(config, split, i)),
      headers,
    );
    return;
  }
  const m = /^(\d+)\.parquet$/.exec(file);
  const n = m ? Number(m[1]) : Number.NaN;
  if (extra.length || !(n >= 0 && n < files.length)) {
    sendError(ctx, 404, "EntryNotFound", `Parquet file ${config}/${split}/${file} not found in ${repoId}`, headers);
    return;
  }
  const target = `${ctx.base}/datasets/${repoId}/resolve/refs%2Fconvert%2Fparquet/${encodeURIComponent(config)}/${encodeURIComponent(split)}/${String(n).padStart(4, "0")}.parquet`;
  ctx.res.writeHead(302, { Location: target, "Content-Length": "0", ...headers });
  ctx.res.end();
}

import { promises as fsp } from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { redactSecrets } from "@crucible/types";
import { handleInfo, handleParquet, handlePathsInfo, handleTree, TREE_PAGE_SIZE, type RepoFlags } from "./api.js";
import { FaultInjector } from "./faults.js";
import { HashCache } from "./hash.js";
import { EXPOSE_HEADERS, sendError, sendJson, type RequestContext } from "./http.js";
import { PARQUET_REVISION } from "./parquet-export.js";
import { cleanRepoPath, isValidNamePart, safeDecode } from "./paths.js";
import { RepoStore } from "./repos.js";
import { handleResolve, type RedirectMode } from "./resolve.js";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Mirror, MirrorLogEntry, MirrorOptions, MirrorStats, RepoAccess } from "./types.js";

/** `refs/convert/<x>` and `refs/pr/<n>` may arrive unencoded in a path (hub-protocol.md §0.2). */
const SPECIAL_REF = /^refs\/(?:convert\/[\w.-]+|pr\/\d+)/;

interface Route {
  name: string;
  run: (ctx: RequestContext) => Promise<void>;
}

/**
 * Start an HF-compatible mirror over `root` (and optionally an HF cache folder).
 * @param options - See {@link MirrorOptions}; `port` defaults to 0 (any free port), `host` to `127.0.0.1`.
 * @returns The running {@link Mirror}; call `close()` when done.
 */
export async function startMirror(options: MirrorOptions): Promise<Mirror> {
  const root = options.root;
  const st = await fsp.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new Error(`Mirror root ${root} is not a directory: create it or pass another --root`);
  const host = options.host ?? "127.0.0.1";
  const hashes = new HashCache();
  const store = new RepoStore(root, hashes, options.hfCacheDir);
  const rootReal = await fsp.realpath(root);
  const allowedRoots = [rootReal];
  if (options.hfCacheDir) {
    const c = await fsp.realpath(options.hfCacheDir).catch(() => undefined);
    if (c) allowedRoots.push(c);
  }
  const access: Record<string, RepoAccess> = { ...(options.repos ?? {}) };
  const faults = new FaultInjector(options.faults ?? {});
  const stats: MirrorStats = { requests: 0, bytesSent: 0, byRoute: {} };
  const logFn =
    options.log === true
      ? (e: MirrorLogEntry) =>
          process.stderr.write(`${e.method} ${e.url} ${e.status} ${e.bytes}B ${e.ms}ms${e.fault ? ` [${e.fault}]` : ""}\n`)
      : typeof options.log === "function"
        ? options.log
        : undefined;
  const treePageSize = Math.max(1, Math.floor(options.treePageSize ?? TREE_PAGE_SIZE));
  const secret = randomBytes(32);
  const sign = (repoId: string, commit: string, filePath: string): string =>
    createHmac("sha256", secret).update(`${repoId}\n${commit}\n${filePath}`).digest("hex").slice(0, 32);
  /** The LFS "CDN" is this server under another loopback host name, so clients treat it as another host. */
  const redirectMode = (ctx: RequestContext): RedirectMode | undefined => {
    if (!options.redirects) return undefined;
    const u = new URL(ctx.base);
    const other = u.hostname === "localhost" ? "127.0.0.1" : u.hostname === "127.0.0.1" ? "localhost" : u.hostname;
    return { cdnBase: `http://${other}:${u.port || port}`, sign };
  };
  let port = 0;
  let requestId = 0;
  let selfUrl = "";

  /** Access check: undefined when allowed, else the error to send. */
  const checkAccess = (
    repoId: string,
    token: string | undefined,
    forFile: boolean,
  ): { status: number; code: "RepoNotFound" | "GatedRepo"; message: string } | undefined => {
    const acc = access[repoId];
    if (!acc) return undefined;
    const granted = token !== undefined && acc.tokens.includes(token);
    if (acc.private && !granted) {
      return token === undefined
        ? { status: 401, code: "RepoNotFound", message: "Repository not found" }
        : { status: 404, code: "RepoNotFound", message: "Repository not found" };
    }
    if (acc.gated && forFile && !granted) {
      return token === undefined
        ? {
            status: 401,
            code: "GatedRepo",
            message: `Access to dataset ${repoId} is restricted. You must be authenticated to access it.`,
          }
        : {
            status: 403,
            code: "GatedRepo",
            message: `Access to dataset ${repoId} is restricted and you are not in the authorized list. Visit ${selfUrl}/datasets/${repoId} to ask for access.`,
          };
    }
    return undefined;
  };

  const flagsOf = (repoId: string): RepoFlags => {
    const acc = access[repoId];
    return { private: acc?.private === true, gated: acc?.gated ? "manual" : false };
  };

  /** Repo missing → 401 anonymous / 404 with a token (the Hub does not reveal private repos). */
  const repoNotFound = (ctx: RequestContext): void => {
    sendError(ctx, ctx.token === undefined ? 401 : 404, "RepoNotFound", "Repository not found");
  };

  /** Resolve repo + revision (decoded) with access checks; sends the error and returns undefined on failure. */
  const resolveFor = async (ctx: RequestContext, repoId: string, revision: string, forFile: boolean) => {
    const denied = checkAccess(repoId, ctx.token, forFile);
    if (denied) {
      sendError(ctx, denied.status, denied.code, denied.message);
      return undefined;
    }
    const r = await store.resolve(repoId, revision);
    if (!r.ok) {
      if (r.code === "RepoNotFound") repoNotFound(ctx);
      else sendError(ctx, 404, "RevisionNotFound", `Invalid rev id: ${revision}`);
      return undefined;
    }
    return r.snapshot;
  };

  const route = (method: string, rawPath: string): Route | undefined => {
    const segs = rawPath.split("/");
    // "" / api / datasets / org / name / ...
    if (rawPath === "/api/agent-harnesses") {
      return { name: "agent-harnesses", run: async (ctx) => sendJson(ctx, 200, { standardEnvVars: [], harnesses: {} }) };
    }
    if (segs[1] === "api" && segs[2] === "datasets" && segs.length >= 5) {
      const repoId = decodeRepoId(segs[3], segs[4]);
      const kind = segs[5];
      const rest = segs.slice(6).join("/");
      if (repoId === undefined) return badRequest("api", "Invalid repo id");
      if (kind === undefined || (kind === "" && segs.length === 6)) {
        if (method !== "GET" && method !== "HEAD") return undefined;
        return {
          name: "info",
          run: async (ctx) => {
            const snap = await resolveFor(ctx, repoId, "main", false);
            if (snap) handleInfo(ctx, snap, flagsOf(repoId));
          },
        };
      }
      if (kind === "revision" && (method === "GET" || method === "HEAD")) {
        const rev = safeDecode(rest);
        if (!rev) return badRequest("info", "Invalid revision");
        return {
          name: "info",
          run: async (ctx) => {
            const snap = await resolveFor(ctx, repoId, rev, false);
            if (snap) handleInfo(ctx, snap, flagsOf(repoId));
          },
        };
      }
      if (kind === "tree" && (method === "GET" || method === "HEAD")) {
        const split = splitRevisionAndPath(rest);
        if (!split) return badRequest("tree", "Invalid revision or path");
        return {
          name: "tree",
          run: async (ctx) => {
            const snap = await resolveFor(ctx, repoId, split.revision, false);
            if (snap) handleTree(ctx, snap, split.path, rawPath, treePageSize);
          },
        };
      }
      if (kind === "paths-info" && method === "POST") {
        const rev = safeDecode(rest);
        if (!rev) return badRequest("paths-info", "Invalid revision");
        return {
          name: "paths-info",
          run: async (ctx) => {
            const snap = await resolveFor(ctx, repoId, rev, false);
            if (snap) await handlePathsInfo(ctx, snap, cleanRepoPath);
          },
        };
      }
      if (kind === "refs" && rest === "" && (method === "GET" || method === "HEAD")) {
        return {
          name: "refs",
          run: async (ctx) => {
            const snap = await resolveFor(ctx, repoId, "main", false);
            if (!snap) return;
            sendJson(ctx, 200, await store.refs(repoId));
          },
        };
      }
      if (kind === "parquet" && (method === "GET" || method === "HEAD")) {
        const parts = segs.slice(6).filter((s) => s !== "").map((s) => safeDecode(s));
        if (parts.some((p) => p === undefined)) return badRequest("parquet", "Invalid path");
        return {
          name: "parquet",
          run: async (ctx) => {
            const snap = await resolveFor(ctx, repoId, "main", false);
            if (!snap) return;
            handleParquet(ctx, repoId, await store.parquetFor(repoId), parts as string[]);
          },
        };
      }
      return undefined;
    }
    if (segs[1] === "api" && (segs[2] === "models" || segs[2] === "spaces")) {
      return { name: "other", run: async (ctx) => repoNotFound(ctx) };
    }
    if (segs[1] === "datasets" && (segs[4] === "resolve" || segs[4] === "raw") && segs.length >= 7) {
      const raw = segs[4] === "raw";
      const name = raw ? "raw" : "resolve";
      if (method !== "GET" && method !== "HEAD") return undefined;
      const repoId = decodeRepoId(segs[2], segs[3]);
      if (repoId === undefined) return badRequest(name, "Invalid repo id");
      const split = splitRevisionAndPath(segs.slice(5).join("/"));
      if (!split || split.path === "") return badRequest(name, "Invalid revision or path");
      return {
        name,
        run: async (ctx) => {
          const snap = await resolveFor(ctx, repoId, split.revision, true);
          if (snap) await handleResolve(ctx, snap, split.path, raw, allowedRoots, redirectMode(ctx));
        },
      };
    }
    // Hub-style redirect targets (MirrorOptions.redirects)
    if (rawPath.startsWith("/api/resolve-cache/datasets/") && (method === "GET" || method === "HEAD")) {
      const target = parseCommitPath(segs.slice(4));
      if (!target) return badRequest("resolve-cache", "Invalid repo, commit or path");
      return {
        name: "resolve-cache",
        run: async (ctx) => {
          const snap = await resolveFor(ctx, target.repoId, target.commit, true);
          if (snap) await handleResolve(ctx, snap, target.path, false, allowedRoots);
        },
      };
    }
    if (rawPath.startsWith("/__cdn__/datasets/") && (method === "GET" || method === "HEAD")) {
      const target = parseCommitPath(segs.slice(3));
      if (!target) return badRequest("cdn", "Invalid repo, commit or path");
      return {
        name: "cdn",
        run: async (ctx) => {
          // signed URL: no token needed (clients drop Authorization when the host changes)
          const sig = ctx.query.get("sig") ?? "";
          const expected = sign(target.repoId, target.commit, target.path);
          if (sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
            sendError(ctx, 403, "BadRequest", "Invalid or missing signature");
            return;
          }
          const r = await store.resolve(target.repoId, target.commit);
          if (!r.ok) {
            sendError(ctx, 404, "EntryNotFound", "Entry not found");
            return;
          }
          await handleResolve(ctx, r.snapshot, target.path, false, allowedRoots);
        },
      };
    }
    return undefined;
  };

  const server = http.createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    const t0 = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
    const auth = req.headers.authorization;
    const bearer = auth && /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    const hostHeader = req.headers.host;
    const base = hostHeader && /^[A-Za-z0-9.:[\]-]+$/.test(hostHeader) ? `http://${hostHeader}` : selfUrl;
    const ctx: RequestContext = {
      req,
      res,
      method,
      rawPath,
      query,
      base,
      token: bearer || undefined,
      stats,
      cutAfter: undefined,
    };
    requestId += 1;
    res.setHeader("X-Request-Id", `mirror-${requestId}`);
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    const r = route(method, rawPath) ?? {
      name: "other",
      run: async (c: RequestContext) => sendError(c, 404, "EntryNotFound", "Not found"),
    };
    stats.requests += 1;
    stats.byRoute[r.name] = (stats.byRoute[r.name] ?? 0) + 1;
    const decision = faults.decide(r.name, method);
    const bytesBefore = stats.bytesSent;
    res.on("close", () => {
      if (!logFn) return;
      const entry: MirrorLogEntry = {
        method,
        url: redactSecrets(rawUrl),
        route: r.name,
        status: res.statusCode,
        bytes: stats.bytesSent - bytesBefore,
        ms: Date.now() - t0,
      };
      if (decision.label) entry.fault = decision.label;
      logFn(entry);
    });
    const run = async (): Promise<void> => {
      if (decision.latencyMs > 0) await new Promise((ok) => setTimeout(ok, decision.latencyMs));
      if (decision.status === 429) {
        const s = decision.retryAfterSeconds ?? 1;
        sendError(ctx, 429, "RateLimited", "Too many requests (injected by the mirror)", {
          "Retry-After": String(s),
          RateLimit: `"api";r=0;t=${s}`,
          "RateLimit-Policy": `"fixed window";"api";q=100;w=300`,
        });
        return;
      }
      if (decision.status !== undefined) {
        sendError(ctx, decision.status, "ServerError", `Internal error (injected by the mirror)`);
        return;
      }
      ctx.cutAfter = decision.cutAfter;
      await r.run(ctx);
    };
    run().catch((err: unknown) => {
      if (!res.headersSent) sendError(ctx, 500, "ServerError", redactSecrets(`Mirror error: ${(err as Error)?.message ?? String(err)}`));
      else res.destroy();
    });
  });

  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", fail);
      ok();
    });
  });
  const addr = server.address();
  port = typeof addr === "object" && addr ? addr.port : (options.port ?? 0);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  selfUrl = `http://${urlHost}:${port}`;

  return {
    url: selfUrl,
    port,
    stats,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
    setFaults: (f) => faults.set(f),
    resetStats: () => {
      stats.requests = 0;
      stats.bytesSent = 0;
      for (const k of Object.keys(stats.byRoute)) delete stats.byRoute[k];
    },
  };
}

function badRequest(name: string, message: string): Route {
  return { name, run: async (ctx) => sendError(ctx, 400, "BadRequest", message) };
}

/** Parse `{org}/{name}/{commit}/{path…}` segments (raw) of the redirect-target routes. */
function parseCommitPath(segs: string[]): { repoId: string; commit: string; path: string } | undefined {
  const [org, name, commit, ...rest] = segs;
  const repoId = decodeRepoId(org, name);
  if (!repoId || !commit || !/^[0-9a-f]{40}$/.test(commit)) return undefined;
  const decoded = safeDecode(rest.join("/"));
  const p = decoded === undefined ? undefined : cleanRepoPath(decoded);
  if (!p) return undefined;
  return { repoId, commit, path: p };
}

function decodeRepoId(org: string | undefined, name: string | undefined): string | undefined {
  if (org === undefined || name === undefined) return undefined;
  const o = safeDecode(org);
  const n = safeDecode(name);
  if (!o || !n || !isValidNamePart(o) || !isValidNamePart(n)) return undefined;
  return `${o}/${n}`;
}

/**
 * Split the raw text after `/tree/` or `/resolve/` into a decoded revision and a cleaned path.
 * The revision is the first segment (percent-decoded), or a raw `refs/convert/x` / `refs/pr/n`.
 */
export function splitRevisionAndPath(rest: string): { revision: string; path: string } | undefined {
  let revRaw: string;
  let pathRaw: string;
  const special = SPECIAL_REF.exec(rest);
  if (special && (rest.length === special[0].length || rest[special[0].length] === "/")) {
    revRaw = special[0];
    pathRaw = rest.slice(special[0].length + 1);
  } else {
    const i = rest.indexOf("/");
    revRaw = i < 0 ? rest : rest.slice(0, i);
    pathRaw = i < 0 ? "" : rest.slice(i + 1);
  }
  const revision = safeDecode(revRaw);
  const decoded = safeDecode(pathRaw);
  if (!revision || decoded === undefined) return undefined;
  const path = cleanRepoPath(decoded);
  if (path === undefined) return undefined;
  return { revision, path };
}

export { PARQUET_REVISION };

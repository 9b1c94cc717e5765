import { promises as fsp } from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { InvalidArgumentError, redactSecrets } from "@crucible/types";
import { AccessPolicy } from "./access.js";
import { TREE_PAGE_SIZE } from "./api.js";
import { FaultInjector } from "./faults.js";
import { HashCache } from "./hash.js";
import { EXPOSE_HEADERS, sendError, type RequestContext } from "./http.js";
import { RepoStore } from "./repos.js";
import type { RedirectMode } from "./resolve.js";
import { createRouter } from "./router.js";
import { UrlSigner } from "./signing.js";
import { ViewerCatalog } from "./viewer/catalog.js";
import { createViewerRouter } from "./viewer/routes.js";
import { defaultPageDir, defaultIndexDir } from "./viewer/defaults.js";
import type { Mirror, MirrorLogEntry, MirrorOptions, MirrorStats } from "./types.js";

/**
 * Start an HF-compatible mirror over `root` (and optionally an HF cache folder).
 * @param options - See {@link MirrorOptions}; `port` defaults to 0 (any free port), `host` to `127.0.0.1`.
 * @returns The running {@link Mirror}; call `close()` when done.
 * @throws InvalidArgumentError when `root` is not a directory; the listen error (e.g. EADDRINUSE) as is.
 */
export async function startMirror(options: MirrorOptions): Promise<Mirror> {
  const root = options.root;
  const st = await fsp.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new InvalidArgumentError(`Mirror root ${root} is not a directory`, {
      hint: "create it (it must hold datasets/<org>/<name>/…) or pass another root",
    });
  }
  const host = options.host ?? "127.0.0.1";
  const hashes = new HashCache();
  const store = new RepoStore(root, hashes, options.hfCacheDir);
  const rootReal = await fsp.realpath(root);
  const allowedRoots = [rootReal];
  if (options.hfCacheDir) {
    const c = await fsp.realpath(options.hfCacheDir).catch(() => undefined);
    if (c) allowedRoots.push(c);
  }
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
  const signer = new UrlSigner();
  /** The LFS "CDN" is this server under another loopback host name, so clients treat it as another host. */
  const redirectMode = (ctx: RequestContext): RedirectMode | undefined => {
    if (!options.redirects) return undefined;
    const u = new URL(ctx.base);
    const other = u.hostname === "localhost" ? "127.0.0.1" : u.hostname === "127.0.0.1" ? "localhost" : u.hostname;
    return { cdnBase: `http://${other}:${u.port || port}`, sign: (r, c, p) => signer.sign(r, c, p) };
  };
  let port = 0;
  let requestId = 0;
  let selfUrl = "";
  const access = new AccessPolicy({ ...(options.repos ?? {}) }, () => selfUrl);
  const route = createRouter({
    store,
    access,
    allowedRoots,
    treePageSize,
    redirectMode,
    signer,
  });

  const viewerOpts = options.viewer === false ? undefined : (options.viewer ?? {});
  const catalog = viewerOpts ? new ViewerCatalog(store, viewerOpts.indexDir ?? defaultIndexDir()) : undefined;
  const viewerRoute =
    catalog && viewerOpts
      ? createViewerRouter({ catalog, access, pageDir: viewerOpts.pageDir ?? defaultPageDir(), results: viewerOpts.results })
      : undefined;

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
    const r = route(method, rawPath) ??
      viewerRoute?.(method, rawPath) ?? {
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
        server.close(() => {
          void (catalog?.close() ?? Promise.resolve()).then(() => ok());
        });
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

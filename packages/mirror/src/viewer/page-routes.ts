import { existsSync, promises as fsp } from "node:fs";
import path from "node:path";
import type { Route } from "../router.js";
import { sendViewerError } from "./http-viewer.js";

/** Content-Security-Policy of the page: only this origin's own script, styles, fonts and images; no inline script. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STATIC_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
};

/**
 * The `/viewer` page and its static files (`/viewer/static/{name}`: flat names and known types only), served from
 * the built page folder with the page's CSP.
 * @param pageDir - Folder of the built page; undefined or missing: `/viewer` answers 503.
 */
export function createPageRoutes(pageDir: string | undefined): { page: Route; asset: (name: string) => Route } {
  const pageHeaders = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
  };

  const page: Route = {
    name: "viewer-page",
    run: async (ctx) => {
      const file = pageDir ? path.join(pageDir, "index.html") : undefined;
      if (!file || !existsSync(file)) {
        sendViewerError(ctx, 503, "UnexpectedError", "The viewer page is not built: run `pnpm --filter @crucible/mirror build`");
        return;
      }
      const body = await fsp.readFile(file);
      ctx.res.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": String(body.length),
        "Cache-Control": "no-cache",
        ...pageHeaders,
      });
      ctx.stats.bytesSent += body.length;
      ctx.res.end(ctx.method === "HEAD" ? undefined : body);
    },
  };

  const asset = (name: string): Route => ({
    name: "viewer-static",
    run: async (ctx) => {
      const type = STATIC_TYPES[path.extname(name)];
      const file = pageDir && type && /^[\w.-]+$/.test(name) ? path.join(pageDir, name) : undefined;
      const body = file ? await fsp.readFile(file).catch(() => undefined) : undefined;
      if (!body || !type) {
        sendViewerError(ctx, 404, "ResponseNotFound", "Not found");
        return;
      }
      ctx.res.writeHead(200, { "Content-Type": type, "Content-Length": String(body.length), "Cache-Control": "no-cache", ...pageHeaders });
      ctx.stats.bytesSent += body.length;
      ctx.res.end(ctx.method === "HEAD" ? undefined : body);
    },
  });

  return { page, asset };
}

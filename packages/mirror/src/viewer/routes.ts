import type { Row } from "@crucible/core";
import { CrucibleError } from "@crucible/types";
import type { AccessPolicy } from "../access.js";
import { sendJson, type RequestContext } from "../http.js";
import { isValidNamePart, safeDecode } from "../paths.js";
import type { Route } from "../router.js";
import type { ViewerCatalog } from "./catalog.js";
import { toViewerRow, type ViewerRow } from "./cells.js";
import { viewerFeatures } from "./features.js";
import { intParam, sendViewerError } from "./http-viewer.js";
import { sniffImage } from "./image.js";
import { configInfos } from "./info.js";
import { createPageRoutes } from "./page-routes.js";
import type { ViewerResultsProvider } from "./results.js";
import type { SplitSource } from "./source.js";

/** Rows per page of `/rows`, `/search`, `/filter` (the default and the maximum of `length`), as on the Hub. */
export const MAX_ROWS_PER_PAGE = 100;

/** What the viewer routes need from the server. */
export interface ViewerRouterDeps {
  catalog: ViewerCatalog;
  access: AccessPolicy;
  /** Folder of the built page (`page-dist`); undefined or missing → `/viewer` answers 503. */
  pageDir: string | undefined;
  results: ViewerResultsProvider | undefined;
}

const NOT_FOUND =
  "The dataset does not exist, or is not accessible without authentication (private or gated). Please check the spelling of the dataset name or retry with other authentication credentials.";

interface SplitParams {
  dataset: string;
  config: string;
  split: string;
}

/**
 * Routes of the dataset-viewer API (served at the mirror's root, as the dataset-viewer service serves them at
 * its host), the image assets they point to, the `/viewer` page and its results API.
 * @returns A matcher; undefined for paths that are not the viewer's.
 */
export function createViewerRouter(deps: ViewerRouterDeps): (method: string, rawPath: string) => Route | undefined {
  const { catalog } = deps;

  /** Validate `dataset` and access; sends the error and returns undefined on failure. */
  const datasetOf = (ctx: RequestContext): string | undefined => {
    const d = ctx.query.get("dataset");
    if (!d) {
      sendViewerError(ctx, 422, "MissingRequiredParameter", "Parameter 'dataset' is required");
      return undefined;
    }
    const parts = d.split("/");
    if (parts.length !== 2 || !parts.every(isValidNamePart)) {
      sendViewerError(ctx, 422, "InvalidParameter", "Parameter 'dataset' must be a repo id 'org/name'");
      return undefined;
    }
    const denied = deps.access.check(d, ctx.token, true);
    if (denied) {
      sendViewerError(ctx, denied.status === 403 ? 403 : 404, "DatasetNotFoundError", NOT_FOUND);
      return undefined;
    }
    return d;
  };

  const splitOf = async (ctx: RequestContext): Promise<{ p: SplitParams; src: SplitSource } | undefined> => {
    const dataset = datasetOf(ctx);
    if (!dataset) return undefined;
    const config = ctx.query.get("config");
    const split = ctx.query.get("split");
    if (!config || !split) {
      sendViewerError(ctx, 422, "MissingRequiredParameter", "Parameters 'config' and 'split' are required");
      return undefined;
    }
    const src = await catalog.source(dataset, config, split);
    if (!src) {
      const layout = await catalog.layoutOf(dataset);
      sendViewerError(
        ctx,
        404,
        layout ? "ResponseNotFound" : "DatasetNotFoundError",
        layout ? `Config '${config}' or split '${split}' not found in ${dataset}` : NOT_FOUND,
      );
      return undefined;
    }
    return { p: { dataset, config, split }, src };
  };

  const pageParams = (ctx: RequestContext): { offset: number; length: number } | undefined => {
    const offset = intParam(ctx.query, "offset") ?? 0;
    const length = intParam(ctx.query, "length") ?? MAX_ROWS_PER_PAGE;
    if (Number.isNaN(offset)) {
      sendViewerError(ctx, 422, "InvalidParameter", "Parameter 'offset' must be a non-negative integer");
      return undefined;
    }
    if (Number.isNaN(length) || length > MAX_ROWS_PER_PAGE) {
      sendViewerError(ctx, 422, "InvalidParameter", `Parameter 'length' must be an integer between 0 and ${MAX_ROWS_PER_PAGE}`);
      return undefined;
    }
    return { offset, length };
  };

  const rowsOut = (ctx: RequestContext, src: SplitSource, positions: number[], rows: Row[]): ViewerRow[] => {
    const base = `${ctx.base}/assets/${src.dataset}/--/main/--/${encodeURIComponent(src.config)}/${encodeURIComponent(src.split)}`;
    return rows.map((r, i) =>
      toViewerRow(
        positions[i] as number,
        r,
        src.features,
        (row, column, ext) => `${base}/${row}/${encodeURIComponent(column)}/image.${ext}`,
      ),
    );
  };

  const pageBody = (src: SplitSource, rows: ViewerRow[], total: number): Record<string, unknown> => ({
    features: viewerFeatures(src.features),
    rows,
    num_rows_total: total,
    num_rows_per_page: MAX_ROWS_PER_PAGE,
    partial: false,
  });

  const api = (name: string, run: (ctx: RequestContext) => Promise<void>): Route => ({
    name,
    run: async (ctx) => {
      try {
        await run(ctx);
      } catch (err) {
        if (ctx.res.headersSent) throw err;
        if (CrucibleError.hasCode(err, "INVALID_ARGUMENT")) sendViewerError(ctx, 422, "InvalidParameter", err.message);
        else if (CrucibleError.isInstance(err)) sendViewerError(ctx, 500, "UnexpectedError", err.message);
        else throw err;
      }
    },
  });

  const routes: Record<string, Route> = {
    "/is-valid": api("viewer-is-valid", async (ctx) => {
      const dataset = datasetOf(ctx);
      if (!dataset) return;
      const layout = await catalog.layoutOf(dataset);
      if (!layout) {
        sendViewerError(ctx, 404, "DatasetNotFoundError", NOT_FOUND);
        return;
      }
      const ok = layout.configs.size > 0;
      sendJson(ctx, 200, { preview: ok, viewer: ok, search: ok, filter: ok, statistics: ok });
    }),
    "/splits": api("viewer-splits", async (ctx) => {
      const dataset = datasetOf(ctx);
      if (!dataset) return;
      const layout = await catalog.layoutOf(dataset);
      if (!layout?.configs.size) {
        sendViewerError(ctx, 404, "DatasetNotFoundError", NOT_FOUND);
        return;
      }
      const only = ctx.query.get("config");
      const splits: SplitParams[] = [];
      for (const [config, m] of layout.configs)
        if (!only || only === config) for (const split of m.keys()) splits.push({ dataset, config, split });
      if (only && !splits.length) {
        sendViewerError(ctx, 404, "ResponseNotFound", `Config '${only}' not found in ${dataset}`);
        return;
      }
      sendJson(ctx, 200, { splits, pending: [], failed: [] });
    }),
    "/parquet": api("viewer-parquet", async (ctx) => {
      const dataset = datasetOf(ctx);
      if (!dataset) return;
      const exp = await catalog.exportOf(dataset);
      if (!exp) {
        sendViewerError(ctx, 404, "DatasetNotFoundError", NOT_FOUND);
        return;
      }
      const only = ctx.query.get("config");
      const files: Array<Record<string, unknown>> = [];
      for (const [config, m] of exp.configs) {
        if (only && only !== config) continue;
        for (const [split, list] of m) {
          list.forEach((f, i) => {
            const filename = `${String(i).padStart(4, "0")}.parquet`;
            files.push({
              dataset,
              config,
              split,
              url: `${ctx.base}/datasets/${dataset}/resolve/refs%2Fconvert%2Fparquet/${encodeURIComponent(config)}/${encodeURIComponent(split)}/${filename}`,
              filename,
              size: f.size,
            });
          });
        }
      }
      sendJson(ctx, 200, { parquet_files: files, pending: [], failed: [], partial: false });
    }),
    "/info": api("viewer-info", async (ctx) => {
      const dataset = datasetOf(ctx);
      if (!dataset) return;
      const infos = await configInfos(catalog, dataset, ctx.query.get("config"));
      if (!infos) {
        sendViewerError(ctx, 404, "DatasetNotFoundError", NOT_FOUND);
        return;
      }
      const only = ctx.query.get("config");
      if (only) {
        const info = infos.get(only);
        if (!info) sendViewerError(ctx, 404, "ResponseNotFound", `Config '${only}' not found in ${dataset}`);
        else sendJson(ctx, 200, { dataset_info: info.info, partial: false });
        return;
      }
      sendJson(ctx, 200, {
        dataset_info: Object.fromEntries([...infos].map(([c, i]) => [c, i.info])),
        pending: [],
        failed: [],
        partial: false,
      });
    }),
    "/size": api("viewer-size", async (ctx) => {
      const dataset = datasetOf(ctx);
      if (!dataset) return;
      const only = ctx.query.get("config");
      const infos = await configInfos(catalog, dataset, only);
      if (!infos || (only && !infos.has(only))) {
        sendViewerError(
          ctx,
          404,
          infos ? "ResponseNotFound" : "DatasetNotFoundError",
          infos ? `Config '${only}' not found in ${dataset}` : NOT_FOUND,
        );
        return;
      }
      const configs: Array<Record<string, unknown>> = [];
      const splits: Array<Record<string, unknown>> = [];
      for (const [config, i] of infos) {
        if (only && only !== config) continue;
        const bytes = i.sources.reduce((n, s) => n + s.parquetBytes, 0);
        const rows = i.sources.reduce((n, s) => n + s.numRows, 0);
        const numColumns = Object.keys(i.sources[0]?.features ?? {}).length;
        configs.push({
          dataset,
          config,
          num_bytes_original_files: bytes,
          num_bytes_parquet_files: bytes,
          num_rows: rows,
          num_columns: numColumns,
        });
        for (const s of i.sources) {
          splits.push({
            dataset,
            config,
            split: s.split,
            num_bytes_parquet_files: s.parquetBytes,
            num_rows: s.numRows,
            num_columns: Object.keys(s.features).length,
          });
        }
      }
      const sum = (k: string): number => configs.reduce((n, c) => n + (c[k] as number), 0);
      const size: Record<string, unknown> = only
        ? { config: configs[0], splits }
        : {
            dataset: {
              dataset,
              num_bytes_original_files: sum("num_bytes_original_files"),
              num_bytes_parquet_files: sum("num_bytes_parquet_files"),
              num_rows: sum("num_rows"),
            },
            configs,
            splits,
          };
      sendJson(ctx, 200, { size, pending: [], failed: [], partial: false });
    }),
    "/first-rows": api("viewer-first-rows", async (ctx) => {
      const s = await splitOf(ctx);
      if (!s) return;
      const rows = await s.src.readRows(0, MAX_ROWS_PER_PAGE);
      const positions = rows.map((_, i) => i);
      sendJson(ctx, 200, {
        dataset: s.p.dataset,
        config: s.p.config,
        split: s.p.split,
        features: viewerFeatures(s.src.features),
        rows: rowsOut(ctx, s.src, positions, rows),
        truncated: s.src.numRows > rows.length,
      });
    }),
    "/rows": api("viewer-rows", async (ctx) => {
      const s = await splitOf(ctx);
      if (!s) return;
      const page = pageParams(ctx);
      if (!page) return;
      const end = Math.min(s.src.numRows, page.offset + page.length);
      const positions = Array.from({ length: Math.max(0, end - page.offset) }, (_, i) => page.offset + i);
      const built = await catalog.builtIndex(s.src);
      if (!built) catalog.prepare(s.src);
      const rows = built ? built.rowsAt(positions) : await s.src.readRows(page.offset, page.length);
      sendJson(ctx, 200, pageBody(s.src, rowsOut(ctx, s.src, positions, rows), s.src.numRows));
    }),
    "/search": api("viewer-search", async (ctx) => {
      const s = await splitOf(ctx);
      if (!s) return;
      const query = ctx.query.get("query");
      if (query === null || query.trim() === "") {
        sendViewerError(ctx, 422, "MissingRequiredParameter", "Parameter 'query' is required");
        return;
      }
      const page = pageParams(ctx);
      if (!page) return;
      const index = await catalog.index(s.src);
      const hits = index.search(query, page.offset, page.length);
      const rows = index.rowsAt(hits.positions);
      sendJson(ctx, 200, pageBody(s.src, rowsOut(ctx, s.src, hits.positions, rows), hits.total));
    }),
    "/filter": api("viewer-filter", async (ctx) => {
      const s = await splitOf(ctx);
      if (!s) return;
      const where = ctx.query.get("where") ?? undefined;
      const orderby = ctx.query.get("orderby") ?? undefined;
      if (!where && !orderby) {
        sendViewerError(ctx, 422, "MissingRequiredParameter", "Parameter 'where' or 'orderby' is required");
        return;
      }
      const page = pageParams(ctx);
      if (!page) return;
      const index = await catalog.index(s.src);
      const hits = index.filter(where, orderby, page.offset, page.length);
      const rows = index.rowsAt(hits.positions);
      sendJson(ctx, 200, pageBody(s.src, rowsOut(ctx, s.src, hits.positions, rows), hits.total));
    }),
    "/statistics": api("viewer-statistics", async (ctx) => {
      const s = await splitOf(ctx);
      if (!s) return;
      const stats = [...(await catalog.statistics(s.src))].sort((a, b) => (a.column_name < b.column_name ? -1 : 1));
      sendJson(ctx, 200, { num_examples: s.src.numRows, statistics: stats, partial: false });
    }),
  };

  const assetRoute: Route = {
    name: "viewer-assets",
    run: async (ctx) => {
      // /assets/{org}/{name}/--/{revision}/--/{config}/{split}/{row}/{column}/image.{ext}
      const segs = ctx.rawPath.split("/").map((x) => safeDecode(x));
      const [, , org, name, dash1, , dash2, config, split, rowText, column, file] = segs;
      const dataset = `${org}/${name}`;
      if (
        segs.length !== 12 ||
        dash1 !== "--" ||
        dash2 !== "--" ||
        !org ||
        !name ||
        !isValidNamePart(org) ||
        !isValidNamePart(name) ||
        !config ||
        !split ||
        !column ||
        !/^\d{1,15}$/.test(rowText ?? "") ||
        !/^image\.\w+$/.test(file ?? "")
      ) {
        sendViewerError(ctx, 404, "ResponseNotFound", "Asset not found");
        return;
      }
      if (deps.access.check(dataset, ctx.token, true)) {
        sendViewerError(ctx, 404, "DatasetNotFoundError", NOT_FOUND);
        return;
      }
      const src = await catalog.source(dataset, config, split);
      const row = Number(rowText);
      if (src?.features[column]?.kind !== "image" || row >= src.numRows) {
        sendViewerError(ctx, 404, "ResponseNotFound", "Asset not found");
        return;
      }
      const [r] = await src.readRows(row, 1, [column]);
      const bytes = (r?.[column] as { bytes?: unknown } | null | undefined)?.bytes;
      const sniff = bytes instanceof Uint8Array ? sniffImage(bytes) : undefined;
      if (!sniff || !(bytes instanceof Uint8Array)) {
        sendViewerError(ctx, 404, "ResponseNotFound", "No raster image in this cell");
        return;
      }
      ctx.res.writeHead(200, {
        "Content-Type": sniff.mime,
        "Content-Length": String(bytes.length),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "public, max-age=3600",
      });
      if (ctx.method === "HEAD") {
        ctx.res.end();
        return;
      }
      ctx.stats.bytesSent += bytes.length;
      ctx.res.end(bytes);
    },
  };

  const page = createPageRoutes(deps.pageDir);

  const resultsRoute = (id: string | undefined): Route =>
    api("viewer-results", async (ctx) => {
      const provider = deps.results;
      if (!provider) {
        sendViewerError(ctx, 404, "ResponseNotFound", "No result store is attached to this mirror (start it with a results provider)");
        return;
      }
      if (id === undefined) {
        const limit = intParam(ctx.query, "limit") ?? 200;
        const offset = intParam(ctx.query, "offset") ?? 0;
        if (Number.isNaN(limit) || Number.isNaN(offset)) {
          sendViewerError(ctx, 422, "InvalidParameter", "Parameters 'limit' and 'offset' must be non-negative integers");
          return;
        }
        sendJson(ctx, 200, { results: await provider.list({ limit: Math.min(limit, 1000), offset }) });
        return;
      }
      const r = await provider.load(id);
      if (!r) sendViewerError(ctx, 404, "ResponseNotFound", `No result with id ${JSON.stringify(id)}`);
      else sendJson(ctx, 200, r);
    });

  return (method: string, rawPath: string): Route | undefined => {
    if (method !== "GET" && method !== "HEAD") return undefined;
    const r = routes[rawPath];
    if (r) return r;
    if (rawPath.startsWith("/assets/")) return assetRoute;
    if (rawPath === "/viewer" || rawPath === "/viewer/") return page.page;
    if (rawPath.startsWith("/viewer/static/")) return page.asset(safeDecode(rawPath.slice("/viewer/static/".length)) ?? "");
    if (rawPath === "/viewer-api/datasets") {
      // `?dataset=` → that repo's configs, splits and files; without it → the repo ids (private ones only with
      // a granted token; gated ones are listed, as their metadata is public)
      return api("viewer-datasets", async (ctx) => {
        if (ctx.query.get("dataset") !== null) {
          const dataset = datasetOf(ctx);
          if (!dataset) return;
          if (!(await catalog.exists(dataset))) {
            sendViewerError(ctx, 404, "DatasetNotFoundError", NOT_FOUND);
            return;
          }
          sendJson(ctx, 200, await catalog.describe(dataset));
          return;
        }
        sendJson(ctx, 200, { datasets: catalog.datasetIds().filter((d) => deps.access.check(d, ctx.token, false) === undefined) });
      });
    }
    if (rawPath === "/viewer-api/results") return resultsRoute(undefined);
    if (rawPath.startsWith("/viewer-api/results/")) {
      const id = safeDecode(rawPath.slice("/viewer-api/results/".length));
      return id ? resultsRoute(id) : undefined;
    }
    return undefined;
  };
}

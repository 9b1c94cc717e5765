import type { AccessPolicy } from "./access.js";
import { handleInfo, handleParquet, handlePathsInfo, handleTree } from "./api.js";
import { sendError, sendJson, type RequestContext } from "./http.js";
import { cleanRepoPath, isValidNamePart, safeDecode } from "./paths.js";
import type { RepoStore } from "./repos.js";
import { handleResolve, type RedirectMode } from "./resolve.js";
import type { Snapshot } from "./snapshot.js";
import type { UrlSigner } from "./signing.js";

/** `refs/convert/<x>` and `refs/pr/<n>` may arrive unencoded in a path (clients differ in whether they percent-encode a revision). */
const SPECIAL_REF = /^refs\/(?:convert\/[\w.-]+|pr\/\d+)/;

/** A matched route: its name (for stats and faults) and its handler. */
export interface Route {
  name: string;
  run: (ctx: RequestContext) => Promise<void>;
}

/** What the routes need from the server. */
export interface RouterDeps {
  store: RepoStore;
  access: AccessPolicy;
  /** Real paths a served file must stay inside. */
  allowedRoots: string[];
  treePageSize: number;
  /** Redirect mode for a request, or undefined to answer resolve directly. */
  redirectMode: (ctx: RequestContext) => RedirectMode | undefined;
  signer: UrlSigner;
}

/**
 * Build the route table (the routes are listed in the package README). Matching works on the raw, undecoded path so that
 * `%2F` inside revisions survives; each part is decoded after it is split off.
 * @returns A function mapping (method, raw path) to a route, or undefined for unknown routes.
 */
export function createRouter(deps: RouterDeps): (method: string, rawPath: string) => Route | undefined {
  /** Repo missing → 401 anonymous / 404 with a token (the Hub does not reveal private repos). */
  const repoNotFound = (ctx: RequestContext): void => {
    sendError(ctx, ctx.token === undefined ? 401 : 404, "RepoNotFound", "Repository not found");
  };

  /** Resolve repo + revision (decoded) with access checks; sends the error and returns undefined on failure. */
  const resolveFor = async (ctx: RequestContext, repoId: string, revision: string, forFile: boolean): Promise<Snapshot | undefined> => {
    const denied = deps.access.check(repoId, ctx.token, forFile);
    if (denied) {
      sendError(ctx, denied.status, denied.code, denied.message);
      return undefined;
    }
    const r = await deps.store.resolve(repoId, revision);
    if (!r.ok) {
      if (r.code === "RepoNotFound") repoNotFound(ctx);
      else sendError(ctx, 404, "RevisionNotFound", `Invalid rev id: ${revision}`);
      return undefined;
    }
    return r.snapshot;
  };

  return (method: string, rawPath: string): Route | undefined => {
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
            if (snap) handleInfo(ctx, snap, deps.access.flags(repoId));
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
            if (snap) handleInfo(ctx, snap, deps.access.flags(repoId));
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
            if (snap) handleTree(ctx, snap, split.path, rawPath, deps.treePageSize);
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
            sendJson(ctx, 200, await deps.store.refs(repoId));
          },
        };
      }
      if (kind === "parquet" && (method === "GET" || method === "HEAD")) {
        const parts = segs
          .slice(6)
          .filter((s) => s !== "")
          .map((s) => safeDecode(s));
        if (parts.some((p) => p === undefined)) return badRequest("parquet", "Invalid path");
        return {
          name: "parquet",
          run: async (ctx) => {
            const snap = await resolveFor(ctx, repoId, "main", false);
            if (!snap) return;
            handleParquet(ctx, repoId, await deps.store.parquetFor(repoId), parts as string[]);
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
          if (snap) await handleResolve(ctx, snap, split.path, raw, deps.allowedRoots, deps.redirectMode(ctx));
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
          if (snap) await handleResolve(ctx, snap, target.path, false, deps.allowedRoots);
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
          if (!deps.signer.verify(ctx.query.get("sig") ?? "", target.repoId, target.commit, target.path)) {
            sendError(ctx, 403, "BadRequest", "Invalid or missing signature");
            return;
          }
          const r = await deps.store.resolve(target.repoId, target.commit);
          if (!r.ok) {
            sendError(ctx, 404, "EntryNotFound", "Entry not found");
            return;
          }
          await handleResolve(ctx, r.snapshot, target.path, false, deps.allowedRoots);
        },
      };
    }
    return undefined;
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

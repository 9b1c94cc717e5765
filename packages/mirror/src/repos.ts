import { promises as fsp, readdirSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import type { HashCache } from "./hash.js";
import { LfsRules } from "./lfs.js";
import { deriveParquetExport, exportFromBranch, PARQUET_REVISION, type ParquetExport } from "./parquet-export.js";
import { cleanRepoPath, isInside, isValidNamePart } from "./paths.js";
import { buildSnapshot, type RawFile, type Snapshot } from "./snapshot.js";

/** Outcome of resolving a repo and revision. */
export type ResolveResult = { ok: true; snapshot: Snapshot; revision: string } | { ok: false; code: "RepoNotFound" | "RevisionNotFound" };

/** Refs of a repo, in the shape of `GET /api/datasets/{id}/refs`. */
export interface RepoRefs {
  branches: Array<{ name: string; ref: string; targetCommit: string }>;
  converts: Array<{ name: string; ref: string; targetCommit: string }>;
  tags: Array<{ name: string; ref: string; targetCommit: string }>;
  pullRequests: Array<{ name: string; ref: string; targetCommit: string }>;
}

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_README_BYTES = 1 << 20;

/** Revision aliases: `HEAD` → `main`, `~parquet` → `refs/convert/parquet`. */
export function canonicalRevision(rev: string): string {
  if (rev === "HEAD") return "main";
  if (rev === "~parquet") return PARQUET_REVISION;
  return rev;
}

/**
 * The repos the mirror serves: `<root>/datasets/<org>/<name>/…` folders and, optionally, the
 * `datasets--<org>--<name>` folders of an existing HF cache. Folder repos win over cache repos of the same id.
 * Every file served is checked to resolve (realpath) inside its root.
 */
export class RepoStore {
  private readonly memo = new Map<string, { sig: string; snap: Snapshot }>();
  private readonly exportMemo = new Map<string, { commit: string; exp: ParquetExport | undefined }>();
  private rootReal: string | undefined;
  private cacheReal: string | undefined;

  /**
   * @param root - Folder holding `datasets/<org>/<name>`.
   * @param hashes - Shared hash cache.
   * @param hfCacheDir - Optional HF hub cache folder (holding `datasets--org--name`).
   */
  constructor(
    private readonly root: string,
    private readonly hashes: HashCache,
    private readonly hfCacheDir?: string,
  ) {}

  private async realRoot(): Promise<string> {
    this.rootReal ??= await fsp.realpath(this.root);
    return this.rootReal;
  }

  private async realCache(): Promise<string | undefined> {
    if (!this.hfCacheDir) return undefined;
    this.cacheReal ??= await fsp.realpath(this.hfCacheDir).catch(() => undefined);
    return this.cacheReal;
  }

  private folderDir(repoId: string): string {
    return path.join(this.root, "datasets", ...repoId.split("/"));
  }

  private cacheDir(repoId: string): string | undefined {
    if (!this.hfCacheDir) return undefined;
    return path.join(this.hfCacheDir, `datasets--${repoId.split("/").join("--")}`);
  }

  /** Ids (`org/name`) of every repo served: root folders first, then HF-cache repos not shadowed by one, sorted. */
  listRepoIds(): string[] {
    const ids = new Set<string>();
    const dirs = (p: string): string[] => {
      try {
        return readdirSync(p, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name);
      } catch {
        return [];
      }
    };
    for (const org of dirs(path.join(this.root, "datasets"))) {
      for (const name of dirs(path.join(this.root, "datasets", org)))
        if (isValidNamePart(org) && isValidNamePart(name)) ids.add(`${org}/${name}`);
    }
    if (this.hfCacheDir) {
      for (const d of dirs(this.hfCacheDir)) {
        const m = /^datasets--([^-][^/]*?)--(.+)$/.exec(d);
        if (m && isValidNamePart(m[1] as string) && isValidNamePart(m[2] as string)) ids.add(`${m[1]}/${m[2]}`);
      }
    }
    return [...ids].sort();
  }

  /** Which backing store holds `repoId`, if any. */
  async kind(repoId: string): Promise<"folder" | "cache" | undefined> {
    const parts = repoId.split("/");
    if (parts.length !== 2 || !parts.every(isValidNamePart)) return undefined;
    if (await isDir(this.folderDir(repoId))) {
      // must not be a symlink leading out of the root
      const real = await fsp.realpath(this.folderDir(repoId));
      if (isInside(await this.realRoot(), real)) return "folder";
    }
    const c = this.cacheDir(repoId);
    if (c && (await isDir(path.join(c, "snapshots")))) return "cache";
    return undefined;
  }

  /**
   * Resolve a revision (branch, `HEAD`, a 40-hex commit, `refs/convert/parquet`, `~parquet`) to a snapshot.
   * @param repoId - `org/name`.
   * @param revision - Decoded revision.
   */
  async resolve(repoId: string, revision: string): Promise<ResolveResult> {
    const kind = await this.kind(repoId);
    if (!kind) return { ok: false, code: "RepoNotFound" };
    const rev = canonicalRevision(revision);
    if (kind === "folder") {
      const main = await this.folderSnapshot(repoId);
      if (rev === "main" || rev === main.commit) return { ok: true, snapshot: main, revision: rev };
      const exp = await this.parquetExport(repoId, main);
      if (exp && (rev === PARQUET_REVISION || rev === exp.snapshot.commit)) {
        return { ok: true, snapshot: exp.snapshot, revision: rev };
      }
      return { ok: false, code: "RevisionNotFound" };
    }
    const dir = this.cacheDir(repoId) as string;
    let commit: string | undefined;
    if (HEX40.test(rev) && (await isDir(path.join(dir, "snapshots", rev)))) commit = rev;
    else {
      const clean = cleanRepoPath(rev);
      if (clean) {
        const txt = await fsp.readFile(path.join(dir, "refs", clean), "utf8").catch(() => undefined);
        if (txt !== undefined && HEX40.test(txt.trim()) && (await isDir(path.join(dir, "snapshots", txt.trim())))) {
          commit = txt.trim();
        }
      }
    }
    if (commit) return { ok: true, snapshot: await this.cacheSnapshot(repoId, commit), revision: rev };
    // derived parquet export over the cache's main
    const mainRes = rev === PARQUET_REVISION || HEX40.test(rev) ? await this.resolve(repoId, "main") : undefined;
    if (mainRes?.ok) {
      const exp = await this.parquetExport(repoId, mainRes.snapshot);
      if (exp && (rev === PARQUET_REVISION || rev === exp.snapshot.commit)) {
        return { ok: true, snapshot: exp.snapshot, revision: rev };
      }
    }
    return { ok: false, code: "RevisionNotFound" };
  }

  /** The parquet export derived from a main snapshot (memoised by commit); undefined when nothing exports. */
  async parquetExport(repoId: string, main: Snapshot): Promise<ParquetExport | undefined> {
    const hit = this.exportMemo.get(repoId);
    if (hit && hit.commit === main.commit) return hit.exp;
    const exp = deriveParquetExport(main);
    this.exportMemo.set(repoId, { commit: main.commit, exp });
    return exp;
  }

  /**
   * The parquet export served by `/api/datasets/{id}/parquet…`: the repo's `refs/convert/parquet` branch
   * (a real one from an HF cache, else the one derived from `main`).
   */
  async parquetFor(repoId: string): Promise<ParquetExport | undefined> {
    const r = await this.resolve(repoId, PARQUET_REVISION);
    if (!r.ok) return undefined;
    const main = await this.resolve(repoId, "main");
    if (main.ok) {
      const derived = await this.parquetExport(repoId, main.snapshot);
      if (derived && derived.snapshot === r.snapshot) return derived;
    }
    return exportFromBranch(r.snapshot);
  }

  /** Refs of a repo; undefined when the repo does not exist. */
  async refs(repoId: string): Promise<RepoRefs | undefined> {
    const main = await this.resolve(repoId, "main");
    if (!main.ok) return undefined;
    const refs: RepoRefs = { branches: [], converts: [], tags: [], pullRequests: [] };
    refs.branches.push({ name: "main", ref: "refs/heads/main", targetCommit: main.snapshot.commit });
    const pq = await this.resolve(repoId, PARQUET_REVISION);
    if (pq.ok) refs.converts.push({ name: "parquet", ref: PARQUET_REVISION, targetCommit: pq.snapshot.commit });
    return refs;
  }

  private async folderSnapshot(repoId: string): Promise<Snapshot> {
    const dir = this.folderDir(repoId);
    const rootReal = await this.realRoot();
    const entries = await walk(dir, rootReal);
    const sig = entries.map((e) => `${e.rel}\0${e.size}\0${e.mtimeMs}`).join("\n");
    const key = `folder:${repoId}`;
    const hit = this.memo.get(key);
    if (hit && hit.sig === sig) return hit.snap;
    const raw: RawFile[] = await Promise.all(
      entries.map(async (e) => {
        const h = await this.hashes.get(e.abs, e.size, e.mtimeMs);
        return { path: e.rel, abs: e.abs, size: e.size, mtimeMs: e.mtimeMs, ...h };
      }),
    );
    const snap = await this.finish(repoId, raw, entries);
    this.memo.set(key, { sig, snap });
    return snap;
  }

  private async cacheSnapshot(repoId: string, commit: string): Promise<Snapshot> {
    const dir = path.join(this.cacheDir(repoId) as string, "snapshots", commit);
    const cacheReal = (await this.realCache()) as string;
    const entries = await walk(dir, cacheReal);
    const sig = entries.map((e) => `${e.rel}\0${e.size}\0${e.mtimeMs}\0${e.abs}`).join("\n");
    const key = `cache:${repoId}@${commit}`;
    const hit = this.memo.get(key);
    if (hit && hit.sig === sig) return hit.snap;
    const raw: RawFile[] = await Promise.all(
      entries.map(async (e): Promise<RawFile> => {
        const blob = path.basename(e.abs);
        const base = { path: e.rel, abs: e.abs, size: e.size, mtimeMs: e.mtimeMs };
        if (HEX64.test(blob)) return { ...base, sha256: blob, gitSha1: "", binary: true, lfs: true };
        if (HEX40.test(blob)) return { ...base, sha256: "", gitSha1: blob, binary: false, lfs: false };
        const h = await this.hashes.get(e.abs, e.size, e.mtimeMs);
        return { ...base, ...h };
      }),
    );
    const snap = await this.finish(repoId, raw, entries, commit);
    this.memo.set(key, { sig, snap });
    return snap;
  }

  private async finish(repoId: string, raw: RawFile[], entries: WalkEntry[], commit?: string): Promise<Snapshot> {
    const ga = entries.find((e) => e.rel === ".gitattributes");
    const rules = new LfsRules(ga && ga.size < MAX_README_BYTES ? await fsp.readFile(ga.abs, "utf8") : undefined);
    const readme = entries.find((e) => e.rel === "README.md");
    const opts: { commit?: string; readme?: string } = {};
    if (commit) opts.commit = commit;
    if (readme && readme.size < MAX_README_BYTES) opts.readme = await fsp.readFile(readme.abs, "utf8");
    return buildSnapshot(repoId, raw, rules, opts);
  }
}

interface WalkEntry {
  rel: string;
  abs: string;
  size: number;
  mtimeMs: number;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * List the regular files under `dir` (recursively), following file symlinks only when their real path
 * stays inside `allowedRoot`. Skips `.git`, directory symlinks and names git cannot hold.
 * Uses synchronous fs calls on purpose: one listing is a few µs per file, where a chain of awaited
 * thread-pool calls costs ~0.5 ms per file on a loaded machine.
 */
async function walk(dir: string, allowedRoot: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  let start: string;
  try {
    start = realpathSync(dir);
  } catch {
    return out;
  }
  if (!isInside(allowedRoot, start)) return out;
  const visit = (abs: string, rel: string): void => {
    let list;
    try {
      list = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of list) {
      if (d.name === ".git" || d.name.includes("\\")) continue;
      const childAbs = path.join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        visit(childAbs, childRel);
      } else if (d.isFile()) {
        const st = statSafe(childAbs);
        if (st?.isFile()) out.push({ rel: childRel, abs: childAbs, size: st.size, mtimeMs: st.mtimeMs });
      } else if (d.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(childAbs);
        } catch {
          continue;
        }
        if (!isInside(allowedRoot, real)) continue;
        const st = statSafe(real);
        if (st?.isFile()) out.push({ rel: childRel, abs: real, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  visit(start, "");
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}

function statSafe(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

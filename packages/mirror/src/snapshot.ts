import { createHash } from "node:crypto";
import { parseCardData } from "./card.js";
import { gitBlobSha1, sha1Hex } from "./hash.js";
import type { LfsRules } from "./lfs.js";

/** One file of a served revision. */
export interface RepoFile {
  /** Repo-relative path, `/`-separated. */
  path: string;
  /** Absolute real path of the content on disk; absent for generated files (see `content`). */
  abs?: string;
  /** In-memory content of a generated file (for example `.gitattributes` of the parquet branch). */
  content?: Buffer;
  /** Size in bytes of the real content. */
  size: number;
  /** Modification time (ms since epoch). */
  mtimeMs: number;
  /** sha256 of the content, hex. */
  sha256: string;
  /** Git blob sha1 of the content, hex. */
  gitSha1: string;
  /** Whether the Hub would store it in LFS. */
  lfs: boolean;
  /** Tree `oid`: git blob sha1 of what git stores (the pointer file for LFS files). */
  oid: string;
  /** Size of the LFS pointer file (LFS files only). */
  pointerSize?: number;
  /** The LFS pointer text (LFS files only). */
  pointer?: string;
  /** Unquoted ETag served on resolve: sha256 for LFS files, git blob sha1 otherwise. */
  etag: string;
}

/** A resolved revision of a repo: the unit every route answers from. */
export interface Snapshot {
  /** `org/name`. */
  repoId: string;
  /** 40-hex commit id of this revision. */
  commit: string;
  /** Files sorted by path. */
  files: RepoFile[];
  /** Files by path. */
  byPath: Map<string, RepoFile>;
  /** Tree oids of every directory by path (`""` is the root). */
  dirs: Map<string, string>;
  /** Latest mtime of the files. */
  lastModified: Date;
  /** Earliest mtime of the files. */
  createdAt: Date;
  /** README YAML front matter, when present. */
  cardData?: Record<string, unknown>;
}

/** Input of {@link buildSnapshot}: a file with its hashes, before LFS classification. */
export interface RawFile {
  path: string;
  abs?: string;
  content?: Buffer;
  size: number;
  mtimeMs: number;
  sha256: string;
  gitSha1: string;
  binary: boolean;
  /** Force the LFS decision (HF-cache blobs named by sha256 are LFS). */
  lfs?: boolean;
}

/** The LFS pointer file git stores for an LFS object. */
export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/**
 * Build a snapshot from hashed files.
 * @param repoId - `org/name`.
 * @param raw - The files.
 * @param rules - LFS rules of the repo.
 * @param options.commit - Use this commit id (HF-cache snapshots); default: derived from the content
 *   (sha1 of the sorted `path`/`oid` list, salted with `options.salt`).
 * @param options.readme - README text, for `cardData`.
 * @param options.salt - Mixed into the derived commit id (distinguishes branches with equal content).
 */
export function buildSnapshot(
  repoId: string,
  raw: RawFile[],
  rules: LfsRules,
  options: { commit?: string; readme?: string; salt?: string } = {},
): Snapshot {
  const files: RepoFile[] = raw
    .map((r) => {
      const lfs = r.lfs ?? rules.isLfs(r.path, r.size, r.binary);
      const f: RepoFile = {
        path: r.path,
        size: r.size,
        mtimeMs: r.mtimeMs,
        sha256: r.sha256,
        gitSha1: r.gitSha1,
        lfs,
        oid: r.gitSha1,
        etag: r.gitSha1,
      };
      if (r.abs !== undefined) f.abs = r.abs;
      if (r.content !== undefined) f.content = r.content;
      if (lfs) {
        const pointer = lfsPointer(r.sha256, r.size);
        f.pointer = pointer;
        f.pointerSize = Buffer.byteLength(pointer);
        f.oid = gitBlobSha1(pointer);
        f.etag = r.sha256;
      }
      return f;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const dirs = treeOids(files);
  let last = 0;
  let first = Number.POSITIVE_INFINITY;
  for (const f of files) {
    last = Math.max(last, f.mtimeMs);
    first = Math.min(first, f.mtimeMs);
  }
  if (!Number.isFinite(first)) first = 0;
  const commit = options.commit ?? sha1Hex(`${options.salt ?? ""}\n${repoId}\n${files.map((f) => `${f.path}\0${f.oid}`).join("\n")}`);
  const snap: Snapshot = {
    repoId,
    commit,
    files,
    byPath,
    dirs,
    lastModified: new Date(Math.floor(last)),
    createdAt: new Date(Math.floor(first)),
  };
  if (options.readme !== undefined) {
    const card = parseCardData(options.readme);
    if (card) snap.cardData = card;
  }
  return snap;
}

/** Git tree sha1 of every directory, computed bottom-up from the file oids. */
function treeOids(files: RepoFile[]): Map<string, string> {
  // children[dir] = entries { name, isDir, oid? }
  const children = new Map<string, Map<string, { isDir: boolean; oid?: string }>>();
  const ensure = (d: string): Map<string, { isDir: boolean; oid?: string }> => {
    let m = children.get(d);
    if (!m) {
      m = new Map();
      children.set(d, m);
    }
    return m;
  };
  ensure("");
  for (const f of files) {
    const parts = f.path.split("/");
    let dir = "";
    for (let i = 0; i < parts.length - 1; i++) {
      const name = parts[i] as string;
      ensure(dir).set(name, { isDir: true });
      dir = dir ? `${dir}/${name}` : name;
      ensure(dir);
    }
    ensure(dir).set(parts[parts.length - 1] as string, { isDir: false, oid: f.oid });
  }
  const out = new Map<string, string>();
  const compute = (d: string): string => {
    const done = out.get(d);
    if (done) return done;
    const entries = [...(children.get(d) ?? new Map<string, { isDir: boolean; oid?: string }>()).entries()].map(([name, e]) => {
      const child = d ? `${d}/${name}` : name;
      return { name, isDir: e.isDir, oid: e.isDir ? compute(child) : (e.oid as string) };
    });
    // git sorts tree entries by name, comparing directories as if they ended in "/"
    entries.sort((a, b) => {
      const ka = Buffer.from(a.isDir ? `${a.name}/` : a.name);
      const kb = Buffer.from(b.isDir ? `${b.name}/` : b.name);
      return Buffer.compare(ka, kb);
    });
    const parts: Buffer[] = [];
    for (const e of entries) {
      parts.push(Buffer.from(`${e.isDir ? "40000" : "100644"} ${e.name}\0`), Buffer.from(e.oid, "hex"));
    }
    const body = Buffer.concat(parts);
    const oid = createHash("sha1").update(`tree ${body.length}\0`).update(body).digest("hex");
    out.set(d, oid);
    return oid;
  };
  for (const d of children.keys()) compute(d);
  return out;
}

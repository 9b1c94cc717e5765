import path from "node:path";
import { HubError, InvalidArgumentError } from "@crucible/types";

/** `datasets--{ns}--{name}`: the repo folder name huggingface_hub uses. */
export function repoFolderName(repo: string): string {
  return ["datasets", ...repo.split("/")].join("--");
}

/** Paths of one dataset repo inside an HF hub cache (huggingface_hub layout). */
export interface RepoCachePaths {
  /** `{cache}/datasets--{ns}--{name}`. */
  root: string;
  /** `{root}/blobs`. */
  blobs: string;
  /** `{root}/snapshots`. */
  snapshots: string;
  /** `{root}/refs`. */
  refs: string;
  /** `{cache}/.locks/datasets--{ns}--{name}`. */
  locks: string;
}

/** The cache folders of `repo` under `cacheDir`. */
export function repoCachePaths(cacheDir: string, repo: string): RepoCachePaths {
  const name = repoFolderName(repo);
  const root = path.join(cacheDir, name);
  return {
    root,
    blobs: path.join(root, "blobs"),
    snapshots: path.join(root, "snapshots"),
    refs: path.join(root, "refs"),
    locks: path.join(cacheDir, ".locks", name),
  };
}

/**
 * Checks that an ETag (which comes from a server header or listing) is safe as a file name: letters, digits,
 * `-`, `_`, `.`, at most 128 characters, not `.`/`..`.
 * @throws HubError otherwise (a hostile or broken server).
 */
export function safeEtag(etag: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(etag) || etag === "." || etag === "..") {
    throw new HubError("HUB_HTTP", `The server sent an ETag that cannot be a cache file name: ${JSON.stringify(etag.slice(0, 80))}`);
  }
  return etag;
}

/** `blobs/{etag}` (the ETag is checked with {@link safeEtag}). */
export function blobPath(paths: RepoCachePaths, etag: string): string {
  return path.join(paths.blobs, safeEtag(etag));
}

function safeRelative(p: string, what: string): string[] {
  const parts = p.split("/");
  if (p === "" || p.includes("\\") || p.includes("\0") || parts.some((s) => s === "" || s === "." || s === "..")) {
    throw new InvalidArgumentError(`Invalid ${what} "${p}": it cannot be used as a cache path`, {
      hint: "Use '/'-separated names without empty, '.' or '..' parts",
    });
  }
  return parts;
}

/** `snapshots/{commit}/{path}`. */
export function snapshotFilePath(paths: RepoCachePaths, commit: string, pathInRepo: string): string {
  return path.join(paths.snapshots, ...safeRelative(commit, "commit"), ...safeRelative(pathInRepo, "path in repo"));
}

/** `refs/{revision}` (a revision with `/` makes nested folders: `refs/refs/convert/parquet`). */
export function refPath(paths: RepoCachePaths, revision: string): string {
  return path.join(paths.refs, ...safeRelative(revision, "revision"));
}

/** `.no_exist/{commit}/{path}`: marker that the path does not exist at that commit. */
export function noExistPath(paths: RepoCachePaths, commit: string, pathInRepo: string): string {
  return path.join(paths.root, ".no_exist", ...safeRelative(commit, "commit"), ...safeRelative(pathInRepo, "path in repo"));
}

/** `trees/{commit}.json`: huggingface_hub's cached recursive tree listing. */
export function treeCachePath(paths: RepoCachePaths, commit: string): string {
  return path.join(paths.root, "trees", `${safeEtag(commit)}.json`);
}

/** Lock file of one blob (our own name, so it never collides with huggingface_hub's filelock files). */
export function blobLockPath(paths: RepoCachePaths, etag: string): string {
  return path.join(paths.locks, `${safeEtag(etag)}.crucible.lock`);
}

/**
 * Normalizes an ETag as huggingface_hub does: drops a weak `W/` prefix and the quotes.
 * @param etag - Header value.
 */
export function normalizeEtag(etag: string | null | undefined): string | undefined {
  if (!etag) return undefined;
  return etag.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
}

import path from "node:path";

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

/** `blobs/{etag}`. */
export function blobPath(paths: RepoCachePaths, etag: string): string {
  return path.join(paths.blobs, etag);
}

/** `snapshots/{commit}/{path}`. */
export function snapshotFilePath(paths: RepoCachePaths, commit: string, pathInRepo: string): string {
  return path.join(paths.snapshots, commit, ...pathInRepo.split("/"));
}

/** `refs/{revision}` (a revision with `/` makes nested folders: `refs/refs/convert/parquet`). */
export function refPath(paths: RepoCachePaths, revision: string): string {
  return path.join(paths.refs, ...revision.split("/"));
}

/** `.no_exist/{commit}/{path}`: marker that the path does not exist at that commit. */
export function noExistPath(paths: RepoCachePaths, commit: string, pathInRepo: string): string {
  return path.join(paths.root, ".no_exist", commit, ...pathInRepo.split("/"));
}

/** `trees/{commit}.json`: huggingface_hub's cached recursive tree listing. */
export function treeCachePath(paths: RepoCachePaths, commit: string): string {
  return path.join(paths.root, "trees", `${commit}.json`);
}

/** Lock file of one blob (our own name, so it never collides with huggingface_hub's filelock files). */
export function blobLockPath(paths: RepoCachePaths, etag: string): string {
  return path.join(paths.locks, `${etag}.crucible.lock`);
}

/**
 * Normalizes an ETag as huggingface_hub does: drops a weak `W/` prefix and the quotes.
 * @param etag - Header value.
 */
export function normalizeEtag(etag: string | null | undefined): string | undefined {
  if (!etag) return undefined;
  return etag.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
}

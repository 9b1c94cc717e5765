import { InvalidArgumentError } from "@crucible/types";

const REPO_ID = /^(?:[A-Za-z0-9][\w.-]*\/)?[A-Za-z0-9][\w.-]*$/;

/**
 * Checks a dataset repo id (`namespace/name` or a legacy `name`) the way huggingface_hub does: letters, digits,
 * `-`, `_`, `.`; no `--` or `..`; at most 96 characters.
 * @throws InvalidArgumentError for anything else (including a `datasets/` prefix).
 */
export function validateRepoId(repo: string): string {
  if (!REPO_ID.test(repo) || repo.includes("--") || repo.includes("..") || repo.length > 96 || repo.endsWith(".")) {
    throw new InvalidArgumentError(`Invalid dataset repo id "${repo}"`, {
      hint: 'Use "namespace/name", e.g. "openai/gsm8k" (no "datasets/" prefix, no "--" or "..")',
    });
  }
  return repo;
}

/** True for a full 40-hex commit id. */
export function isCommitSha(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/**
 * Python's `urllib.parse.quote(text, safe)`: percent-encodes everything except letters, digits, `_.-~` and `safe`.
 * @param text - Text to encode.
 * @param safe - Characters kept as they are. Default: `/`.
 */
export function pyQuote(text: string, safe = "/"): string {
  let out = "";
  for (const ch of text) {
    if (/[A-Za-z0-9_.\-~]/.test(ch) || safe.includes(ch)) out += ch;
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** A revision as one URL path segment (`refs/convert/parquet` → `refs%2Fconvert%2Fparquet`). */
export function encodeRevision(revision: string): string {
  return pyQuote(revision, "");
}

/** `{endpoint}/api/datasets/{id}` or `…/revision/{rev}` (revision fully encoded). */
export function datasetInfoUrl(endpoint: string, repo: string, revision?: string): string {
  const base = `${endpoint}/api/datasets/${repo}`;
  return revision === undefined ? base : `${base}/revision/${encodeRevision(revision)}`;
}

/** `{endpoint}/api/datasets/{id}/tree/{rev}[/{path}]` with the path encoded as one segment (HFH style). */
export function treeUrl(endpoint: string, repo: string, revision: string, pathInRepo?: string): string {
  const p = pathInRepo ? `/${pyQuote(pathInRepo.replace(/^\/+|\/+$/g, ""), "")}` : "";
  return `${endpoint}/api/datasets/${repo}/tree/${encodeRevision(revision)}${p}`;
}

/** `{endpoint}/api/datasets/{id}/paths-info/{rev}`. */
export function pathsInfoUrl(endpoint: string, repo: string, revision: string): string {
  return `${endpoint}/api/datasets/${repo}/paths-info/${encodeRevision(revision)}`;
}

/** `{endpoint}/datasets/{id}/resolve/{rev}/{path}`: the file URL (`hf_hub_url`), path quoted with `/` kept. */
export function resolveUrl(endpoint: string, repo: string, revision: string, pathInRepo: string): string {
  return `${endpoint}/datasets/${repo}/resolve/${encodeRevision(revision)}/${pyQuote(pathInRepo)}`;
}

/**
 * Checks a path inside a repo: relative, `/`-separated, no `.`/`..` segments, no NUL.
 * @throws InvalidArgumentError otherwise.
 */
export function validatePathInRepo(pathInRepo: string): string {
  const parts = pathInRepo.split("/");
  if (
    pathInRepo === "" ||
    pathInRepo.includes("\0") ||
    pathInRepo.includes("\\") ||
    pathInRepo.startsWith("/") ||
    parts.some((p) => p === "" || p === "." || p === "..")
  ) {
    throw new InvalidArgumentError(`Invalid path in repo "${pathInRepo}"`, {
      file: pathInRepo,
      hint: "Use a relative path with '/' separators and no '.' or '..' segments",
    });
  }
  return pathInRepo;
}

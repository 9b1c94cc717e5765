import { type HubOptions, resolveHubConfig } from "../env/config.js";
import { requestJson } from "./json.js";
import { pathsInfoUrl, treeUrl, validateRepoId } from "./repo.js";
import { type RawTreeEntry, TreeEntryListSchema } from "./schemas.js";

/** A file or directory in a repo (tree listing / paths-info). */
export interface TreeEntry {
  /** `file` or `directory`. */
  type: "file" | "directory";
  /** Path from the repo root. */
  path: string;
  /** Size in bytes (0 for directories; the real size for LFS files). */
  size: number;
  /** git blob (or tree) sha1. */
  oid: string | undefined;
  /** LFS info: `oid` is the sha256 of the content. */
  lfs?: { oid: string; size: number };
  /** Last commit touching the entry (only with `expand`). */
  lastCommit?: { id: string; title?: string; date?: string };
}

/** Options of {@link listFiles}. */
export interface ListFilesOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
  /** Folder to list. Default: the repo root. */
  path?: string;
  /** List every descendant, not just direct children. Default: false. */
  recursive?: boolean;
  /** Add `lastCommit` to entries (slower on the Hub). Default: false. */
  expand?: boolean;
  /** Page size (`limit=`). Default: the server's (1000 on the Hub). */
  limit?: number;
}

/** Converts a validated raw entry to a TreeEntry. */
export function toTreeEntry(raw: RawTreeEntry): TreeEntry {
  return {
    type: raw.type === "file" ? "file" : "directory",
    path: raw.path,
    size: raw.size ?? 0,
    oid: raw.oid ?? undefined,
    ...(raw.lfs ? { lfs: { oid: raw.lfs.oid, size: raw.lfs.size } } : {}),
    ...(raw.lastCommit
      ? {
          lastCommit: {
            id: raw.lastCommit.id,
            ...(raw.lastCommit.title != null ? { title: raw.lastCommit.title } : {}),
            ...(raw.lastCommit.date != null ? { date: raw.lastCommit.date } : {}),
          },
        }
      : {}),
  };
}

/** The `rel="next"` URL of a `Link` header (absolute or relative to `base`), if any. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2] ?? "")) return new URL(m[1] ?? "", base).toString();
  }
  return undefined;
}

/**
 * Lists a repo folder: `GET /api/datasets/{id}/tree/{rev}[/{path}]?recursive=&expand=`, following
 * `Link: <…>; rel="next"` pages until there is none. The revision and path are URL-encoded as huggingface_hub does.
 * @throws EntryNotFoundError when the folder does not exist, RevisionNotFoundError, RepoNotFoundError.
 */
export async function* listFiles(repo: string, options: ListFilesOptions = {}): AsyncGenerator<TreeEntry> {
  validateRepoId(repo);
  const config = resolveHubConfig(options);
  const revision = options.revision ?? "main";
  const first = new URL(treeUrl(config.endpoint, repo, revision, options.path));
  first.searchParams.set("recursive", String(options.recursive ?? false));
  first.searchParams.set("expand", String(options.expand ?? false));
  if (options.limit !== undefined) first.searchParams.set("limit", String(options.limit));
  let url: string | undefined = first.toString();
  const context = { repo, revision, file: options.path };
  while (url !== undefined) {
    const { data, response } = await requestJson(config, url, TreeEntryListSchema, { context });
    for (const raw of data) yield toTreeEntry(raw);
    url = nextLink(response.headers.get("link"), url);
  }
}

/** Options of {@link pathsInfo}. */
export interface PathsInfoOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
  /** Add `lastCommit`. Default: false. */
  expand?: boolean;
}

/**
 * `POST /api/datasets/{id}/paths-info/{rev}` (JSON body): info about the given paths. Paths that do not exist
 * are left out of the answer, as on the Hub.
 */
export async function pathsInfo(repo: string, paths: string[], options: PathsInfoOptions = {}): Promise<TreeEntry[]> {
  validateRepoId(repo);
  const config = resolveHubConfig(options);
  const revision = options.revision ?? "main";
  const url = pathsInfoUrl(config.endpoint, repo, revision);
  const { data } = await requestJson(config, url, TreeEntryListSchema, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ paths, expand: options.expand ?? false }),
    context: { repo, revision },
  });
  return data.map(toTreeEntry);
}

import { HubError, OfflineCacheMissError } from "@crucible/types";
import { z } from "zod";
import { type HubConfig, type HubOptions, resolveHubConfig } from "../env/config.js";
import { repoCachePaths } from "../cache/layout.js";
import { readRef, writeRef } from "../cache/refs.js";
import { requestJson } from "./json.js";
import { datasetInfoUrl, isCommitSha, validateRepoId } from "./repo.js";

const ShaSchema = z.looseObject({ sha: z.string().nullish() });

/** Options of {@link resolveRevision}. */
export interface ResolveRevisionOptions extends HubOptions {
  /** Record `refs/{revision}` in the cache so offline runs can resolve it. Default: true. */
  writeRef?: boolean;
}

/** True for errors after which the cache may still answer (network, timeout, 5xx, 429). */
export function isTransientHubError(error: unknown): boolean {
  if (error instanceof HubError) return error.retryable;
  return (error as { code?: string } | null)?.code === "TIMEOUT";
}

/** {@link resolveRevision} with an already-resolved config. */
export async function resolveRevisionWithConfig(config: HubConfig, repo: string, revision: string, write = true): Promise<string> {
  if (isCommitSha(revision)) return revision;
  const paths = repoCachePaths(config.cacheDir, repo);
  if (config.offline) {
    const commit = await readRef(paths, revision);
    if (commit === undefined) {
      throw new OfflineCacheMissError(`Offline mode: revision "${revision}" of dataset ${repo} is not in the cache (no refs/${revision})`, {
        repo,
        revision,
      });
    }
    return commit;
  }
  const url = new URL(datasetInfoUrl(config.endpoint, repo, revision));
  url.searchParams.append("expand", "sha");
  let sha: string | null | undefined;
  try {
    ({
      data: { sha },
    } = await requestJson(config, url.toString(), ShaSchema, { context: { repo, revision } }));
  } catch (error) {
    const cached = isTransientHubError(error) ? await readRef(paths, revision) : undefined;
    if (cached !== undefined) return cached;
    throw error;
  }
  if (!sha || !isCommitSha(sha)) {
    throw new HubError("HUB_HTTP", `The Hub did not return a commit sha for ${repo}@${revision}`, { repo, revision });
  }
  if (write) await writeRef(paths, revision, sha);
  return sha;
}

/**
 * Resolves a branch, tag or `refs/...` name to its commit sha (`GET /api/datasets/{id}/revision/{rev}?expand=sha`,
 * revision URL-encoded). A 40-hex sha is returned as is, with no request. Offline (or when the Hub is unreachable
 * and the cache knows the revision) the answer comes from `refs/{revision}` in the cache. Call it once per load and
 * use the sha in every later call.
 * @param revision - Default: `main`.
 * @throws RevisionNotFoundError, RepoNotFoundError, OfflineCacheMissError.
 */
export async function resolveRevision(repo: string, revision = "main", options: ResolveRevisionOptions = {}): Promise<string> {
  validateRepoId(repo);
  return resolveRevisionWithConfig(resolveHubConfig(options), repo, revision, options.writeRef ?? true);
}

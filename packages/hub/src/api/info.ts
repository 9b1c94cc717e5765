import { type HubOptions, resolveHubConfig } from "../env/config.js";
import { requestJson } from "./json.js";
import { datasetInfoUrl, validateRepoId } from "./repo.js";
import { type DatasetInfoResponse, DatasetInfoSchema } from "./schemas.js";

/** One file of a dataset (from `siblings`). */
export interface Sibling {
  /** Path in the repo. */
  rfilename: string;
  /** Size in bytes (only with `blobs: true`). */
  size?: number;
  /** git blob id (only with `blobs: true`). */
  blobId?: string;
  /** LFS info (only with `blobs: true`, only for LFS files). */
  lfs?: { sha256: string; size: number };
}

/** Dataset repo metadata. Unknown fields of the Hub's answer are kept in `raw`. */
export interface HubDatasetInfo {
  /** Repo id as the Hub spells it. */
  id: string;
  /** Commit the revision resolved to (undefined if the server did not say). */
  sha: string | undefined;
  /** Files at that commit (the Hub caps this list near 100k; use listFiles for complete lists). */
  siblings: Sibling[];
  /** README YAML front matter as JSON, if any. */
  cardData?: Record<string, unknown>;
  /** Private repo. */
  private?: boolean;
  /** `false`, `"auto"` or `"manual"`. */
  gated?: boolean | string;
  /** Last modification date (ISO). */
  lastModified?: string;
  /** Tags. */
  tags?: string[];
  /** The whole validated answer. */
  raw: DatasetInfoResponse;
}

/** Options of {@link datasetInfo}. */
export interface DatasetInfoOptions extends HubOptions {
  /** Branch, tag or commit. Default: none (the Hub's default branch, route without `/revision/`). */
  revision?: string;
  /** Ask for sizes and LFS hashes of siblings (`blobs=true`). Default: false. */
  blobs?: boolean;
  /** Only these properties (`expand=`). Cannot be combined with `blobs`. Default: all. */
  expand?: string[];
}

/**
 * `GET /api/datasets/{id}[/revision/{rev}]`: repo metadata, including the commit `sha` the revision points at.
 * @throws RepoNotFoundError, RevisionNotFoundError, GatedRepoError, HubError.
 */
export async function datasetInfo(repo: string, options: DatasetInfoOptions = {}): Promise<HubDatasetInfo> {
  validateRepoId(repo);
  const config = resolveHubConfig(options);
  const url = new URL(datasetInfoUrl(config.endpoint, repo, options.revision));
  if (options.blobs) url.searchParams.set("blobs", "true");
  for (const e of options.expand ?? []) url.searchParams.append("expand", e);
  const { data } = await requestJson(config, url.toString(), DatasetInfoSchema, {
    context: { repo, revision: options.revision },
  });
  return {
    id: data.id,
    sha: data.sha ?? undefined,
    siblings: (data.siblings ?? []).map((s) => ({
      rfilename: s.rfilename,
      ...(s.size != null ? { size: s.size } : {}),
      ...(s.blobId != null ? { blobId: s.blobId } : {}),
      ...(s.lfs ? { lfs: { sha256: s.lfs.sha256, size: s.lfs.size } } : {}),
    })),
    ...(data.cardData ? { cardData: data.cardData } : {}),
    ...(data.private != null ? { private: data.private } : {}),
    ...(data.gated != null ? { gated: data.gated } : {}),
    ...(data.lastModified != null ? { lastModified: data.lastModified } : {}),
    ...(data.tags != null ? { tags: data.tags } : {}),
    raw: data,
  };
}

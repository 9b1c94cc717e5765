import { writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { HubError } from "@crucible/types";
import type { HubConfig } from "../env/config.js";
import { resolveUrl } from "../api/repo.js";
import { hubRequest } from "../http/client.js";
import { hubErrorFromResponse, redactUrl } from "../http/errors.js";
import { noExistPath, normalizeEtag, repoCachePaths } from "../cache/layout.js";
import { writeRef } from "../cache/refs.js";

/** What a HEAD on the resolve URL says about a file. */
export interface FileMetadata {
  /** Commit the revision resolved to (`X-Repo-Commit`). */
  commit: string;
  /** Normalized ETag: sha256 for LFS files, git blob sha1 otherwise (`X-Linked-Etag` preferred). */
  etag: string;
  /** Size in bytes (`X-Linked-Size` preferred, else `Content-Length` of a non-redirect). */
  size: number;
  /** Where to GET the bytes (the resolve URL, or a redirect target on another host). */
  location: string;
}

/**
 * `HEAD {endpoint}/datasets/{id}/resolve/{rev}/{path}` with `Accept-Encoding: identity`, following same-host
 * redirects by hand and stopping at a redirect to another host that carries the `X-Linked-*` headers (as
 * huggingface_hub 1.x does). A 404 EntryNotFound with `X-Repo-Commit` leaves a `.no_exist/{commit}/{path}` marker.
 * @throws EntryNotFoundError, RepoNotFoundError, GatedRepoError, RevisionNotFoundError, HubError.
 */
export async function getFileMetadata(config: HubConfig, repo: string, pathInRepo: string, revision: string): Promise<FileMetadata> {
  const context = { repo, revision, file: pathInRepo };
  let url = resolveUrl(config.endpoint, repo, revision, pathInRepo);
  const origin = new URL(url).hostname;
  for (let hop = 0; hop < 10; hop++) {
    const response = await hubRequest(config, url, {
      method: "HEAD",
      headers: { "accept-encoding": "identity" },
      redirect: "manual",
      context,
      auth: new URL(url).hostname === origin,
      passStatus: (s) => s === 404,
    });
    const h = response.headers;
    if (response.status === 404) {
      const commit = h.get("x-repo-commit");
      if (h.get("x-error-code") === "EntryNotFound" && commit && /^[0-9a-f]{40}$/.test(commit)) {
        const marker = noExistPath(repoCachePaths(config.cacheDir, repo), commit, pathInRepo);
        await mkdir(path.dirname(marker), { recursive: true })
          .then(() => writeFile(marker, ""))
          .catch(() => undefined);
        await writeRef(repoCachePaths(config.cacheDir, repo), revision, commit).catch(() => undefined);
      }
      throw hubErrorFromResponse(404, h, "", url, context);
    }
    const isRedirect = response.status >= 300 && response.status < 400;
    const location = h.get("location");
    if (isRedirect && location) {
      const next = new URL(location, url).toString();
      const linked = h.get("x-linked-etag") !== null && h.get("x-linked-size") !== null && h.get("x-repo-commit") !== null;
      if (!(linked && new URL(next).hostname !== new URL(url).hostname)) {
        url = next;
        continue;
      }
      return finish(h, next, false, url, context);
    }
    return finish(h, url, true, url, context);
  }
  throw new HubError("HUB_HTTP", `Too many redirects for ${redactUrl(url)}`, { ...context, url });
}

function finish(
  h: Headers,
  location: string,
  allowContentLength: boolean,
  url: string,
  context: { repo: string; revision: string; file: string },
): FileMetadata {
  const commit = h.get("x-repo-commit");
  const etag = normalizeEtag(h.get("x-linked-etag") ?? h.get("etag"));
  const sizeText = h.get("x-linked-size") ?? (allowContentLength ? h.get("content-length") : null);
  if (!commit) {
    throw new HubError(
      "HUB_HTTP",
      `The response for ${redactUrl(url)} has no X-Repo-Commit header, so it does not come from a Hugging Face Hub endpoint`,
      {
        ...context,
        url,
        hint: "Check HF_ENDPOINT",
      },
    );
  }
  if (!/^[0-9a-f]{40}$/.test(commit)) {
    throw new HubError("HUB_HTTP", `X-Repo-Commit is not a commit sha for ${redactUrl(url)}`, { ...context, url });
  }
  if (!etag) throw new HubError("HUB_HTTP", `No ETag for ${redactUrl(url)}`, { ...context, url });
  if (sizeText === null || !/^\d+$/.test(sizeText)) {
    throw new HubError("HUB_HTTP", `No file size for ${redactUrl(url)}`, { ...context, url });
  }
  return { commit, etag, size: Number(sizeText), location };
}

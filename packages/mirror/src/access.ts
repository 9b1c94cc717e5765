import type { RepoFlags } from "./api.js";
import type { RepoAccess } from "./types.js";

/** Why a request was refused. */
export interface AccessDenied {
  status: 401 | 403 | 404;
  code: "RepoNotFound" | "GatedRepo";
  message: string;
}

/**
 * Gated and private repos, answered as the Hub does (the statuses and `X-Error-Code` values that `huggingface_hub`
 * maps to its errors in `utils/_http.py`). Private: no token → 401 RepoNotFound, a token that is not granted → 404
 * RepoNotFound (like a missing repo). Gated: metadata is public; files need a granted token
 * (none → 401 GatedRepo, not granted → 403 GatedRepo). Messages never contain the token.
 */
export class AccessPolicy {
  /**
   * @param repos - Rules per repo id; repos not listed are public.
   * @param publicUrl - Base URL used in "ask for access" messages.
   */
  constructor(
    private readonly repos: Record<string, RepoAccess>,
    private readonly publicUrl: () => string,
  ) {}

  /**
   * Check one request.
   * @param repoId - `org/name`.
   * @param token - Bearer token sent, if any.
   * @param forFile - True for file contents (resolve/raw), false for metadata (info, tree, paths-info).
   * @returns undefined when allowed.
   */
  check(repoId: string, token: string | undefined, forFile: boolean): AccessDenied | undefined {
    const acc = this.repos[repoId];
    if (!acc) return undefined;
    const granted = token !== undefined && acc.tokens.includes(token);
    if (acc.private && !granted) {
      return { status: token === undefined ? 401 : 404, code: "RepoNotFound", message: "Repository not found" };
    }
    if (acc.gated && forFile && !granted) {
      return token === undefined
        ? {
            status: 401,
            code: "GatedRepo",
            message: `Access to dataset ${repoId} is restricted. You must be authenticated to access it.`,
          }
        : {
            status: 403,
            code: "GatedRepo",
            message: `Access to dataset ${repoId} is restricted and you are not in the authorized list. Visit ${this.publicUrl()}/datasets/${repoId} to ask for access.`,
          };
    }
    return undefined;
  }

  /** The `private`/`gated` fields of a repo's info. */
  flags(repoId: string): RepoFlags {
    const acc = this.repos[repoId];
    return { private: acc?.private === true, gated: acc?.gated ? "manual" : false };
  }
}

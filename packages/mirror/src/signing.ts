import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Signs CDN URLs of the redirect mode with a per-process random key (so they need no token). */
export class UrlSigner {
  private readonly key = randomBytes(32);

  /** Signature (32 hex) of one file at one commit. */
  sign(repoId: string, commit: string, filePath: string): string {
    return createHmac("sha256", this.key).update(`${repoId}\n${commit}\n${filePath}`).digest("hex").slice(0, 32);
  }

  /** True when `sig` is the signature of that file (constant-time compare). */
  verify(sig: string, repoId: string, commit: string, filePath: string): boolean {
    const expected = this.sign(repoId, commit, filePath);
    return sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
  }
}

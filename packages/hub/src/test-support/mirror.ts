import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, type MirrorOptions, startMirror } from "@crucible/mirror";

/** A running mirror plus the Hub options that point a client at it with a fresh, private cache. */
export interface MirrorHarness {
  /** The mirror (stats, faults, close). */
  mirror: Mirror;
  /** Options for every hub call: `endpoint`, an empty `cacheDir`, no token, no retries delay. */
  options: { endpoint: string; cacheDir: string; token: false; retryBaseMs: number; retryMaxMs: number; progress: false };
  /** Stops the mirror and deletes the cache. */
  close(): Promise<void>;
}

/**
 * Starts `@crucible/mirror` over `root` on a free 127.0.0.1 port, with a temp HF cache for the client.
 * Use in tests: `const h = await startMirrorHarness(root); … await h.close();`.
 */
export async function startMirrorHarness(root: string, extra: Partial<MirrorOptions> = {}): Promise<MirrorHarness> {
  const mirror = await startMirror({ root, ...extra });
  const cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-hub-cache-"));
  let closed = false;
  return {
    mirror,
    options: { endpoint: mirror.url, cacheDir, token: false, retryBaseMs: 10, retryMaxMs: 50, progress: false },
    async close() {
      if (!closed) {
        closed = true;
        await mirror.close().catch(() => undefined);
      }
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, type MirrorOptions, startMirror } from "@crucible/mirror";

/** A running mirror plus the Hub options that point a client at it with a fresh, private cache. */
export interface MirrorHarness {
  /** The mirror (stats, faults, close). */
  mirror: Mirror;
  /** Options for every hub call: `endpoint`, an empty `cacheDir` and `processedDir`, no token, short retry delays. */
  options: { endpoint: string; cacheDir: string; processedDir: string; token: false; retryBaseMs: number; retryMaxMs: number; progress: false };
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
  const processedDir = mkdtempSync(path.join(tmpdir(), "crucible-processed-"));
  let closed = false;
  return {
    mirror,
    options: { endpoint: mirror.url, cacheDir, processedDir, token: false, retryBaseMs: 10, retryMaxMs: 50, progress: false },
    async close() {
      if (!closed) {
        closed = true;
        await mirror.close().catch(() => undefined);
      }
      rmSync(cacheDir, { recursive: true, force: true });
      rmSync(processedDir, { recursive: true, force: true });
    },
  };
}

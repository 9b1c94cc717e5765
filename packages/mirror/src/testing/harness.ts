import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMirror } from "../server.js";
import type { Mirror, MirrorOptions } from "../types.js";

/** A running mirror plus the options that point a `@crucible/hub` client at it with a fresh, private cache. */
export interface MirrorHarness {
  /** The mirror (stats, faults, close). */
  mirror: Mirror;
  /** Options for every hub call: `endpoint`, an empty `cacheDir` and `processedDir`, no token, short retry delays. */
  options: {
    endpoint: string;
    cacheDir: string;
    processedDir: string;
    token: false;
    retryBaseMs: number;
    retryMaxMs: number;
    progress: false;
  };
  /** Stops the mirror and deletes both caches (safe to call twice). */
  close(): Promise<void>;
}

/**
 * Starts the mirror over `root` on a free 127.0.0.1 port, with temp cache folders for the client.
 * Use in tests: `const h = await startMirrorHarness(root); … await h.close();`.
 * @param extra - More mirror options (faults, access rules, …); none by default.
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

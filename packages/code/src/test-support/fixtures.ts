/** Test-only helpers: fixture Hub repos and a mirror over them. Not exported from the package. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, startMirror } from "@crucible/mirror";
import { parquetWriteBuffer } from "hyparquet-writer";

/** A Parquet file of string columns (null allowed). */
export function stringParquet(columns: Record<string, Array<string | null>>): Uint8Array {
  const columnData = Object.entries(columns).map(([name, data]) => ({ name, data, type: "STRING" as const }));
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/** Writes `<root>/datasets/<repo>/<file>` for each file. */
export function writeRepo(root: string, repo: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, "datasets", ...repo.split("/"), ...rel.split("/"));
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** A mirror over `root` plus hub options with a private temp cache. */
export interface Harness {
  hub: { endpoint: string; cacheDir: string; processedDir: string; token: false; progress: false };
  mirror: Mirror;
  close(): Promise<void>;
}

/** Starts the mirror on a free 127.0.0.1 port with fresh `cacheDir`/`processedDir`. */
export async function startHarness(root: string): Promise<Harness> {
  const mirror = await startMirror({ root });
  const cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-code-cache-"));
  const processedDir = mkdtempSync(path.join(tmpdir(), "crucible-code-processed-"));
  return {
    mirror,
    hub: { endpoint: mirror.url, cacheDir, processedDir, token: false, progress: false },
    async close() {
      await mirror.close().catch(() => undefined);
      rmSync(cacheDir, { recursive: true, force: true });
      rmSync(processedDir, { recursive: true, force: true });
    },
  };
}

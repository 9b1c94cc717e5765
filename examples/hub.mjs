// Where the examples get their data: the Hub at HF_ENDPOINT when it is set, else the sample hub bundled with
// @crucible/datasets, served on 127.0.0.1 by the in-process mirror. The cache is a temp dir removed at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleHubRoot } from "@crucible/datasets";
import { startMirror } from "@crucible/mirror";

/** Runs `main(hubOptions)` against the sample hub (or HF_ENDPOINT), then cleans up. */
export async function withHub(main) {
  const work = mkdtempSync(join(tmpdir(), "crucible-example-"));
  const mirror = process.env.HF_ENDPOINT ? undefined : await startMirror({ root: sampleHubRoot() });
  const hub = {
    endpoint: process.env.HF_ENDPOINT ?? mirror.url,
    cacheDir: join(work, "hub"),
    processedDir: join(work, "crucible"),
    progress: false,
  };
  if (mirror) hub.token = false;
  try {
    await main(hub);
  } finally {
    await mirror?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Throws when a claim of the example does not hold, so CI notices. */
export function check(ok, what) {
  if (!ok) throw new Error(`example check failed: ${what}`);
}

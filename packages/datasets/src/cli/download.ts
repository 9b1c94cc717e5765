import { snapshotDownload } from "@crucible/hub";
import type { CliHubOptions, CliIO } from "./context.js";
import { progressBars } from "./progress.js";

/**
 * `crucible download <name|repo>`: downloads the repo (or the files matching `--include`, plus README.md and
 * `.huggingface.yaml` so configs resolve offline) into the HF cache and prints the snapshot folder. Progress bars go
 * to stderr, and only when it is a terminal.
 * @param repo - A Hub repo id (the CLI maps registered names to their repo first).
 * @returns The snapshot folder.
 */
export async function downloadCommand(
  repo: string,
  flags: { include?: string[]; exclude?: string[]; revision?: string },
  hub: CliHubOptions,
  io: CliIO,
): Promise<string> {
  const progress = progressBars(io, hub);
  try {
    const dir = await snapshotDownload(repo, {
      ...hub,
      ...(flags.revision ? { revision: flags.revision } : {}),
      // The card always comes along: config resolution (and so an offline load) needs README.md.
      ...(flags.include?.length ? { include: [...flags.include, "README.md", ".huggingface.yaml"] } : {}),
      ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
    io.stdout.write(`${dir}\n`);
    return dir;
  } finally {
    progress.stop();
  }
}

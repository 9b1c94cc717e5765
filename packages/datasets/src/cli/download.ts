import { snapshotDownload } from "@crucible/hub";
import cliProgress from "cli-progress";
import type { CliHubOptions, CliIO } from "./context.js";

/**
 * `crucible download <repo>`: downloads the repo (or the files matching `--include`, plus README.md and
 * `.huggingface.yaml` so configs resolve offline) into the HF cache and prints the snapshot folder. Progress bars go to stderr, and only when it is a terminal.
 * @returns The snapshot folder.
 */
export async function downloadCommand(repo: string, flags: { include?: string[]; exclude?: string[]; revision?: string }, hub: CliHubOptions, io: CliIO): Promise<string> {
  const tty = Boolean(io.stderr.isTTY) && hub.progress !== false;
  const multibar = tty
    ? new cliProgress.MultiBar(
        { stream: io.stderr as NodeJS.WritableStream, format: "{bar} {percentage}% | {file}", hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  try {
    const dir = await snapshotDownload(repo, {
      ...hub,
      ...(flags.revision ? { revision: flags.revision } : {}),
      // The card always comes along: config resolution (and so an offline load) needs README.md.
      ...(flags.include?.length ? { include: [...flags.include, "README.md", ".huggingface.yaml"] } : {}),
      ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
      ...(multibar
        ? {
            onProgress: (e: { type: string; file: string; bytes: number; total: number | undefined }) => {
              let bar = bars.get(e.file);
              if (!bar) {
                bar = multibar.create(e.total ?? 0, 0, { file: e.file });
                bars.set(e.file, bar);
              }
              if (e.total !== undefined) bar.setTotal(e.total);
              bar.update(e.bytes, { file: e.file });
            },
          }
        : {}),
    });
    io.stdout.write(`${dir}\n`);
    return dir;
  } finally {
    multibar?.stop();
  }
}

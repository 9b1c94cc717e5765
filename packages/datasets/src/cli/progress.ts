import cliProgress from "cli-progress";
import type { ProgressEvent } from "@crucible/hub";
import type { CliHubOptions, CliIO } from "./context.js";

/** Download progress bars on stderr, or nothing. */
export interface Progress {
  /** Pass as the Hub option `onProgress`; undefined when no bars are drawn. */
  onProgress: ((event: ProgressEvent) => void) | undefined;
  /** Removes the bars' cursor handling; call when the command ends. */
  stop(): void;
}

/**
 * One bar per downloaded file, on stderr, only when stderr is a terminal and progress is not disabled
 * (`HF_HUB_DISABLE_PROGRESS_BARS`); quiet when piped.
 */
export function progressBars(io: CliIO, hub: CliHubOptions): Progress {
  if (!io.stderr.isTTY || hub.progress === false) return { onProgress: undefined, stop: () => undefined };
  const multibar = new cliProgress.MultiBar(
    { stream: io.stderr as NodeJS.WritableStream, format: "{bar} {percentage}% | {file}", hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress: (e) => {
      let bar = bars.get(e.file);
      if (!bar) {
        bar = multibar.create(e.total ?? 0, 0, { file: e.file });
        bars.set(e.file, bar);
      }
      if (e.total !== undefined) bar.setTotal(e.total);
      bar.update(e.bytes, { file: e.file });
    },
    stop: () => multibar.stop(),
  };
}

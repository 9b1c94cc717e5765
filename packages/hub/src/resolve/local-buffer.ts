import { open } from "node:fs/promises";
import type { AsyncBuffer } from "hyparquet";

/**
 * An AsyncBuffer over a local file (positional reads, no whole-file load). Deprecated inside hub: use core's
 * `asyncBufferFromFile`, which raises a typed error on a short read; only the offline stream path still uses this.
 * @internal
 */
export async function asyncBufferFromPath(file: string): Promise<AsyncBuffer & { close(): Promise<void> }> {
  const handle = await open(file, "r");
  const { size } = await handle.stat();
  return {
    byteLength: size,
    close: () => handle.close(),
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const out = new Uint8Array(Math.max(0, end - start));
      let at = 0;
      while (at < out.length) {
        const { bytesRead } = await handle.read(out, at, out.length - at, start + at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return out.buffer;
    },
  };
}

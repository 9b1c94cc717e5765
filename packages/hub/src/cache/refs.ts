import { readFile } from "node:fs/promises";
import { atomicWrite } from "./atomic.js";
import { type RepoCachePaths, refPath } from "./layout.js";

/** Reads `refs/{revision}` (the commit it pointed at when last seen online); undefined when absent. */
export async function readRef(paths: RepoCachePaths, revision: string): Promise<string | undefined> {
  const file = refPath(paths, revision); // throws on a revision that is not a safe relative path
  try {
    const text = (await readFile(file, "utf8")).trim();
    return /^[0-9a-f]{40}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `refs/{revision}` = `commit` with no trailing newline, atomically, and only when the revision is not the
 * commit itself (huggingface_hub's rule). Skips the write when the content is already right.
 */
export async function writeRef(paths: RepoCachePaths, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  if ((await readRef(paths, revision)) === commit) return;
  await atomicWrite(refPath(paths, revision), commit);
}

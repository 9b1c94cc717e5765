import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file is packages/core/src/readers/__tests__/helpers.ts). */
export const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../../..");
/**
 * The optional shared sample data: `$CRUCIBLE_SHARED_DIR`, which crucible's vitest preset sets (default `../shared`
 * beside the repository). Other packages use `sharedData()` of `@crucible/mirror/testing`; core sits below mirror.
 */
export const sharedDir = process.env.CRUCIBLE_SHARED_DIR ?? "";
/** The parquet corpus folder. */
export const corpusDir = sharedDir ? join(sharedDir, "parquet-corpus") : "";
/** True when the parquet corpus is present. */
export const hasCorpus = corpusDir !== "" && existsSync(corpusDir);

/** Makes a temp dir and returns it with a cleanup function. */
export async function tempDir(prefix = "crucible-io-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Collects every row of an async batch generator. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) for (const row of batch) out.push(row);
  return out;
}

/** Runs `fn` and returns what it threw (fails when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

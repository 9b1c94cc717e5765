/** JSONL export: one JSON object per line. */
import type { ExportableResult } from "./common.js";

/**
 * Renders results as JSON Lines, one result per line (with items when present). BigInts become strings.
 * @param results - Results.
 * @returns The text, each line ending with `\n`.
 */
export function toJsonl(results: readonly ExportableResult[]): string {
  return results.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) + "\n").join("");
}

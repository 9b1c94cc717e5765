import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";

/** Files of a fixture repo: repo path → content (string or bytes). */
export type FixtureFiles = Record<string, string | Uint8Array>;

/**
 * Writes a fixture dataset repo laid out like the Hub (`<root>/datasets/<org>/<name>/…`), ready for
 * {@link startMirrorHarness} or `startMirror({ root })` to serve.
 * @param root - The mirror root (created if needed); when `undefined`, a new temp folder.
 * @param repo - Repo id `org/name`.
 * @param files - Files to write, e.g. `{ "README.md": "---\nconfigs: …", "data/train-00000-of-00001.parquet": bytes }`.
 * @returns The mirror root.
 */
export function writeFixtureRepo(root: string | undefined, repo: string, files: FixtureFiles): string {
  const base = root ?? mkdtempSync(path.join(tmpdir(), "crucible-hub-fixture-"));
  const dir = path.join(base, "datasets", ...repo.split("/"));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, ...rel.split("/"));
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return base;
}

/**
 * A flat Parquet file from column arrays: all-string columns as STRING, all-integer columns as INT64, other
 * all-number columns as DOUBLE, anything else as JSON text in a STRING column.
 * @param kvMetadata - Footer key-value metadata (see {@link hfMetadata}); none by default.
 */
export function flatParquet(columns: Record<string, unknown[]>, kvMetadata?: Array<{ key: string; value: string }>): Uint8Array {
  const columnData = Object.entries(columns).map(([name, values]) => {
    if (values.every((v) => typeof v === "string")) return { name, data: values as string[], type: "STRING" as const };
    if (values.every((v) => typeof v === "number" && Number.isInteger(v)))
      return { name, data: BigInt64Array.from(values as number[], (v) => BigInt(v)), type: "INT64" as const };
    if (values.every((v) => typeof v === "number")) return { name, data: Float64Array.from(values as number[]), type: "DOUBLE" as const };
    return { name, data: values.map((v) => JSON.stringify(v)), type: "STRING" as const };
  });
  const opts: Parameters<typeof parquetWriteBuffer>[0] = { columnData };
  if (kvMetadata) opts.kvMetadata = kvMetadata;
  return new Uint8Array(parquetWriteBuffer(opts));
}

/** The `huggingface` footer metadata Python `datasets` writes, for a features object in HF JSON form. */
export function hfMetadata(features: Record<string, unknown>): Array<{ key: string; value: string }> {
  return [{ key: "huggingface", value: JSON.stringify({ info: { features } }) }];
}

/** JSON Lines bytes for rows (one `JSON.stringify` per line, trailing newline); gzipped when `gzip` (default false). */
export function jsonl(rows: unknown[], gzip = false): Uint8Array {
  const text = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const bytes = new TextEncoder().encode(text);
  return gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
}

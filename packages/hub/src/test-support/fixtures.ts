import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { AsyncBuffer } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";

/** Parquet schema element list for a `{ id: int64, messages: list<struct<role, content>> }` chat file. */
export const CHAT_SCHEMA = [
  { name: "root", num_children: 2 },
  { name: "id", type: "INT64", repetition_type: "REQUIRED" },
  { name: "messages", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
  { name: "role", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "content", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
] as const;

/** Deterministic, poorly compressible text of `words` words (an LCG over a small vocabulary). */
export function pseudoText(seed: number, words: number): string {
  let x = (seed * 2654435761 + 12345) >>> 0;
  const out: string[] = [];
  for (let k = 0; k < words; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(((x >>> 8) % 1000003).toString(36));
  }
  return out.join(" ");
}

/** The chat row `i` of {@link chatParquet} (deterministic). */
export function chatRow(i: number, contentRepeat = 20): { id: number; messages: Array<{ role: string; content: string }> } {
  return {
    id: i,
    messages: Array.from({ length: (i % 3) + 1 }, (_, j) => ({ role: j % 2 ? "assistant" : "user", content: pseudoText(i * 7 + j, contentRepeat) })),
  };
}

/** Writes a chat Parquet file (nested list<struct>) with many small pages. */
export function chatParquet(rows: number, options: { pageSize?: number; rowGroupSize?: number; contentRepeat?: number; offsetIndex?: boolean } = {}): Uint8Array {
  const data = Array.from({ length: rows }, (_, i) => chatRow(i, options.contentRepeat));
  const buf = parquetWriteBuffer({
    schema: CHAT_SCHEMA as unknown as Parameters<typeof parquetWriteBuffer>[0]["schema"],
    columnData: [
      { name: "id", data: BigInt64Array.from(data, (r) => BigInt(r.id)), offsetIndex: options.offsetIndex ?? false },
      { name: "messages", data: data.map((r) => r.messages), offsetIndex: options.offsetIndex ?? false },
    ],
    pageSize: options.pageSize ?? 4096,
    rowGroupSize: options.rowGroupSize ?? rows,
    codec: "SNAPPY",
  });
  return new Uint8Array(buf);
}

/** A flat Parquet file from column arrays (string columns as STRING, numbers as DOUBLE/INT64 by type). */
export function flatParquet(columns: Record<string, unknown[]>, kvMetadata?: Array<{ key: string; value: string }>): Uint8Array {
  const columnData = Object.entries(columns).map(([name, values]) => {
    if (values.every((v) => typeof v === "string")) return { name, data: values as string[], type: "STRING" as const };
    if (values.every((v) => typeof v === "number" && Number.isInteger(v))) return { name, data: BigInt64Array.from(values as number[], (v) => BigInt(v)), type: "INT64" as const };
    if (values.every((v) => typeof v === "number")) return { name, data: Float64Array.from(values as number[]), type: "DOUBLE" as const };
    return { name, data: values.map((v) => JSON.stringify(v)), type: "STRING" as const };
  });
  const opts: Parameters<typeof parquetWriteBuffer>[0] = { columnData };
  if (kvMetadata) opts.kvMetadata = kvMetadata;
  return new Uint8Array(parquetWriteBuffer(opts));
}

/** The `huggingface` key-value metadata Python `datasets` writes, for a features object in HF JSON form. */
export function hfMetadata(features: Record<string, unknown>): Array<{ key: string; value: string }> {
  return [{ key: "huggingface", value: JSON.stringify({ info: { features } }) }];
}

/** JSON Lines bytes for rows, optionally gzipped. */
export function jsonl(rows: unknown[], gzip = false): Uint8Array {
  const text = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const bytes = new TextEncoder().encode(text);
  return gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
}

/** Files of a fixture repo: path → content (string or bytes). */
export type FixtureFiles = Record<string, string | Uint8Array>;

/**
 * Writes a fixture repo laid out like the Hub (`<root>/datasets/<org>/<name>/…`) so the mirror can serve it.
 * @param root - The mirror root (created if needed; a temp dir when omitted).
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

/** An in-memory AsyncBuffer that counts the bytes and requests it serves. */
export function countingBuffer(bytes: Uint8Array): AsyncBuffer & { bytesRead: number; requests: number } {
  const state = {
    byteLength: bytes.byteLength,
    bytesRead: 0,
    requests: 0,
    slice(start: number, end?: number): ArrayBuffer {
      const e = end ?? bytes.byteLength;
      state.bytesRead += e - start;
      state.requests += 1;
      return bytes.slice(start, e).buffer;
    },
  };
  return state;
}

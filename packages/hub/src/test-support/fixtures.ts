import { parquetWriteBuffer } from "hyparquet-writer";

export { type FixtureFiles, flatParquet, hfMetadata, jsonl, writeFixtureRepo } from "@crucible/mirror/testing";

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
    messages: Array.from({ length: (i % 3) + 1 }, (_, j) => ({
      role: j % 2 ? "assistant" : "user",
      content: pseudoText(i * 7 + j, contentRepeat),
    })),
  };
}

/** Writes a chat Parquet file (nested list<struct>) with many small pages. */
export function chatParquet(
  rows: number,
  options: { pageSize?: number; rowGroupSize?: number; contentRepeat?: number; offsetIndex?: boolean } = {},
): Uint8Array {
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

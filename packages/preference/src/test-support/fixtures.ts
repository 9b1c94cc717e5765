/**
 * Test-only builders for fixture Hub repos (JSONL.gz via zlib, Parquet via hyparquet-writer, nested columns too).
 * @internal
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";

/** JSON Lines bytes for rows, gzipped when `gzip` (default false). */
export function jsonl(rows: unknown[], gzip = false): Uint8Array {
  const bytes = new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
}

/** A Parquet column: flat strings / doubles / int64, or `messages` = list<struct<content: string, role: string>>. */
export type FixtureColumn = { name: string; kind: "string" | "double" | "int64" | "messages"; data: unknown[] };

const utf8 = (name: string) => ({
  name,
  type: "BYTE_ARRAY" as const,
  converted_type: "UTF8" as const,
  repetition_type: "OPTIONAL" as const,
});

/** A Parquet file (the schema Python `datasets` writes for these kinds) from columns of equal length. */
export function parquet(columns: FixtureColumn[]): Uint8Array {
  const schema: Parameters<typeof parquetWriteBuffer>[0]["schema"] = [{ name: "root", num_children: columns.length }];
  for (const c of columns) {
    if (c.kind === "string") schema.push(utf8(c.name));
    else if (c.kind === "double") schema.push({ name: c.name, type: "DOUBLE", repetition_type: "OPTIONAL" });
    else if (c.kind === "int64") schema.push({ name: c.name, type: "INT64", repetition_type: "OPTIONAL" });
    else {
      schema.push(
        { name: c.name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
        utf8("content"),
        utf8("role"),
      );
    }
  }
  const columnData = columns.map((c) => ({
    name: c.name,
    data:
      c.kind === "int64"
        ? BigInt64Array.from(c.data as number[], (v) => BigInt(v))
        : c.kind === "double"
          ? Float64Array.from(c.data as number[])
          : c.data,
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema }));
}

/** Writes `<root>/datasets/<repo>/<file>` for each file, the layout @crucible/mirror serves. */
export function writeRepo(root: string, repo: string, files: Record<string, string | Uint8Array>): void {
  const dir = path.join(root, "datasets", ...repo.split("/"));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, ...rel.split("/"));
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

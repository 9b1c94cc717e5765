/**
 * Test-only builders of tiny Hub repos with the real chat schemas (Parquet via hyparquet-writer), served by
 * @crucible/mirror in the tests.
 * @internal
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";

type Writer = Parameters<typeof parquetWriteBuffer>[0];
type SchemaElement = Writer["schema"] extends (infer E)[] | undefined ? E : never;

const str = (name: string): SchemaElement =>
  ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" }) as SchemaElement;

/** `name: list<struct<a: string, b: string>>` schema elements. */
function listOfStruct(name: string, a: string, b: string): SchemaElement[] {
  return [
    { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
    str(a),
    str(b),
  ] as SchemaElement[];
}

/** A chat message cell as written (null fields allowed, to build bad rows). */
export type Cell = Array<Record<string, string | null>> | null;

/** tulu-3-sft-mixture: `id: string, messages: list<{content, role}>, source: string`. */
export function tuluParquet(rows: Array<{ id: string; messages: Cell; source: string }>): Uint8Array {
  return write(
    [{ name: "root", num_children: 3 } as SchemaElement, str("id"), ...listOfStruct("messages", "content", "role"), str("source")],
    [
      { name: "id", data: rows.map((r) => r.id) },
      { name: "messages", data: rows.map((r) => r.messages) },
      { name: "source", data: rows.map((r) => r.source) },
    ],
  );
}

/** no_robots: `prompt, prompt_id: string, messages: list<{content, role}>, category: string`. */
export function noRobotsParquet(rows: Array<{ prompt: string; prompt_id: string; messages: Cell; category: string }>): Uint8Array {
  return write(
    [
      { name: "root", num_children: 4 } as SchemaElement,
      str("prompt"),
      str("prompt_id"),
      ...listOfStruct("messages", "content", "role"),
      str("category"),
    ],
    [
      { name: "prompt", data: rows.map((r) => r.prompt) },
      { name: "prompt_id", data: rows.map((r) => r.prompt_id) },
      { name: "messages", data: rows.map((r) => r.messages) },
      { name: "category", data: rows.map((r) => r.category) },
    ],
  );
}

/** OpenThoughts3: `difficulty: int64, source, domain: string, conversations: list<{from, value}>`. */
export function openThoughtsParquet(rows: Array<{ difficulty: number; source: string; domain: string; conversations: Cell }>): Uint8Array {
  return write(
    [
      { name: "root", num_children: 4 } as SchemaElement,
      { name: "difficulty", type: "INT64", repetition_type: "OPTIONAL" } as SchemaElement,
      str("source"),
      str("domain"),
      ...listOfStruct("conversations", "from", "value"),
    ],
    [
      { name: "difficulty", data: rows.map((r) => BigInt(r.difficulty)) },
      { name: "source", data: rows.map((r) => r.source) },
      { name: "domain", data: rows.map((r) => r.domain) },
      { name: "conversations", data: rows.map((r) => r.conversations) },
    ],
  );
}

function write(schema: SchemaElement[], columnData: Writer["columnData"]): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ schema, columnData, codec: "SNAPPY", pageSize: 512 } as Writer));
}

/** Writes `files` under `<root>/datasets/<repo>/` as the mirror serves them. */
export function writeRepo(root: string, repo: string, files: Record<string, string | Uint8Array>): void {
  const dir = path.join(root, "datasets", ...repo.split("/"));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, ...rel.split("/"));
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

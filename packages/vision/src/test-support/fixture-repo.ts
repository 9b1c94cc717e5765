/**
 * Fixture Hub repos with the real schema of the cookbook's image datasets (`image: Image` as a `{ bytes, path }`
 * struct, `label: ClassLabel`), written with hyparquet-writer. @internal
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";

/** One fixture row. */
export interface FixtureImageRow {
  bytes: Uint8Array;
  path: string | null;
  label: number;
}

const SCHEMA = [
  { name: "root", num_children: 2 },
  { name: "image", repetition_type: "OPTIONAL", num_children: 2 },
  { name: "bytes", type: "BYTE_ARRAY", repetition_type: "OPTIONAL" },
  { name: "path", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "label", type: "INT64", repetition_type: "OPTIONAL" },
] as const;

/** The `huggingface` Parquet metadata Python `datasets` writes for `{ image: Image(), label: ClassLabel(names) }`. */
export function imageClassMetadata(names: string[]): Array<{ key: string; value: string }> {
  const features = { image: { _type: "Image" }, label: { names, _type: "ClassLabel" } };
  return [{ key: "huggingface", value: JSON.stringify({ info: { features } }) }];
}

/** A Parquet file of image rows; `names` adds the `huggingface` metadata with the ClassLabel names. */
export function imageParquet(rows: FixtureImageRow[], names?: string[]): Uint8Array {
  const options: Parameters<typeof parquetWriteBuffer>[0] = {
    schema: SCHEMA as unknown as Parameters<typeof parquetWriteBuffer>[0]["schema"],
    columnData: [
      { name: "image", data: rows.map((r) => ({ bytes: r.bytes, path: r.path })) },
      { name: "label", data: BigInt64Array.from(rows, (r) => BigInt(r.label)) },
    ],
    codec: "SNAPPY",
  };
  if (names) options.kvMetadata = imageClassMetadata(names);
  return new Uint8Array(parquetWriteBuffer(options));
}

/** README front matter with `configs` for `data/train-*` and `data/test-*`, and optionally a `dataset_info` ClassLabel. */
export function readme(names?: string[]): string {
  const info = names
    ? "dataset_info:\n  features:\n  - name: image\n    dtype: image\n  - name: label\n    dtype:\n      class_label:\n        names:\n" +
      names.map((n, i) => `          '${i}': ${JSON.stringify(n)}\n`).join("")
    : "";
  return `---\n${info}configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n  - split: test\n    path: data/test-*\n---\n`;
}

/** Writes `<root>/datasets/<repo>/<file>` for each file. */
export function writeRepo(root: string, repo: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, "datasets", ...repo.split("/"), ...rel.split("/"));
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

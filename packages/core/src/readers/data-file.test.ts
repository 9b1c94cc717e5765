import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CrucibleError } from "@crucible/types";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataFile } from "./data-file.js";
import { formatFromPath } from "./format.js";
import { readText } from "./text.js";
import { caught, collect, tempDir } from "./__tests__/helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

describe("formatFromPath", () => {
  it.each([
    ["data/train-00000-of-00001.parquet", "parquet"],
    ["x.geoparquet", "parquet"],
    ["test.jsonl.gz", "jsonl"],
    ["a/b.ndjson", "jsonl"],
    ["x.JSON", "json"],
    ["t.csv.zst", "csv"],
    ["t.tsv", "tsv"],
    ["notes.txt", "text"],
    ["x.arrow", undefined],
    ["README", undefined],
  ])("%s → %s", (path, format) => expect(formatFromPath(path)).toBe(format));
});

describe("readDataFile", () => {
  it("dispatches by extension, .gz included", async () => {
    const files: Record<string, string | Uint8Array> = {
      "a.jsonl.gz": gzipSync('{"x": 1}\n{"x": 2}\n'),
      "b.json": '[{"x": 1}, {"x": 2}]',
      "c.csv": "x\n1\n2\n",
      "d.tsv": "x\ty\n1\ta,b\n2\tc\n",
      "e.txt": "one\n\nthree\n",
      "f.parquet": new Uint8Array(parquetWriteBuffer({ columnData: [{ name: "x", data: [1, 2], type: "INT32" }] })),
    };
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    expect(await collect(readDataFile(join(dir, "a.jsonl.gz")))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(await collect(readDataFile(join(dir, "b.json")))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(await collect(readDataFile(join(dir, "c.csv")))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(await collect(readDataFile(join(dir, "d.tsv")))).toEqual([
      { x: 1, y: "a,b" },
      { x: 2, y: "c" },
    ]);
    expect(await collect(readDataFile(join(dir, "e.txt")))).toEqual([{ text: "one" }, { text: "" }, { text: "three" }]);
    expect(await collect(readDataFile(join(dir, "f.parquet")))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(await collect(readDataFile(join(dir, "c.csv"), { format: "text" }))).toHaveLength(3);
  });

  it("an unknown extension without `format` is a typed UNSUPPORTED error", async () => {
    const err = await caught(async () => readDataFile(join(dir, "x.arrow")));
    expect(CrucibleError.hasCode(err, "UNSUPPORTED")).toBe(true);
  });

  it("readText keeps empty lines and strips CRLF", async () => {
    expect(await collect(readText(new TextEncoder().encode("a\r\n\r\nb")))).toEqual([{ text: "a" }, { text: "" }, { text: "b" }]);
  });
});

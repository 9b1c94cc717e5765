import { readFileSync, readdirSync, existsSync } from "node:fs";
import { readFile, writeFile, copyFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { CrucibleError, DataFormatError, InvalidArgumentError } from "@crucible/types";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { SchemaElement } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asyncBufferFromFile } from "../fs/async-buffer.js";
import { readParquet, readParquetInfo } from "./parquet.js";
import { caught, collect, corpusDir, hasCorpus, tempDir } from "./__tests__/helpers.js";

const messagesSchema: SchemaElement[] = [
  { name: "root", num_children: 4 },
  { name: "id", type: "INT64", repetition_type: "REQUIRED" },
  { name: "text", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "blob", type: "BYTE_ARRAY", repetition_type: "OPTIONAL" },
  { name: "messages", repetition_type: "OPTIONAL", num_children: 1, converted_type: "LIST" },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
  { name: "role", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "content", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
] as SchemaElement[];

const N = 250;
function fixtureColumns() {
  const ids = Array.from({ length: N }, (_, i) => (i === 7 ? 9007199254740993n : BigInt(i)));
  const text = Array.from({ length: N }, (_, i) => (i % 10 === 3 ? null : `row ${i} ünïcødé`));
  const blob = Array.from({ length: N }, (_, i) => (i % 11 === 5 ? null : new Uint8Array([i & 255, 0, 255])));
  const messages = Array.from({ length: N }, (_, i) =>
    i % 13 === 4
      ? null
      : i % 13 === 6
        ? []
        : [
            { role: "user", content: `q${i}` },
            { role: "assistant", content: i % 2 ? null : `a${i}` },
          ],
  );
  return { ids, text, blob, messages };
}

function writeFixture(
  codec: "SNAPPY" | "GZIP" | "BROTLI" | "UNCOMPRESSED",
  rowGroupSize = 100,
  kv?: Array<{ key: string; value: string }>,
) {
  const c = fixtureColumns();
  return new Uint8Array(
    parquetWriteBuffer({
      schema: messagesSchema,
      codec,
      compressors: { GZIP: (b: Uint8Array) => gzipSync(b), BROTLI: (b: Uint8Array) => brotliCompressSync(b) },
      rowGroupSize,
      ...(kv ? { kvMetadata: kv } : {}),
      columnData: [
        { name: "id", data: c.ids },
        { name: "text", data: c.text },
        { name: "blob", data: c.blob },
        { name: "messages", data: c.messages },
      ],
    }),
  );
}

function expectedRow(i: number) {
  const c = fixtureColumns();
  const msgs = c.messages[i];
  return {
    id: i === 7 ? 9007199254740993n : i,
    text: c.text[i],
    blob: c.blob[i],
    messages: msgs,
  };
}

let dir: string;
let cleanup: () => Promise<void>;
let snappyPath: string;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  snappyPath = join(dir, "fixture.snappy.parquet");
  const hfMeta = JSON.stringify({
    info: { features: { id: { dtype: "int64", _type: "Value" }, text: { dtype: "string", _type: "Value" } } },
  });
  await writeFile(snappyPath, writeFixture("SNAPPY", 100, [{ key: "huggingface", value: hfMeta }]));
});
afterAll(async () => cleanup());

describe("readParquet on self-written fixtures", () => {
  it.each(["SNAPPY", "GZIP", "BROTLI", "UNCOMPRESSED"] as const)("reads every row with codec %s, normalised", async (codec) => {
    const path = join(dir, `f.${codec}.parquet`);
    await writeFile(path, writeFixture(codec));
    const rows = await collect(readParquet(path));
    expect(rows).toHaveLength(N);
    for (let i = 0; i < N; i++) expect(rows[i]).toEqual(expectedRow(i));
  });

  it("yields one batch per row group, or smaller batches with batchRows", async () => {
    const sizes: number[] = [];
    for await (const b of readParquet(snappyPath)) sizes.push(b.length);
    expect(sizes).toEqual([100, 100, 50]);
    const small: number[] = [];
    for await (const b of readParquet(snappyPath, { batchRows: 40 })) small.push(b.length);
    expect(small).toEqual([40, 40, 20, 40, 40, 20, 40, 10]);
  });

  it("keeps unannotated BYTE_ARRAY as Uint8Array and decodes UTF8 columns as strings", async () => {
    const [first] = await collect(readParquet(snappyPath, { rowEnd: 1 }));
    expect(first?.blob).toBeInstanceOf(Uint8Array);
    expect(typeof first?.text).toBe("string");
  });

  it("turns int64 into number when safe and bigint otherwise; nulls stay null (never undefined)", async () => {
    const rows = await collect(readParquet(snappyPath));
    expect(typeof rows[6]?.id).toBe("number");
    expect(rows[7]?.id).toBe(9007199254740993n);
    expect(rows[3]?.text).toBeNull();
    expect(rows[4]?.messages).toBeNull();
    expect(rows[6]?.messages).toEqual([]);
    const content = (rows[1]?.messages as Array<{ content: unknown }>)[1]?.content;
    expect(content).toBeNull();
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toBeUndefined();
  });

  it("nested columns without nulls (null_count 0 → no walk) and with nulls read the same shapes", async () => {
    const schema = messagesSchema
      .filter((e) => !["text", "blob"].includes(e.name))
      .map((e) => (e.name === "root" ? { ...e, num_children: 2 } : e));
    const clean = [
      [{ role: "user", content: "a" }],
      [
        { role: "assistant", content: "b" },
        { role: "user", content: "c" },
      ],
    ];
    const path = join(dir, "clean.parquet");
    await writeFile(
      path,
      new Uint8Array(
        parquetWriteBuffer({
          schema,
          columnData: [
            { name: "id", data: [1n, 2n] },
            { name: "messages", data: clean },
          ],
        }),
      ),
    );
    const info = await readParquetInfo(path);
    const stats = info.metadata.row_groups[0]?.columns
      .filter((c) => c.meta_data?.path_in_schema[0] === "messages")
      .map((c) => c.meta_data?.statistics?.null_count);
    expect(stats).toEqual([0n, 0n]); // the fast path is really taken
    expect(await collect(readParquet(path))).toEqual([
      { id: 1, messages: clean[0] },
      { id: 2, messages: clean[1] },
    ]);
  });

  it("honours rowStart/rowEnd across row groups and column selection", async () => {
    const rows = await collect(readParquet(snappyPath, { rowStart: 95, rowEnd: 205, columns: ["text", "id"] }));
    expect(rows).toHaveLength(110);
    expect(rows[0]).toEqual({ text: "row 95 ünïcødé", id: 95 });
    expect(Object.keys(rows[0] ?? {})).toEqual(["text", "id"]);
    expect(rows.at(-1)?.id).toBe(204);
    expect(await collect(readParquet(snappyPath, { rowStart: 300 }))).toEqual([]);
  });

  it("reads from an AsyncBuffer the same as from a path", async () => {
    const bytes = await readFile(snappyPath);
    const buffer = {
      byteLength: bytes.byteLength,
      slice: (s: number, e?: number) => bytes.buffer.slice(bytes.byteOffset + s, bytes.byteOffset + (e ?? bytes.byteLength)),
    };
    expect(await collect(readParquet(buffer))).toEqual(await collect(readParquet(await asyncBufferFromFile(snappyPath))));
  });

  it("a failing byte source is a typed NETWORK error, not a corrupt file", async () => {
    const bytes = await readFile(snappyPath);
    let calls = 0;
    const flaky = {
      byteLength: bytes.byteLength,
      slice: async (s: number, e?: number) => {
        if (++calls > 1) throw new Error("socket hang up");
        return bytes.buffer.slice(bytes.byteOffset + s, bytes.byteOffset + (e ?? bytes.byteLength));
      },
    };
    const err = await caught(() => collect(readParquet(flaky, { name: "remote.parquet" })));
    expect(CrucibleError.hasCode(err, "NETWORK")).toBe(true);
    expect((err as CrucibleError).location.file).toBe("remote.parquet");
  });

  it("readParquetInfo reports rows, row groups, columns and HF features", async () => {
    const info = await readParquetInfo(snappyPath);
    expect(info.numRows).toBe(N);
    expect(info.rowGroups).toEqual([{ numRows: 100 }, { numRows: 100 }, { numRows: 50 }]);
    expect(info.columns).toEqual(["id", "text", "blob", "messages"]);
    expect(info.features?.text).toEqual({ kind: "value", dtype: "string" });
    const rows = await collect(readParquet(snappyPath, { metadata: info.metadata, rowEnd: 2 }));
    expect(rows).toHaveLength(2);
  });

  it("rejects bad options and unknown columns with InvalidArgumentError", async () => {
    expect(await caught(() => collect(readParquet(snappyPath, { columns: ["nope"] })))).toBeInstanceOf(InvalidArgumentError);
    expect(await caught(() => collect(readParquet(snappyPath, { rowStart: -1 })))).toBeInstanceOf(InvalidArgumentError);
    expect(await caught(() => collect(readParquet(snappyPath, { batchRows: 0 })))).toBeInstanceOf(InvalidArgumentError);
  });

  it("a missing file is a typed FILE_NOT_FOUND error naming the file", async () => {
    const err = await caught(() => collect(readParquet(join(dir, "missing.parquet"))));
    expect(CrucibleError.hasCode(err, "FILE_NOT_FOUND")).toBe(true);
    expect((err as Error).message).toContain("missing.parquet");
  });
});

describe("readParquet on files corrupted in test setup", () => {
  async function corrupt(name: string, edit: (b: Uint8Array) => Uint8Array): Promise<string> {
    const bytes = new Uint8Array(await readFile(snappyPath));
    const path = join(dir, name);
    await writeFile(path, edit(bytes));
    return path;
  }

  it("truncated footer → DataFormatError naming the file and a byte offset", async () => {
    const path = await corrupt("trunc.parquet", (b) => b.subarray(0, b.length - 10));
    const err = await caught(() => collect(readParquet(path)));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).location.file).toBe(path);
    expect((err as DataFormatError).location.byteOffset).toBeTypeOf("number");
  });

  it("file cut in the middle → DataFormatError", async () => {
    const path = await corrupt("half.parquet", (b) => b.subarray(0, b.length >> 1));
    expect(await caught(() => readParquetInfo(path))).toBeInstanceOf(DataFormatError);
  });

  it("bad magic → DataFormatError", async () => {
    const path = await corrupt("magic.parquet", (b) => {
      const c = b.slice();
      c.set([0x58, 0x58, 0x58, 0x58], c.length - 4);
      return c;
    });
    const err = await caught(() => readParquetInfo(path));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toMatch(/PAR1/);
  });

  it("metadata length larger than the file → DataFormatError", async () => {
    const path = await corrupt("len.parquet", (b) => {
      const c = b.slice();
      new DataView(c.buffer).setUint32(c.length - 8, 0x7fffffff, true);
      return c;
    });
    expect(await caught(() => readParquetInfo(path))).toBeInstanceOf(DataFormatError);
  });

  it("garbage in a data page → DataFormatError naming row group, row, field and byte offset", async () => {
    const info = await readParquetInfo(snappyPath);
    const chunk = info.metadata.row_groups[1]?.columns[1]?.meta_data;
    const start = Number(chunk?.dictionary_page_offset ?? chunk?.data_page_offset);
    const path = await corrupt("garbage.parquet", (b) => {
      const c = b.slice();
      for (let i = start; i < start + Number(chunk?.total_compressed_size); i++) c[i] = (i * 131) & 255;
      return c;
    });
    const err = await caught(() => collect(readParquet(path)));
    expect(err).toBeInstanceOf(DataFormatError);
    const loc = (err as DataFormatError).location;
    expect(loc.file).toBe(path);
    expect(loc.row).toBe(100);
    expect(loc.field).toBe("text");
    expect(loc.byteOffset).toBe(start);
    expect((err as Error).message).toContain("row group 1");
  });

  it("an empty file → DataFormatError", async () => {
    const path = await corrupt("empty.parquet", () => new Uint8Array(0));
    expect(await caught(() => readParquetInfo(path))).toBeInstanceOf(DataFormatError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Corpus: hyparquet's test files with expected rows, apache parquet-testing data and bad_data.

/** Shapes our value like hyparquet's toJson output so it can be compared with the expected JSON. */
function asExpected(ours: unknown, expected: unknown): unknown {
  if (ours === undefined || ours === null) return null;
  if (typeof ours === "bigint") return Number(ours);
  if (typeof ours === "number")
    return Number.isNaN(ours) || !Number.isFinite(ours) ? (expected === null ? null : ours) : ours === 0 ? 0 : ours;
  if (ours instanceof Uint8Array) return typeof expected === "string" ? new TextDecoder().decode(ours) : Array.from(ours);
  if (ours instanceof Date) return ours.toISOString();
  if (Array.isArray(ours) || ArrayBuffer.isView(ours)) {
    const list = Array.from(ours as ArrayLike<unknown>);
    const exp = Array.isArray(expected) ? expected : [];
    return list.map((v, i) => asExpected(v, exp[i]));
  }
  if (typeof ours === "object") {
    const exp = (expected && typeof expected === "object" ? expected : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ours)) {
      if ((v === null || v === undefined) && !(k in exp)) continue; // toJson drops undefined keys
      out[k] = asExpected(v, exp[k]);
    }
    return out;
  }
  return ours;
}

const hyparquetDir = join(corpusDir, "hyparam__hyparquet/test/files");
const withExpected =
  hasCorpus && existsSync(hyparquetDir)
    ? readdirSync(hyparquetDir).filter((f) => f.endsWith(".parquet") && existsSync(join(hyparquetDir, f.replace(/\.parquet$/, ".json"))))
    : [];

describe.skipIf(!hasCorpus)(`corpus: hyparquet test files with expected JSON (skipped: ${corpusDir} is missing)`, () => {
  it("finds the files", () => expect(withExpected.length).toBeGreaterThan(50));
  it.each(withExpected)("%s matches its expected rows", async (file) => {
    const expected = JSON.parse(readFileSync(join(hyparquetDir, file.replace(/\.parquet$/, ".json")), "utf8")) as unknown[][];
    const rows = await collect(readParquet(join(hyparquetDir, file), { batchRows: 1000 }));
    expect(rows.length).toBe(expected.length);
    const shaped = rows.map((row, i) => Object.values(row).map((v, j) => asExpected(v, expected[i]?.[j])));
    expect(shaped).toEqual(expected);
  });
});

const apacheData = join(corpusDir, "apache__parquet-testing/data");
const apacheBad = join(corpusDir, "apache__parquet-testing/bad_data");
/** Valid per pyarrow 25 but not readable here: why. */
const KNOWN_UNREADABLE: Record<string, RegExp> = {
  // a single 512 MiB+ string value: over V8's string length limit
  "large_string_map.brotli.parquet": /too large for JavaScript/,
  // columns encrypted, footer in plaintext
  "encrypt_columns_plaintext_footer.parquet.encrypted": /./,
  // dictionary page header claims more values than the page holds; pyarrow tolerates it, hyparquet does not
  "nation.dict-malformed.parquet": /Corrupt Parquet data in row group 0/,
};
/** In bad_data, but pyarrow 25 reads it too (dictionary indices with bit width 0 → every index 0). */
const BAD_BUT_READABLE: Record<string, number> = { "ARROW-GH-43605.parquet": 21186 };

describe.skipIf(!hasCorpus || !existsSync(apacheData))(`corpus: apache parquet-testing data (skipped: ${apacheData} is missing)`, () => {
  const files = existsSync(apacheData) ? readdirSync(apacheData).filter((f) => /\.parquet(\.encrypted)?$/.test(f)) : [];
  it.each(files)("%s reads or fails with a typed DataFormatError", async (file) => {
    const path = join(apacheData, file);
    if (file === "large_string_map.brotli.parquet") {
      // Decoding it needs > 1 GiB and ~10 s only to hit V8's string limit; check the footer only.
      expect((await readParquetInfo(path)).numRows).toBe(2);
      return;
    }
    if (file.endsWith(".encrypted") || file in KNOWN_UNREADABLE) {
      const err = await caught(() => collect(readParquet(path)));
      expect(err).toBeInstanceOf(DataFormatError);
      expect((err as Error).message).toMatch(KNOWN_UNREADABLE[file] ?? /Encrypted/);
      return;
    }
    const info = await readParquetInfo(path);
    const rows = await collect(readParquet(path));
    expect(rows.length).toBe(info.numRows);
  });
});

describe.skipIf(!hasCorpus || !existsSync(apacheBad))(`corpus: apache parquet-testing bad_data (skipped: ${apacheBad} is missing)`, () => {
  const files = existsSync(apacheBad) ? readdirSync(apacheBad).filter((f) => f.endsWith(".parquet")) : [];
  it("finds the files", () => expect(files.length).toBeGreaterThanOrEqual(8));
  it.each(files)("%s throws DataFormatError naming the file (or reads like pyarrow)", async (file) => {
    const path = join(apacheBad, file);
    const copy = join(dir, `bad-${file}`);
    await copyFile(path, copy);
    if (file in BAD_BUT_READABLE) {
      const rows = await collect(readParquet(copy));
      expect(rows.length).toBe(BAD_BUT_READABLE[file]);
      expect(rows.every((r) => Object.values(r).every((v) => v === 0))).toBe(true);
      return;
    }
    const err = await caught(() => collect(readParquet(copy)));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).location.file).toBe(copy);
    expect((err as Error).message).toContain(copy);
  });
});

describe.skipIf(!hasCorpus || !existsSync(join(corpusDir, "SCHEMAS.tsv")))(
  `corpus: row counts from SCHEMAS.tsv (skipped: ${corpusDir} is missing)`,
  () => {
    const lines = existsSync(join(corpusDir, "SCHEMAS.tsv"))
      ? readFileSync(join(corpusDir, "SCHEMAS.tsv"), "utf8").trim().split("\n").slice(1)
      : [];
    const cases = lines
      .map((l) => l.split("\t"))
      .filter((c) => /^\d+$/.test(c[2] ?? "") && !c[0]?.includes("bad_data/") && existsSync(join(corpusDir, c[0] ?? "")))
      // SCHEMAS.tsv copies the footer's num_rows; this file's footer says 0 while its row group (and pq.read_table) has 6.
      .map((c) => [c[0] as string, c[0]?.endsWith("repeated_no_annotation.parquet") ? 6 : Number(c[2])] as const)
      .filter(([p]) => !Object.keys(KNOWN_UNREADABLE).some((k) => p.endsWith(k)));
    it("lists files", () => expect(cases.length).toBeGreaterThan(100));
    it.each(cases)("%s has %i rows, as pyarrow counts them", async (path, expected) => {
      let n = 0;
      for await (const batch of readParquet(join(corpusDir, path))) n += batch.length;
      expect(n).toBe(expected);
    });
  },
);

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataFormatError } from "@crucible/types";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsv } from "./csv.js";
import { caught, collect, tempDir } from "./__tests__/helpers.js";

const enc = new TextEncoder();
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let prev = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    if (cut > prev) yield bytes.subarray(prev, cut);
    prev = Math.max(prev, cut);
  }
  if (prev < bytes.length) yield bytes.subarray(prev);
}

function quoteField(v: string, delim: string): string {
  return /[",\r\n\t]/.test(v) || /^[ \t]*$/.test(v) || v.startsWith('"') || v.includes(delim) ? `"${v.replace(/"/g, '""')}"` : v;
}

describe("readCsv", () => {
  it("round-trips generated string tables (quotes, separators, newlines) through any chunking", async () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "é", "😀", ",", '"', "\n", "\r\n", " ", "\t", "x", "1") });
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) => fc.tuple(fc.constant(w), fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 20 }))),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom(",", "\t"),
        async ([width, rows], cuts, crlf, delim) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const eol = crlf ? "\r\n" : "\n";
          const text = [header, ...rows].map((r) => r.map((v) => quoteField(v, delim)).join(delim)).join(eol) + eol;
          const got = await collect(readCsv(chunked(enc.encode(text), cuts), { inferTypes: false, delimiter: delim, batchRows: 3 }));
          expect(got).toEqual(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it("RFC 4180: quoted fields, doubled quotes, embedded newlines, CRLF, BOM, blank lines", async () => {
    const text = '\uFEFFid,text\r\n1,"say ""hi"""\r\n\r\n2,"two\r\nlines"\r\n3,plain\r\n';
    expect(await collect(readCsv(enc.encode(text), { inferTypes: false }))).toEqual([
      { id: "1", text: 'say "hi"' },
      { id: "2", text: "two\r\nlines" },
      { id: "3", text: "plain" },
    ]);
  });

  it("infers types per column like pandas by default", async () => {
    const text = "i,f,b,s,e,big\n1,1.5,True,x,,9007199254740993\n2,NaN,false,NA,,1\n-3,2,TRUE,7,,2\n";
    const rows = await collect(readCsv(enc.encode(text)));
    expect(rows).toEqual([
      { i: 1, f: 1.5, b: true, s: "x", e: null, big: 9007199254740993n },
      { i: 2, f: null, b: false, s: null, e: null, big: 1 },
      { i: -3, f: 2, b: true, s: "7", e: null, big: 2 },
    ]);
  });

  it("dedupes header names like pandas and fills short records with null", async () => {
    const rows = await collect(readCsv(enc.encode("a,a,\n1\n"), { inferTypes: false }));
    expect(rows).toEqual([{ a: "1", "a.1": null, "Unnamed: 2": null }]);
  });

  it("unbalanced quote → DataFormatError with line and byte offset of the opening quote", async () => {
    const path = join(dir, "bad.csv");
    await writeFile(path, 'a,b\n1,2\n3,"open\n4,5\n');
    const err = await caught(() => collect(readCsv(path)));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).location).toMatchObject({ file: path, line: 3, byteOffset: 10 });
  });

  it("skips lines holding only spaces or tabs, as pandas does", async () => {
    expect(await collect(readCsv(enc.encode("a\n1\n\n  \n\t\n2\n")))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("an empty file → DataFormatError; a header-only file → no rows", async () => {
    expect(await caught(() => collect(readCsv(new Uint8Array(0))))).toBeInstanceOf(DataFormatError);
    expect(await collect(readCsv(enc.encode("a,b\n")))).toEqual([]);
  });

  it("a record with more fields than the header → DataFormatError with its line", async () => {
    const err = await caught(() => collect(readCsv(enc.encode('a,b\n1,2\n"x\ny",2,3\n'))));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).location.line).toBe(3);
  });
});

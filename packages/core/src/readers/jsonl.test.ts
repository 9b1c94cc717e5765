import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DataFormatError } from "@crucible/types";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJsonl } from "./jsonl.js";
import { readJson } from "./json.js";
import { caught, collect, tempDir } from "./__tests__/helpers.js";

const enc = new TextEncoder();
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

/** Splits bytes into chunks at the given cut points (to exercise lines straddling chunks). */
async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let prev = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    if (cut > prev) yield bytes.subarray(prev, cut);
    prev = Math.max(prev, cut);
  }
  if (prev < bytes.length) yield bytes.subarray(prev);
}

const jsonValue = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ unit: "grapheme" }), { maxLength: 3 }),
);
const rowArb = fc.dictionary(
  fc.string({ unit: "grapheme", maxLength: 8 }).filter((k) => k !== "__proto__"),
  jsonValue,
  { maxKeys: 5 },
);

/**
 * What Python's json.loads gives for JSON written by JSON.stringify: a double printed without exponent beyond
 * 2^53 (e.g. 1e20 → "100000000000000000000") is an integer literal, hence an exact int (a bigint here).
 */
function pythonView(value: unknown): unknown {
  if (typeof value === "number")
    return Number.isSafeInteger(value) || !Number.isInteger(value) || /e/i.test(String(value)) ? value : BigInt(String(value));
  if (Array.isArray(value)) return value.map(pythonView);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pythonView(v)]));
  return value;
}

describe("exact integers (Python's json.loads)", () => {
  it("keeps integers beyond 2^53 exact as bigints, up to and past 2^64; 1e400 is Infinity", async () => {
    const text = [
      '{"a": 1152921504606846977, "b": 9007199254740991, "c": 9007199254740992, "d": -9223372036854775808}',
      '{"a": 18446744073709551615, "b": 18446744073709551616, "c": 123456789012345678901234567890, "d": 1.5}',
      '{"a": 1e400, "b": -1e400, "c": 1e17, "d": 100000000000000000000.0, "s": "12345678901234567890", "n": [1, 2e0, -0]}',
      '{"nested": {"list": [{"x": 36028797018963969}], "__proto__": 90071992547409930}, "esc": "q\\"\\u00e9"}',
    ].join("\n");
    const rows = await collect(readJsonl(enc.encode(text)));
    expect(rows[0]).toEqual({ a: 1152921504606846977n, b: 9007199254740991, c: 9007199254740992n, d: -9223372036854775808n });
    expect(rows[1]).toEqual({ a: 2n ** 64n - 1n, b: 2n ** 64n, c: 123456789012345678901234567890n, d: 1.5 });
    expect(rows[2]).toEqual({
      a: Number.POSITIVE_INFINITY,
      b: Number.NEGATIVE_INFINITY,
      c: 1e17,
      d: 1e20,
      s: "12345678901234567890",
      n: [1, 2, -0],
    });
    const nested = rows[3] as { nested: Record<string, unknown>; esc: string };
    expect(nested.nested.list).toEqual([{ x: 36028797018963969n }]);
    expect(Object.getOwnPropertyDescriptor(nested.nested, "__proto__")?.value).toBe(90071992547409930n);
    expect(Object.getPrototypeOf(nested.nested)).toBe(Object.prototype);
    expect(nested.esc).toBe('q"é');
    // Whole-document JSON too.
    expect(await collect(readJson(enc.encode('[{"id": 1152921504606846977}, {"id": 7}]')))).toEqual([
      { id: 1152921504606846977n },
      { id: 7 },
    ]);
  });

  it("every integer in ±2^64 round-trips exactly (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), { minLength: 1, maxLength: 20 }), async (ints) => {
        const text = ints.map((n) => `{"v": ${n}, "w": [${n}]}`).join("\n");
        const rows = await collect(readJsonl(enc.encode(text)));
        const expected = ints.map((n) => (n >= -(2n ** 53n - 1n) && n <= 2n ** 53n - 1n ? Number(n) : n));
        expect(rows.map((r) => r.v)).toEqual(expected);
        expect(rows.map((r) => (r.w as unknown[])[0])).toEqual(expected);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe("readJsonl", () => {
  it("round-trips generated rows through any chunking, with LF or CRLF, BOM, blank lines and gzip", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (rows, cuts, crlf, bom, gzip) => {
          const eol = crlf ? "\r\n" : "\n";
          const text =
            (bom ? "\uFEFF" : "") +
            rows.map((r, i) => (i % 4 === 1 ? eol : "") + JSON.stringify(r)).join(eol) +
            (rows.length % 2 ? eol : "");
          let bytes = enc.encode(text);
          if (gzip) bytes = new Uint8Array(gzipSync(bytes));
          const got = await collect(readJsonl(chunked(bytes, cuts), { batchRows: 7 }));
          expect(got).toEqual(pythonView(JSON.parse(JSON.stringify(rows))));
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it("reads a path, bytes and .gz detected by magic bytes (not by name)", async () => {
    const path = join(dir, "rows.jsonl");
    await writeFile(path, '{"a":1}\n\n{"a":2}\r\n   \n{"a":3}');
    const gz = join(dir, "rows.bin");
    await writeFile(gz, gzipSync('{"a":1}\n'));
    expect(await collect(readJsonl(path))).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(await collect(readJsonl(enc.encode('{"b":true}')))).toEqual([{ b: true }]);
    expect(await collect(readJsonl(gz))).toEqual([{ a: 1 }]);
  });

  it("reads zstd content (frames made with the zstd CLI), detected by magic bytes", async () => {
    const zst = Buffer.from("KLUv/QRYkQAAeyJhIjogMX0KeyJhIjogMn0KP4Yujw==", "base64");
    expect(await collect(readJsonl(new Uint8Array(zst)))).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await caught(() => collect(readJsonl(new Uint8Array(zst.subarray(0, 12)))))).toBeInstanceOf(DataFormatError);
  });

  it("a malformed line → DataFormatError with file, line, byte offset and the parser message", async () => {
    const path = join(dir, "bad.jsonl");
    await writeFile(path, '{"a":1}\r\n\n{"a": 2,}\n{"a":3}\n');
    const err = await caught(() => collect(readJsonl(path)));
    expect(err).toBeInstanceOf(DataFormatError);
    const e = err as DataFormatError;
    expect(e.location).toMatchObject({ file: path, line: 3, byteOffset: 10 });
    expect(e.message).toMatch(/JSON/);
    expect(e.message).toContain(path);
  });

  it("a line that is not an object → DataFormatError", async () => {
    const err = await caught(() => collect(readJsonl(enc.encode('{"a":1}\n[1,2]\n'))));
    expect((err as DataFormatError).location).toMatchObject({ line: 2, byteOffset: 8 });
  });

  it("truncated gzip → DataFormatError", async () => {
    const gz = gzipSync(enc.encode('{"a":1}\n'.repeat(1000)));
    const err = await caught(() => collect(readJsonl(gz.subarray(0, gz.length - 20))));
    expect(err).toBeInstanceOf(DataFormatError);
  });

  it("streams in constant memory: a long stream is consumed batch by batch", async () => {
    let produced = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      const line = enc.encode('{"x":"' + "y".repeat(100) + '"}\n');
      const chunk = new Uint8Array(line.length * 1000);
      for (let i = 0; i < 1000; i++) chunk.set(line, i * line.length);
      for (let i = 0; i < 200; i++) {
        produced++;
        yield chunk;
      }
    }
    let rows = 0;
    let maxAhead = 0;
    for await (const batch of readJsonl(source(), { batchRows: 1000 })) {
      rows += batch.length;
      maxAhead = Math.max(maxAhead, produced * 1000 - rows);
    }
    expect(rows).toBe(200_000);
    expect(maxAhead).toBeLessThanOrEqual(2000); // never more than ~one chunk read ahead
  });
});

describe("readJson", () => {
  it("reads a top-level array, JSON Lines, a column object, scalars → text, and `field`", async () => {
    const p = (name: string) => join(dir, name);
    await writeFile(p("arr.json"), '[\n {"a": 1},\n {"a": 2}\n]');
    await writeFile(p("lines.json"), '{"a": 1}\n{"a": 2}\n');
    await writeFile(p("cols.json"), '{\n "a": [1, 2],\n "b": ["x", "y"]\n}');
    await writeFile(p("oneline.json"), '{"a": [1, 2], "b": ["x", "y"]}');
    await writeFile(p("scalars.json"), '["p", "q"]');
    await writeFile(p("field.json"), '{"version": "1", "data": [{"q": "a"}, {"q": "b"}]}');
    await writeFile(p("pretty.json"), '{\n  "a": 1\n}\n{\n  "a": "{[\\"x"\n}\n');
    await writeFile(p("fieldcols.json"), '{"data": {"q": ["a", "b"]}}');
    expect(await collect(readJson(p("arr.json")))).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await collect(readJson(p("lines.json")))).toEqual([{ a: 1 }, { a: 2 }]);
    // a single object is one row, pretty-printed or not (as Python datasets 5.0.1 reads it)
    expect(await collect(readJson(p("cols.json")))).toEqual([{ a: [1, 2], b: ["x", "y"] }]);
    expect(await collect(readJson(p("oneline.json")))).toEqual([{ a: [1, 2], b: ["x", "y"] }]);
    expect(await collect(readJson(p("scalars.json")))).toEqual([{ text: "p" }, { text: "q" }]);
    expect(await collect(readJson(p("field.json"), { field: "data" }))).toEqual([{ q: "a" }, { q: "b" }]);
    expect(await collect(readJson(p("fieldcols.json"), { field: "data" }))).toEqual([{ q: "a" }, { q: "b" }]);
    expect(await collect(readJson(p("pretty.json")))).toEqual([{ a: 1 }, { a: '{["x' }]);
  });

  it("errors are typed (missing field, invalid document); an object without field is one row", async () => {
    const p = join(dir, "obj.json");
    await writeFile(p, '{\n"version": "1",\n"data": [{"q": "a"}]\n}');
    const missing = await caught(() => collect(readJson(p, { field: "rows" })));
    expect(missing).toBeInstanceOf(DataFormatError);
    expect((missing as DataFormatError).location.field).toBe("rows");
    expect(await collect(readJson(p))).toEqual([{ version: "1", data: [{ q: "a" }] }]); // one row, as in Python
    const broken = join(dir, "broken.json");
    await writeFile(broken, '[{"a": 1},\n {"a": }]');
    const err = await caught(() => collect(readJson(broken)));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).location.line).toBe(1);
  });
});

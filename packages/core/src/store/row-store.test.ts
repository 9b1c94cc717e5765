import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { pbkdf2 } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrucibleError } from "@crucible/types";
import { afterAll, describe, expect, it } from "vitest";
import { Dataset } from "../dataset/dataset.js";
import { encodeRecord, decodeRecord, isJsonSafe, TAG_JSON, TAG_V8 } from "./encoding.js";
import { TAG_BINARY, binaryBound, writeBinary } from "./binary.js";
import { RecordChunkEncoder } from "./record-chunks.js";
import { DATA_FILE, MANIFEST_FILE, OFFSETS_FILE, RowStore, RowStoreWriter } from "./row-store.js";

const tmp = mkdtempSync(join(tmpdir(), "crucible-store-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tricky = [
  { id: 0, text: "plain ascii", n: null },
  { id: 1, big: 2n ** 63n - 1n, neg: -(2n ** 70n) },
  { id: 2, bytes: new Uint8Array([0, 1, 2, 255]), image: { bytes: new Uint8Array([137, 80, 78, 71]), path: null } },
  { id: 3, nested: { list: [1, [2, [3]], { deep: "ü€😀" }], empty: [] as unknown[], obj: {} } },
  { id: 4, nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negZero: -0, undef: undefined },
  { id: 5, text: "x".repeat(3 << 20) }, // larger than the writer's 4 MiB buffer once UTF-16 is counted? no: 3 MiB, spans windows
];

describe("record encoding", () => {
  it("uses JSON for JSON-safe rows and v8 otherwise", () => {
    expect(isJsonSafe({ a: [1, "x", null, { b: true }] })).toBe(true);
    expect(isJsonSafe({ a: 1n })).toBe(false);
    expect(isJsonSafe({ a: new Uint8Array(1) })).toBe(false);
    expect(isJsonSafe({ a: undefined })).toBe(false);
    expect(isJsonSafe({ a: -0 })).toBe(false);
    expect(encodeRecord({ a: 1 })[0]).toBe(TAG_JSON);
    expect(encodeRecord({ a: 1n })[0]).toBe(TAG_V8);
    const buf = encodeRecord({ a: 1n });
    expect(decodeRecord(buf, 0, buf.length)).toEqual({ a: 1n });
    expect(() => decodeRecord(Buffer.from([0x00, 0x01]), 0, 2)).toThrow(CrucibleError);
  });
});

describe("binary records", () => {
  const roundTrip = (value: unknown): unknown => {
    const bound = binaryBound(value);
    expect(bound).toBeGreaterThan(0);
    const buf = Buffer.alloc(bound + 3);
    const end = writeBinary(buf, 3, value);
    expect(end).toBeGreaterThan(3);
    expect(end - 3).toBeLessThanOrEqual(bound);
    expect(buf[3]).toBe(TAG_BINARY);
    return decodeRecord(buf, 3, end);
  };

  it("round-trips every supported value exactly, key order included", () => {
    expect(binaryBound(tricky[1])).toBe(-1); // -(2n ** 70n) is outside int64: v8 record
    for (const row of tricky.filter((r) => r.id !== 1)) expect(roundTrip(row)).toEqual(row);
    const row = {
      z: "ascii",
      a: "ü€😀 non-ascii",
      "ключ 😀": [1, -1, 2 ** 31, -(2 ** 31) - 1, 1.5, -0, Number.NaN, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER],
      7: true,
      f: false,
      big: -(2n ** 63n),
      u: undefined,
      bytes: new Uint8Array(0),
      nested: [[], {}, [null, [undefined]]],
      empty: "",
    };
    const back = roundTrip(row) as Record<string, unknown>;
    expect(back).toEqual(row);
    expect(Object.keys(back)).toEqual(Object.keys(row));
    expect(Object.is((back["ключ 😀"] as number[])[5], -0)).toBe(true);
    expect(Object.getPrototypeOf(back.bytes)).toBe(Uint8Array.prototype);
  });

  it("decodes keys exactly whatever the mix (recently seen keys are reused, never confused)", () => {
    // Thousands of distinct keys, many sharing a length and a prefix, interleaved with a few frequent ones, so the
    // decoder's key reuse sees both hits and slots taken over by other keys.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3000; i++) {
        const row: Record<string, unknown> = { id: i, [`k${i}`]: i, [`k${(i * 7919) % 3000}x`]: "v", ключ: round };
        row[`${"a".repeat(24)}${i % 10}`] = "long key";
        const back = roundTrip(row) as Record<string, unknown>;
        expect(Object.keys(back)).toEqual(Object.keys(row));
        expect(back).toEqual(row);
      }
    }
  });

  it("declines values it cannot represent exactly, and the writer falls back to v8/JSON for them", () => {
    const declined = [
      { big: 2n ** 63n },
      { buf: Buffer.from([1, 2]) },
      { d: new Date(0) },
      { m: new Map([[1, 2]]) },
      // biome-ignore lint/suspicious/noSparseArray: a hole is the case under test
      { sparse: [1, , 3] },
      JSON.parse('{"__proto__": {"x": 1}}') as unknown,
      { f: () => 1 },
    ];
    for (const v of declined) expect(binaryBound(v)).toBe(-1);
    // A lone surrogate passes binaryBound but not writeBinary (UTF-8 would replace it with U+FFFD).
    const lone = { s: "a\ud800b" };
    const buf = Buffer.alloc(binaryBound(lone));
    expect(writeBinary(buf, 0, lone)).toBe(-1);

    const dir = join(tmp, "fallback");
    const w = RowStoreWriter.create(dir);
    const rows = [...declined.filter((v) => !("f" in (v as object))), lone, { key: "a\udc00" }, { plain: 1 }];
    w.appendMany(rows);
    const store = w.finish();
    for (let i = 0; i < rows.length; i++) expect(store.get(i)).toEqual(rows[i]);
    expect(Object.hasOwn(store.get(5) as object, "__proto__")).toBe(true);
    expect((store.get(6) as { s: string }).s).toBe("a\ud800b");
    store.close();
  });

  it("rejects a corrupt binary record with a STORE error", () => {
    const buf = Buffer.alloc(64);
    const end = writeBinary(buf, 0, { s: "hello" });
    expect(() => decodeRecord(buf, 0, end - 1)).toThrow(CrucibleError);
    expect(() => decodeRecord(buf, 0, end + 1)).toThrow(/binary value/);
    buf[1] = 99;
    expect(() => decodeRecord(buf, 0, end)).toThrow(CrucibleError);
  });

  it("the writer stores plain rows as binary records", () => {
    const dir = join(tmp, "binary-tag");
    const w = RowStoreWriter.create(dir);
    w.append({ id: 1, text: "x" });
    w.append({ id: 1n << 40n, bytes: new Uint8Array([1]) });
    w.finish().close();
    const data = readFileSync(join(dir, DATA_FILE));
    expect(data[0]).toBe(TAG_BINARY);
    const offsets = new Float64Array(new Uint8Array(readFileSync(join(dir, OFFSETS_FILE))).buffer);
    expect(data[offsets[1] as number]).toBe(TAG_BINARY);
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8"))).toMatchObject({ version: 3, encoding: "tagged-binary-json-v8" });
  });

  it("refuses stores of older versions (version 1: JSON and v8 records, no checksums) so they are rebuilt", () => {
    const dir = join(tmp, "v1");
    mkdirSync(dir, { recursive: true });
    const rows = [{ a: "json row" }, { b: 5n }];
    const recs = rows.map((r) => encodeRecord(r));
    writeFileSync(join(dir, DATA_FILE), Buffer.concat(recs));
    const offsets = new Float64Array([0, recs[0]!.length, recs[0]!.length + recs[1]!.length]);
    writeFileSync(join(dir, OFFSETS_FILE), new Uint8Array(offsets.buffer));
    for (const version of [1, 2]) {
      const manifest = {
        format: "crucible-row-store",
        version,
        encoding: "tagged-json-v8",
        endianness: "LE",
        numRows: 2,
        dataBytes: offsets[2],
        createdAt: "2026-01-01T00:00:00.000Z",
      };
      writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
      expect(() => RowStore.open(dir)).toThrow(/Unsupported row store format crucible-row-store v\d .*reads v3/);
      expect(RowStore.isValid(dir)).toBe(false);
    }
  });
});

describe("RowStoreWriter asyncWrites", () => {
  // ≈ 26 MiB: more chunks than ASYNC_WRITE_BUFFERS, so some go to the thread pool and some are written synchronously;
  // one row larger than a chunk goes through the direct-write path in between.
  const rowAt = (i: number): Record<string, unknown> =>
    i === 77
      ? { i, big: "b".repeat(5 << 20) }
      : { i, s: `${i}:${String.fromCharCode(97 + (i % 26)).repeat(100_000 + (i % 13))}`, u: i % 5 === 0 ? "é€" : null };
  const N = 210;

  it("drain then finish: every row at its offset", async () => {
    const dir = join(tmp, "async-drain");
    const w = RowStoreWriter.create(dir, { asyncWrites: true });
    for (let i = 0; i < N; i++) w.append(rowAt(i));
    await w.drain();
    const store = w.finish();
    expect(store.numRows).toBe(N);
    for (const i of [0, 1, 76, 77, 78, N - 1]) expect(store.get(i)).toEqual(rowAt(i));
    for (let i = 0; i < N; i++) expect((store.get(i) as { i: number }).i).toBe(i);
    store.close();
  });

  it("finish without drain still writes a complete store; abort with writes in flight removes the temp dir", async () => {
    // Keep the 4 libuv threads busy so that the chunk writes are still queued when finish runs.
    const busy = Array.from({ length: 4 }, () => new Promise((r) => pbkdf2("p", "s", 300_000, 64, "sha512", r)));
    const dir = join(tmp, "async-nodrain");
    const w = RowStoreWriter.create(dir, { asyncWrites: true });
    for (let i = 0; i < N; i++) w.append(rowAt(i));
    const store = w.finish();
    for (let i = 0; i < N; i++) expect(store.get(i)).toEqual(rowAt(i));
    store.close();
    await Promise.all(busy);
    await new Promise((r) => setTimeout(r, 50));
    expect(RowStore.isValid(dir)).toBe(true);
    expect(RowStore.open(dir).get(N - 1)).toEqual(rowAt(N - 1));

    const dir2 = join(tmp, "async-abort");
    const w2 = RowStoreWriter.create(dir2, { asyncWrites: true });
    for (let i = 0; i < 60; i++) w2.append(rowAt(i));
    w2.abort();
    expect(existsSync(w2.tempDir)).toBe(false);
    await w2.drain();
    expect(existsSync(dir2)).toBe(false);
  });
});

describe("RowStoreWriter.appendEncodedAsync", () => {
  const rowAt = (i: number) => ({ i, s: `${i}:${"x".repeat(1000 + (i % 97))}`, u: i % 7 === 0 ? "é€😀" : null });
  const chunks = () => {
    const encoder = new RecordChunkEncoder(64 << 10);
    const out = [];
    for (let i = 0; i < 3000; i++) {
      const full = encoder.push(rowAt(i));
      if (full) out.push(full);
    }
    out.push(encoder.take());
    return out;
  };

  it("writes the caller's buffers as they are (same bytes as appendEncoded) and releases each once it is on disk", async () => {
    const ref = RowStoreWriter.create(join(tmp, "owned-ref"), { fsync: false });
    for (const c of chunks()) ref.appendEncoded(c);
    ref.append({ tail: true });
    ref.finish().close();

    const dir = join(tmp, "owned");
    const w = RowStoreWriter.create(dir, { asyncWrites: true, fsync: false });
    let released = 0;
    const all = chunks();
    for (const [k, c] of all.entries()) {
      w.appendEncodedAsync(c, () => released++);
      // rows appended the usual way, in between, land in order too
      if (k === 3) w.append({ between: k });
    }
    expect(released).toBeLessThan(all.length); // released when written, not when appended
    w.append({ tail: true });
    await w.drain();
    expect(released).toBe(all.length);
    const store = w.finish();
    expect(store.numRows).toBe(3002);
    expect(store.get(0)).toEqual(rowAt(0));
    expect(store.get(3001)).toEqual({ tail: true });
    store.close();
    const refAgain = RowStore.open(join(tmp, "owned-ref"));
    let inserted = 0;
    const opened = RowStore.open(dir);
    for (let i = 0; i < opened.numRows; i++) {
      const row = opened.get(i) as Record<string, unknown>;
      if ("between" in row) {
        inserted++;
        continue;
      }
      expect(row).toEqual(refAgain.get(i - inserted));
    }
    expect(inserted).toBe(1);
    opened.close();
    refAgain.close();
  });

  it("without asyncWrites it appends a copy and releases at once", () => {
    const w = RowStoreWriter.create(join(tmp, "owned-sync"), { fsync: false });
    let released = 0;
    for (const c of chunks()) w.appendEncodedAsync(c, () => released++);
    expect(released).toBe(chunks().length);
    const store = w.finish();
    expect(store.get(2999)).toEqual(rowAt(2999));
    store.close();
  });
});

describe("RowStore", () => {
  it("round-trips Uint8Array, bigint, null, nested values, NaN, -0 and undefined", () => {
    const dir = join(tmp, "roundtrip");
    const w = RowStoreWriter.create(dir, { fingerprint: "fp1", info: { repo: "a/b" } });
    w.appendMany(tricky);
    const store = w.finish();
    expect(store.numRows).toBe(tricky.length);
    for (let i = tricky.length - 1; i >= 0; i--) expect(store.get(i)).toEqual(tricky[i]);
    const row4 = store.get(4) as Record<string, unknown>;
    expect(Object.is(row4.negZero, -0)).toBe(true);
    expect("undef" in row4).toBe(true);
    expect(store.get(2)).toMatchObject({ bytes: expect.any(Uint8Array) });
    expect((store.get(1) as { big: bigint }).big).toBe(2n ** 63n - 1n);
    expect(store.manifest).toMatchObject({ fingerprint: "fp1", info: { repo: "a/b" }, numRows: 6 });
    store.close();
    expect(() => store.get(0)).toThrow(/closed/);
    // no temporary directory left beside it
    expect(readdirSync(tmp).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("reads sequentially through the read-ahead window and randomly with single reads", () => {
    const dir = join(tmp, "many");
    const w = RowStoreWriter.create(dir);
    for (let i = 0; i < 20000; i++) w.append({ i, s: `row-${i}-${"y".repeat(i % 97)}` });
    const store = w.finish();
    for (let i = 0; i < 20000; i++) expect((store.get(i) as { i: number }).i).toBe(i);
    for (const i of [19999, 0, 7777, 123, 19998]) expect((store.get(i) as { s: string }).s.startsWith(`row-${i}-`)).toBe(true);
    store.close();
  });

  it("refuses a half-written store (crash before the manifest), a truncated file, and a missing dir", () => {
    // 1) A writer abandoned mid-way (simulated crash): only the temp dir exists, the final dir does not.
    const dir = join(tmp, "crashed");
    const w = RowStoreWriter.create(dir);
    for (let i = 0; i < 100; i++) w.append({ i });
    expect(existsSync(w.tempDir)).toBe(true);
    expect(existsSync(dir)).toBe(false);
    expect(() => RowStore.open(dir)).toThrow(CrucibleError);
    expect(() => RowStore.open(w.tempDir)).toThrow(/manifest/);
    w.abort();
    expect(existsSync(w.tempDir)).toBe(false);

    // A crashed writer's temp dir (its pid is gone) is swept when the next writer for that store starts.
    const stale = join(tmp, ".crashed.tmp-99999999-abcdef");
    mkdirSync(stale);
    writeFileSync(join(stale, DATA_FILE), "partial");
    const w1 = RowStoreWriter.create(dir);
    expect(existsSync(stale)).toBe(false);
    w1.abort();

    // 2) Files present but no manifest.
    const noManifest = join(tmp, "no-manifest");
    mkdirSync(noManifest);
    writeFileSync(join(noManifest, DATA_FILE), "J{}");
    writeFileSync(join(noManifest, OFFSETS_FILE), Buffer.alloc(16));
    expect(() => RowStore.open(noManifest)).toThrow(/manifest/);
    expect(RowStore.isValid(noManifest)).toBe(false);

    // 3) A complete store whose data file was truncated afterwards.
    const trunc = join(tmp, "truncated");
    const w2 = RowStoreWriter.create(trunc);
    for (let i = 0; i < 100; i++) w2.append({ i, pad: "z".repeat(50) });
    w2.finish().close();
    expect(RowStore.isValid(trunc)).toBe(true);
    truncateSync(join(trunc, DATA_FILE), 1000);
    expect(() => RowStore.open(trunc)).toThrow(/data.bin has 1000 bytes/);
    // 4) offsets of the wrong size
    const w3 = RowStoreWriter.create(join(tmp, "bad-offsets"));
    w3.append({ a: 1 });
    w3.finish().close();
    truncateSync(join(tmp, "bad-offsets", OFFSETS_FILE), 8);
    expect(() => RowStore.open(join(tmp, "bad-offsets"))).toThrow(/offsets.bin/);
    // 5) a manifest that is not a store manifest
    const bogus = join(tmp, "bogus");
    mkdirSync(bogus);
    writeFileSync(join(bogus, MANIFEST_FILE), JSON.stringify({ format: "other" }));
    expect(() => RowStore.open(bogus)).toThrow(/format/);
  });

  it("replaces an existing store at the same directory atomically", () => {
    const dir = join(tmp, "replace");
    const a = RowStoreWriter.create(dir);
    a.append({ v: "old" });
    a.finish().close();
    const b = RowStoreWriter.create(dir);
    b.append({ v: "new" });
    b.append({ v: "new2" });
    const s = b.finish();
    expect(s.numRows).toBe(2);
    expect(s.get(0)).toEqual({ v: "new" });
    s.close();
  });
});

describe("disk-backed Dataset", () => {
  async function* batches(n: number, size: number, text = 200) {
    for (let start = 0; start < n; start += size) {
      yield Array.from({ length: Math.min(size, n - start) }, (_, k) => ({ id: start + k, text: `${start + k}:`.padEnd(text, "t") }));
    }
  }

  it("fromBatches keeps small data in memory and spills above the threshold", async () => {
    const small = await Dataset.fromBatches(batches(100, 10));
    expect(small.onDisk).toBe(false);
    const storeDir = join(tmp, "spill");
    const big = await Dataset.fromBatches(batches(5000, 512), { memoryLimitBytes: 100_000, storeDir });
    expect(big.onDisk).toBe(true);
    expect(big.length).toBe(5000);
    expect(big.at(4999)).toMatchObject({ id: 4999 });
    expect(
      big
        .shuffle({ seed: 0 })
        .take(3)
        .toArray()
        .map((r) => r.id),
    ).toEqual(
      Dataset.fromRows(Array.from({ length: 5000 }, (_, i) => ({ id: i })))
        .shuffle({ seed: 0 })
        .take(3)
        .toArray()
        .map((r) => r.id),
    );
    const forced = await Dataset.fromBatches(batches(10, 5), { store: "disk", storeDir: join(tmp, "forced") });
    expect(forced.onDisk).toBe(true);
    expect(forced.toArray().map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("reopens a store by fingerprint without reading the source", async () => {
    const prev = process.env.CRUCIBLE_HOME;
    process.env.CRUCIBLE_HOME = join(tmp, "home");
    try {
      const first = await Dataset.fromBatches(batches(50, 10), {
        store: "disk",
        fingerprint: "gsm8k-abc123",
        info: { repo: "openai/gsm8k" },
      });
      expect(first.info).toEqual({ repo: "openai/gsm8k", fingerprint: "gsm8k-abc123" });
      let read = false;
      async function* never() {
        read = true;
        yield [] as Array<{ id: number; text: string }>;
      }
      const again = await Dataset.fromBatches(never(), { fingerprint: "gsm8k-abc123" });
      expect(read).toBe(false);
      expect(again.length).toBe(50);
      expect(again.info.repo).toBe("openai/gsm8k");
      const opened = Dataset.openStore<{ id: number }>(join(tmp, "home", "stores", "gsm8k-abc123"), { fingerprint: "gsm8k-abc123" });
      expect(opened.at(49).id).toBe(49);
      expect(() => Dataset.openStore(join(tmp, "home", "stores", "gsm8k-abc123"), { fingerprint: "other" })).toThrow(/fingerprint/);
    } finally {
      if (prev === undefined) delete process.env.CRUCIBLE_HOME;
      else process.env.CRUCIBLE_HOME = prev;
    }
  });

  it("map and castColumn on a disk-backed dataset write a new store; filter builds indices", async () => {
    const ds = await Dataset.fromBatches(batches(300, 64), { store: "disk", storeDir: join(tmp, "src") });
    const mapped = ds.map((r) => ({ len: r.text.length }), { storeDir: join(tmp, "mapped") });
    expect(mapped.onDisk).toBe(true);
    expect(mapped.at(7)).toMatchObject({ id: 7, len: 200 });
    // A fingerprinted disk result is reused without calling fn again.
    let calls = 0;
    const fpDir = join(tmp, "fp-map");
    const first = ds.map((r) => ({ n: (calls++, r.id) }), { fingerprint: "map-v1", storeDir: fpDir });
    expect(calls).toBe(300);
    const again = ds.map((r) => ({ n: (calls++, r.id) }), { fingerprint: "map-v1", storeDir: fpDir });
    expect(calls).toBe(300);
    expect(again.at(299)).toEqual(first.at(299));
    expect(again.info.fingerprint).toBe("map-v1");
    const cast = ds.castColumn("id", { kind: "value", dtype: "string" }, { storeDir: join(tmp, "cast") });
    expect(cast.onDisk).toBe(true);
    expect(cast.at(3).id).toBe("3");
    const filtered = ds.filter((r) => r.id % 100 === 0);
    expect(filtered.toArray().map((r) => r.id)).toEqual([0, 100, 200]);
    expect(filtered.indices).toEqual(new Uint32Array([0, 100, 200]));
    const flat = ds.shuffle({ seed: 1 }).flattenIndices({ storeDir: join(tmp, "flat") });
    expect(flat.indices).toBeUndefined();
    expect(flat.toArray().map((r) => r.id)).toEqual(
      ds
        .shuffle({ seed: 1 })
        .toArray()
        .map((r) => r.id),
    );
    // A map that throws leaves no store behind.
    expect(() =>
      ds.map(
        (r) => {
          if (r.id === 150) throw new Error("boom");
          return {};
        },
        { storeDir: join(tmp, "failed") },
      ),
    ).toThrow("boom");
    expect(existsSync(join(tmp, "failed"))).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes("failed"))).toEqual([]);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrucibleError } from "@crucible/types";
import { afterAll, describe, expect, it } from "vitest";
import { Dataset } from "../dataset/dataset.js";
import { encodeRecord, decodeRecord, isJsonSafe, TAG_JSON, TAG_V8 } from "./encoding.js";
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
    expect(big.shuffle({ seed: 0 }).take(3).toArray().map((r) => r.id)).toEqual(
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
      const first = await Dataset.fromBatches(batches(50, 10), { store: "disk", fingerprint: "gsm8k-abc123", info: { repo: "openai/gsm8k" } });
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
    expect(flat.toArray().map((r) => r.id)).toEqual(ds.shuffle({ seed: 1 }).toArray().map((r) => r.id));
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

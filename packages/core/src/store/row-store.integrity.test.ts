import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, renameSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { CrucibleError, IntegrityError } from "@crucible/types";
import { afterAll, describe, expect, it } from "vitest";
import { Dataset } from "../dataset/dataset.js";
import { crc32, crc32Fallback } from "./crc32.js";
import { CHECKSUMS_FILE, DAMAGED_MANIFEST_FILE, DATA_FILE, MANIFEST_FILE, OFFSETS_FILE, RowStore, RowStoreWriter } from "./row-store.js";

const tmp = mkdtempSync(join(tmpdir(), "crucible-store-integrity-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const FILES = [MANIFEST_FILE, OFFSETS_FILE, CHECKSUMS_FILE, DATA_FILE];

/** Rows of every record kind: binary (ASCII, UTF-8, numbers, bigint, bytes, nesting) and v8 (a Map). */
function sampleRows(): unknown[] {
  const rows: unknown[] = [];
  for (let i = 0; i < 24; i++) {
    rows.push({ id: i, text: `question ${i} ${"x".repeat(i % 7)}`, answer: i % 3 === 0 ? "é😀" : null, big: BigInt(i) << 40n, f: i / 7 });
  }
  rows.push({ bytes: new Uint8Array([0, 1, 2, 255]), nested: [[1], { a: [true, false] }] });
  rows.push({ map: new Map([["k", 1]]) });
  return rows;
}

function buildStore(dir: string, rows: unknown[]): void {
  const w = RowStoreWriter.create(dir, { checksumChunkBytes: 128, fsync: false, fingerprint: "fp" });
  for (const row of rows) w.append(row);
  w.finish().close();
}

type Outcome = "detected" | "wrong" | "undetected";

/** Opens the store and reads every row (sequentially, then in a scattered order through a fresh open). */
function readBack(dir: string, expected: unknown[]): Outcome {
  try {
    for (const order of ["sequential", "scattered"] as const) {
      const store = RowStore.open(dir);
      try {
        const got: unknown[] = new Array(store.numRows);
        if (order === "sequential") for (let i = 0; i < store.numRows; i++) got[i] = store.get(i);
        else for (let k = 0; k < store.numRows; k++) got[(k * 17) % store.numRows] = store.get((k * 17) % store.numRows);
        if (!isDeepStrictEqual(got, expected)) return "wrong";
      } finally {
        store.close();
      }
    }
    return "undetected";
  } catch (error) {
    if (CrucibleError.hasCode(error, "INTEGRITY") || CrucibleError.hasCode(error, "STORE")) return "detected";
    throw error;
  }
}

function restoreManifest(dir: string): void {
  if (existsSync(join(dir, DAMAGED_MANIFEST_FILE))) renameSync(join(dir, DAMAGED_MANIFEST_FILE), join(dir, MANIFEST_FILE));
}

describe("crc32", () => {
  it("matches the standard check value and the portable fallback", () => {
    const check = Buffer.from("123456789");
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Fallback(check, 0)).toBe(0xcbf43926);
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 255));
    expect(crc32Fallback(data.subarray(300), crc32Fallback(data.subarray(0, 300), 0))).toBe(crc32(data));
  });
});

describe("row store fault injection", () => {
  const rows = sampleRows();
  const dir = join(tmp, "store");
  buildStore(dir, rows);
  const originals = new Map(FILES.map((f) => [f, readFileSync(join(dir, f))]));

  it("reads back exactly when nothing is damaged", () => {
    expect(readBack(dir, rows)).toBe("undetected");
    expect(originals.get(CHECKSUMS_FILE)!.length / 4).toBeGreaterThan(8); // several chunks
  });

  it("detects every single-byte flip of every file (0 wrong rows returned)", () => {
    const t0 = Date.now();
    const counts: Record<Outcome, number> = { detected: 0, wrong: 0, undetected: 0 };
    for (const name of FILES) {
      const original = originals.get(name)!;
      for (let at = 0; at < original.length; at++) {
        // One flip per byte, cycling through the single-bit masks and 0xff (CRC-32 catches any burst up to 32 bits).
        const mask = at % 9 === 8 ? 0xff : 1 << (at % 9);
        const bad = Buffer.from(original);
        bad[at] = (bad[at] as number) ^ mask;
        writeFileSync(join(dir, name), bad);
        counts[readBack(dir, rows)]++;
        restoreManifest(dir);
      }
      writeFileSync(join(dir, name), original);
    }
    const total = [...originals.values()].reduce((n, b) => n + b.length, 0);
    expect(counts).toEqual({ detected: total, wrong: 0, undetected: 0 });
    console.log(`row store fault injection: ${total} byte flips, ${counts.detected} detected, ${Date.now() - t0} ms`);
  });

  it("detects every truncation point and an appended byte of every file", () => {
    let trials = 0;
    for (const name of FILES) {
      const original = originals.get(name)!;
      for (let size = 0; size < original.length; size++) {
        truncateSync(join(dir, name), size);
        expect(readBack(dir, rows)).toBe("detected");
        restoreManifest(dir);
        writeFileSync(join(dir, name), original);
        trials++;
      }
      appendFileSync(join(dir, name), "\n");
      expect(readBack(dir, rows)).toBe("detected");
      restoreManifest(dir);
      writeFileSync(join(dir, name), original);
      trials++;
    }
    console.log(`row store fault injection: ${trials} truncations/extensions, all detected`);
    expect(readBack(dir, rows)).toBe("undetected");
  }, 120_000);

  it("a damaged chunk raises IntegrityError naming the file and byte, and marks the store damaged", () => {
    const d = join(tmp, "marked");
    buildStore(d, rows);
    const data = readFileSync(join(d, DATA_FILE));
    data[700] = (data[700] as number) ^ 0x20;
    writeFileSync(join(d, DATA_FILE), data);
    const store = RowStore.open(d); // data chunks are checked when read
    let error: unknown;
    try {
      for (let i = 0; i < store.numRows; i++) store.get(i);
    } catch (e) {
      error = e;
    }
    store.close();
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as IntegrityError).message).toMatch(/data\.bin chunk 5 \(bytes 640\.\.767\) fails its CRC-32 check/);
    expect((error as IntegrityError).location).toMatchObject({ file: join(d, DATA_FILE), byteOffset: 640 });
    expect(existsSync(join(d, MANIFEST_FILE))).toBe(false);
    expect(existsSync(join(d, DAMAGED_MANIFEST_FILE))).toBe(true);
    expect(RowStore.isValid(d)).toBe(false);
    // verify() reads every chunk.
    restoreManifest(d);
    const again = RowStore.open(d);
    expect(() => again.verify()).toThrow(/chunk 5/);
    again.close();
  });

  it("Dataset.fromBatches rebuilds a store found damaged instead of reusing it", async () => {
    const storeDir = join(tmp, "by-fingerprint");
    let sourceReads = 0;
    async function* source(): AsyncGenerator<Array<{ id: number; text: string }>> {
      sourceReads++;
      for (let b = 0; b < 10; b++) yield Array.from({ length: 100 }, (_, i) => ({ id: b * 100 + i, text: `row ${b * 100 + i}` }));
    }
    const first = await Dataset.fromBatches(source(), { store: "disk", storeDir, fingerprint: "f1" });
    expect(first.length).toBe(1000);
    const data = readFileSync(join(storeDir, DATA_FILE));
    data[5000] = (data[5000] as number) ^ 1;
    writeFileSync(join(storeDir, DATA_FILE), data);
    const reopened = await Dataset.fromBatches(source(), { store: "disk", storeDir, fingerprint: "f1" });
    expect(sourceReads).toBe(1); // the manifest and offsets are intact: reopened without reading the source
    expect(() => reopened.toArray()).toThrow(IntegrityError);
    const rebuilt = await Dataset.fromBatches(source(), { store: "disk", storeDir, fingerprint: "f1" });
    expect(sourceReads).toBe(2);
    expect(rebuilt.toArray().map((r) => r.text)).toEqual(Array.from({ length: 1000 }, (_, i) => `row ${i}`));
  });
});

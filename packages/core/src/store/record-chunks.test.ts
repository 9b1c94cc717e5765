import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RecordChunkEncoder } from "./record-chunks.js";
import { DATA_FILE, OFFSETS_FILE, RowStoreWriter } from "./row-store.js";

const tmp = mkdtempSync(join(tmpdir(), "crucible-chunks-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rows: unknown[] = [];
for (let i = 0; i < 3000; i++) {
  rows.push({
    id: i,
    text: `row ${i} `.repeat(i % 50),
    big: BigInt(i) ** 3n,
    when: i % 500 === 0 ? new Date(i) : null,
    lone: i % 777 === 0 ? "a\ud800" : "ok",
  });
}
rows.push({ huge: "x".repeat(5 << 20) }, { after: "é".repeat(2 << 20) }, { last: 1 });

describe("RecordChunkEncoder + RowStoreWriter.appendEncoded", () => {
  it("write the same bytes and offsets as append, across chunk boundaries and oversized rows", () => {
    const a = RowStoreWriter.create(join(tmp, "append"), { fsync: false });
    for (const r of rows) a.append(r);
    const storeA = a.finish();
    const b = RowStoreWriter.create(join(tmp, "encoded"), { fsync: false });
    const enc = new RecordChunkEncoder(1 << 16);
    let chunks = 0;
    for (const r of rows) {
      const full = enc.push(r);
      if (full) {
        chunks++;
        b.appendEncoded(full);
      }
    }
    b.appendEncoded(enc.take());
    const storeB = b.finish();
    expect(chunks).toBeGreaterThan(10);
    expect(storeB.numRows).toBe(rows.length);
    expect(readFileSync(join(tmp, "encoded", DATA_FILE)).equals(readFileSync(join(tmp, "append", DATA_FILE)))).toBe(true);
    expect(readFileSync(join(tmp, "encoded", OFFSETS_FILE)).equals(readFileSync(join(tmp, "append", OFFSETS_FILE)))).toBe(true);
    for (const i of [0, 1, 500, 777, 2999, 3000, 3001, 3002]) expect(storeB.get(i)).toEqual(storeA.get(i));
    storeA.close();
    storeB.close();
  });

  it("an empty chunk appends nothing", () => {
    const w = RowStoreWriter.create(join(tmp, "empty"), { fsync: false });
    w.appendEncoded(new RecordChunkEncoder().take());
    expect(w.numRows).toBe(0);
    w.abort();
  });
});

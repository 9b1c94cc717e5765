import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataFormatError } from "@crucible/types";
import type { SchemaElement } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRecord } from "../store/encoding.js";
import { DATA_FILE, MANIFEST_FILE, OFFSETS_FILE, RowStoreWriter } from "../store/row-store.js";
import { readParquet } from "./parquet.js";
import { setParquetStoreWorker, writeParquetStore } from "./parquet-store.js";
import { caught, repoRoot, tempDir } from "./__tests__/helpers.js";

const schema: SchemaElement[] = [
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

function row(i: number) {
  return {
    id: i,
    text: i % 13 === 4 ? null : `${i} ${"ünïcode ".repeat(i % 9)}`,
    blob: i % 5 === 0 ? null : new Uint8Array([i & 255, (i >> 8) & 255]),
    messages:
      i % 11 === 3
        ? null
        : [
            { role: "user", content: `q${i}` },
            { role: "assistant", content: i % 4 ? `a${i}`.repeat(i % 30) : null },
          ],
  };
}

function parquetFile(from: number, n: number, rowGroupSize: number): Uint8Array {
  const rows = Array.from({ length: n }, (_, k) => row(from + k));
  return new Uint8Array(
    parquetWriteBuffer({
      schema,
      codec: "SNAPPY",
      rowGroupSize,
      pageSize: 4096,
      columnData: [
        { name: "id", data: rows.map((r) => BigInt(r.id)) },
        { name: "text", data: rows.map((r) => r.text) },
        { name: "blob", data: rows.map((r) => r.blob) },
        { name: "messages", data: rows.map((r) => r.messages) },
      ],
    }),
  );
}

let dir: string;
let cleanup: () => Promise<void>;
const files: string[] = [];
const SIZES = [7000, 1, 20000, 2500];
beforeAll(async () => {
  // Worker threads are plain Node: run the TypeScript worker entry through a transpiling loader.
  setParquetStoreWorker({
    url: new URL("./parquet-store-worker.ts", import.meta.url),
    execArgv: ["--import", join(repoRoot, "tooling/vitest/ts-worker-register.mjs")],
  });
  ({ dir, cleanup } = await tempDir("crucible-pqstore-"));
  let at = 0;
  for (const [k, n] of SIZES.entries()) {
    const p = join(dir, `shard-${k}.parquet`);
    await writeFile(p, parquetFile(at, n, [1000, 1, 3000, 20000][k] as number));
    files.push(p);
    at += n;
  }
});
afterAll(async () => {
  setParquetStoreWorker(undefined);
  await cleanup();
});

/** The store `append` writes for every row `readParquet` yields, file after file: the reference bytes. */
async function reference(target: string): Promise<void> {
  const w = RowStoreWriter.create(target, { fsync: false, fingerprint: "fp-1", info: { repo: "r" } });
  for (const f of files) for await (const batch of readParquet(f)) for (const r of batch) w.append(r);
  w.finish().close();
}

function sameStore(a: string, b: string): void {
  expect(readFileSync(join(b, DATA_FILE)).equals(readFileSync(join(a, DATA_FILE)))).toBe(true);
  expect(readFileSync(join(b, OFFSETS_FILE)).equals(readFileSync(join(a, OFFSETS_FILE)))).toBe(true);
  const ma = JSON.parse(readFileSync(join(a, MANIFEST_FILE), "utf8")) as Record<string, unknown>;
  const mb = JSON.parse(readFileSync(join(b, MANIFEST_FILE), "utf8")) as Record<string, unknown>;
  // The manifest's own CRC covers createdAt, so it differs too; the data and offsets CRCs must agree.
  for (const m of [ma, mb]) {
    delete m.createdAt;
    delete m.manifestCrc32;
  }
  expect(mb).toEqual(ma);
}

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("writeParquetStore", () => {
  it("in this thread: the same store bytes as appending readParquet's rows, with paths still downloading", async () => {
    await reference(join(dir, "ref"));
    const store = await writeParquetStore(
      join(dir, "inline"),
      files.map((p, k) => ({ path: k % 2 ? later(p, 30) : p, name: `shard ${k}` })),
      { workers: 0, fingerprint: "fp-1", info: { repo: "r" } },
    );
    expect(store.numRows).toBe(SIZES.reduce((a, b) => a + b, 0));
    expect(store.get(7000)).toEqual({ ...row(7000), id: 7000 });
    store.close();
    sameStore(join(dir, "ref"), join(dir, "inline"));
  });

  it("on worker threads (run from source here): identical bytes, rows in order", async () => {
    if (!existsSync(join(dir, "ref"))) await reference(join(dir, "ref"));
    const store = await writeParquetStore(
      join(dir, "workers"),
      files.map((p, k) => ({ path: k === 0 ? later(p, 50) : p })),
      { workers: 2, fingerprint: "fp-1", info: { repo: "r" } },
    );
    store.close();
    sameStore(join(dir, "ref"), join(dir, "workers"));
  }, 60_000);

  it("on worker threads that pause after each chunk until it is appended: identical bytes", async () => {
    if (!existsSync(join(dir, "ref"))) await reference(join(dir, "ref"));
    const script = {
      url: new URL("./parquet-store-worker.ts", import.meta.url),
      execArgv: ["--import", join(repoRoot, "tooling/vitest/ts-worker-register.mjs")],
    };
    setParquetStoreWorker({ ...script, maxOutstanding: 1 });
    try {
      const store = await writeParquetStore(
        join(dir, "workers-paused"),
        files.map((p) => ({ path: p })),
        { workers: 2, fingerprint: "fp-1", info: { repo: "r" } },
      );
      store.close();
    } finally {
      setParquetStoreWorker(script);
    }
    sameStore(join(dir, "ref"), join(dir, "workers-paused"));
  }, 60_000);

  it("corrupt data: a typed error naming the file and row group, and no store left behind", async () => {
    const bytes = parquetFile(0, 5000, 1000);
    for (let i = Math.floor(bytes.length * 0.5); i < Math.floor(bytes.length * 0.6); i++) bytes[i] = (i * 131) & 255;
    const bad = join(dir, "bad.parquet");
    await writeFile(bad, bytes);
    for (const workers of [0, 2]) {
      const target = join(dir, `bad-store-${workers}`);
      const err = await caught(() =>
        writeParquetStore(target, [{ path: files[0] as string }, { path: bad, name: "data/bad.parquet" }], { workers }),
      );
      expect(err).toBeInstanceOf(DataFormatError);
      expect((err as DataFormatError).location.file).toBe("data/bad.parquet");
      expect((err as Error).message).toMatch(/row group \d/);
      expect(existsSync(target)).toBe(false);
    }
  }, 60_000);

  it("a failed download rejects the load and leaves no store", async () => {
    const target = join(dir, "failed-download");
    const boom = Promise.reject(new DataFormatError("download failed"));
    const err = await caught(() => writeParquetStore(target, [{ path: files[0] as string }, { path: boom }], { workers: 0 }));
    expect((err as Error).message).toContain("download failed");
    expect(existsSync(target)).toBe(false);
  });

  it("onChunk sees every record once, in row order, on worker threads and in this thread", async () => {
    for (const workers of [0, 2]) {
      const seen: unknown[] = [];
      const store = await writeParquetStore(
        join(dir, `tap-${workers}`),
        files.map((p) => ({ path: p })),
        {
          workers,
          onChunk: (chunk) => {
            const buf = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
            let start = 0;
            for (const end of chunk.ends) {
              seen.push(decodeRecord(buf, start, end));
              start = end;
            }
          },
        },
      );
      expect(seen.length).toBe(store.numRows);
      for (let i = 0; i < store.numRows; i += 997) expect(seen[i]).toEqual(store.get(i));
      expect(seen[store.numRows - 1]).toEqual(store.get(store.numRows - 1));
      store.close();
    }
  }, 60_000);
});

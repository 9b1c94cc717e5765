import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataFormatError, RepoNotFoundError } from "@crucible/types";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readParquet } from "./parquet.js";
import { toParquetError } from "./parquet-errors.js";
import { caught, collect, tempDir } from "./__tests__/helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

describe("toParquetError", () => {
  it("maps hyparquet's messages to DataFormatError with a hint", () => {
    const enc = toParquetError(new Error("parquet unsupported encoding: BIT_PACKED"), {
      file: "f.parquet",
      rowGroup: 2,
      rowStart: 10,
      rowEnd: 20,
      field: "x",
      byteOffset: 99,
    });
    expect(enc).toBeInstanceOf(DataFormatError);
    expect(enc.message).toMatch(/Unsupported Parquet encoding BIT_PACKED in row group 2 \(rows 10–19\)/);
    expect(enc.location).toMatchObject({ file: "f.parquet", row: 10, field: "x", byteOffset: 99 });
    expect(enc.hint).toMatch(/pyarrow/);
    expect(toParquetError(new TypeError("x is undefined"), { file: "f" })).toBeInstanceOf(DataFormatError);
  });

  it("passes crucible errors from the byte source through", () => {
    const hub = new RepoNotFoundError("gone");
    expect(toParquetError(hub, { file: "f" })).toBe(hub);
  });
});

describe("unsupported codec end to end", () => {
  it("a file compressed with LZO → DataFormatError naming the codec, field and row group", async () => {
    const path = join(dir, "lzo.parquet");
    const bytes = parquetWriteBuffer({
      codec: "LZO",
      compressors: { LZO: (b: Uint8Array) => b },
      columnData: [{ name: "x", data: [1, 2, 3], type: "INT32" }],
    });
    await writeFile(path, new Uint8Array(bytes));
    const err = await caught(() => collect(readParquet(path)));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as Error).message).toMatch(/Unsupported Parquet compression codec LZO in row group 0/);
    expect((err as DataFormatError).location.field).toBe("x");
  });
});

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CrucibleError, DataFormatError, SchemaMismatchError, type Features } from "@crucible/types";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDataFiles } from "./fs/data-files.js";
import { loadFiles } from "./load-files.js";
import { caught, sharedDir, tempDir } from "./readers/__tests__/helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("crucible-load-"));
  await mkdir(join(dir, "data/sub"), { recursive: true });
  await mkdir(join(dir, "data/.hidden"), { recursive: true });
  await mkdir(join(dir, "data/__pycache__"), { recursive: true });
  const parquet = (ids: number[]) =>
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: "id", data: ids, type: "INT32" },
          { name: "q", data: ids.map(String), type: "STRING" },
        ],
      }),
    );
  await writeFile(join(dir, "data/train-00001-of-00002.parquet"), parquet([3, 4, 5]));
  await writeFile(join(dir, "data/train-00000-of-00002.parquet"), parquet([0, 1, 2]));
  await writeFile(join(dir, "data/test-00000-of-00001.parquet"), parquet([9]));
  await writeFile(join(dir, "data/.hidden/train-x.parquet"), parquet([99]));
  await writeFile(join(dir, "data/__pycache__/train-y.parquet"), parquet([98]));
  await writeFile(join(dir, "data/README.md"), "# not data");
  await writeFile(join(dir, "data/sub/b.jsonl"), '{"a": 2, "b": "x"}\n');
  await writeFile(join(dir, "data/sub/a.jsonl.gz"), gzipSync('{"a": 1}\n\n{"a": 1.5}\n'));
  await writeFile(join(dir, "rows.csv"), "x,y\n1,a\n2,b\n");
  await writeFile(join(dir, "bad.jsonl"), '{"a": 1}\n{oops}\n');
  await mkdir(join(dir, "odd"), { recursive: true });
  await writeFile(join(dir, "odd/part-0.parquet"), parquet([1, 2]));
  await writeFile(
    join(dir, "odd/part-1.parquet"),
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: "id", data: [3], type: "INT32" },
          { name: "text", data: ["x"], type: "STRING" },
        ],
      }),
    ),
  );
  await writeFile(join(dir, "typed.jsonl"), '{"n": "1", "label": "neg"}\n{"n": 2.0, "label": "pos"}\n{"n": "x", "label": "pos"}\n');
});
afterAll(async () => cleanup());

describe("resolveDataFiles", () => {
  it("sorts glob matches, skips hidden/__ folders and README.md, keeps pattern order", async () => {
    const files = await resolveDataFiles({ train: ["data/train-*.parquet"], all: ["data/**"] }, dir);
    expect(files.train?.map((f) => f.slice(dir.length + 1))).toEqual([
      "data/train-00000-of-00002.parquet",
      "data/train-00001-of-00002.parquet",
    ]);
    expect(files.all?.map((f) => f.slice(dir.length + 1))).toEqual([
      "data/sub/a.jsonl.gz",
      "data/sub/b.jsonl",
      "data/test-00000-of-00001.parquet",
      "data/train-00000-of-00002.parquet",
      "data/train-00001-of-00002.parquet",
    ]);
    const hidden = await resolveDataFiles("data/.hidden/*.parquet", dir);
    expect(hidden.train).toHaveLength(1);
  });

  it("a missing plain path or an empty split is FILE_NOT_FOUND", async () => {
    expect(CrucibleError.hasCode(await caught(() => resolveDataFiles("nope.parquet", dir)), "FILE_NOT_FOUND")).toBe(true);
    expect(CrucibleError.hasCode(await caught(() => resolveDataFiles("data/*.nothing", dir)), "FILE_NOT_FOUND")).toBe(true);
    expect(CrucibleError.hasCode(await caught(() => resolveDataFiles({ "bad name": "x" }, dir)), "INVALID_ARGUMENT")).toBe(true);
  });
});

describe("loadFiles", () => {
  it("a string means split train; rows keep file then row order", async () => {
    const dd = await loadFiles("data/train-*.parquet", { baseDir: dir, fingerprint: false });
    expect(dd.splits).toEqual(["train"]);
    expect(
      dd
        .get("train")
        .toArray()
        .map((r) => r.id),
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("split → patterns, in the given order", async () => {
    const dd = await loadFiles(
      { test: "data/test-*", train: ["data/train-00001-of-00002.parquet", "data/train-00000-of-00002.parquet"] },
      { baseDir: dir, fingerprint: false },
    );
    expect(dd.splits).toEqual(["test", "train"]);
    expect(
      dd
        .get("train")
        .toArray()
        .map((r) => r.id),
    ).toEqual([3, 4, 5, 0, 1, 2]);
    expect(dd.get("test").length).toBe(1);
  });

  it("JSON Lines (.gz too) with columns unified across rows", async () => {
    const dd = await loadFiles({ train: "data/sub/*" }, { baseDir: dir, fingerprint: false });
    expect(dd.get("train").toArray()).toEqual([{ a: 1 }, { a: 1.5 }, { a: 2, b: "x" }]);
    const later = await loadFiles({ train: ["data/sub/b.jsonl", "data/sub/a.jsonl.gz"] }, { baseDir: dir, fingerprint: false });
    expect(later.get("train").toArray()).toEqual([
      { a: 2, b: "x" },
      { a: 1, b: null },
      { a: 1.5, b: null },
    ]);
  });

  it("CSV with pandas-like inference, or raw strings", async () => {
    expect((await loadFiles("rows.csv", { baseDir: dir, fingerprint: false })).get("train").toArray()).toEqual([
      { x: 1, y: "a" },
      { x: 2, y: "b" },
    ]);
    expect((await loadFiles("rows.csv", { baseDir: dir, inferTypes: false, fingerprint: false })).get("train").at(0)).toEqual({
      x: "1",
      y: "a",
    });
  });

  it("Parquet files of one split with different columns: SchemaMismatchError naming the odd file and column", async () => {
    const err = await caught(() => loadFiles("odd/*.parquet", { baseDir: dir, fingerprint: false }));
    expect(err).toBeInstanceOf(SchemaMismatchError);
    const { location } = err as SchemaMismatchError;
    expect(location.file).toMatch(/part-1\.parquet$/);
    expect(location.field).toBe("q");
  });

  it("rows are cast to the given features; a value that does not fit names file, row and field", async () => {
    const features: Features = {
      n: { kind: "value", dtype: "int64" },
      label: { kind: "class_label", names: ["neg", "pos"] },
    };
    const ok = await loadFiles({ train: "typed.jsonl" }, { baseDir: dir, fingerprint: false, features, store: "memory" }).catch(
      (e: unknown) => e,
    );
    expect(ok).toBeInstanceOf(SchemaMismatchError);
    const { location } = ok as SchemaMismatchError;
    expect(location.file).toMatch(/typed\.jsonl$/);
    expect(location.row).toBe(2);
    expect(location.field).toBe("n");

    const good = await loadFiles("typed.jsonl", { baseDir: dir, fingerprint: false, features: { n: features.n! }, store: "memory" }).catch(
      (e: unknown) => e,
    );
    expect(good).toBeInstanceOf(SchemaMismatchError);
    expect((good as SchemaMismatchError).location.field).toBe("label");

    await writeFile(join(dir, "typed-ok.jsonl"), '{"n": "1", "label": "neg"}\n{"n": 2.0, "label": "pos"}\n{"label": 1}\n');
    const ds = (await loadFiles("typed-ok.jsonl", { baseDir: dir, fingerprint: false, features, store: "memory" })).get("train");
    expect(ds.toArray()).toEqual([
      { n: 1, label: 0 },
      { n: 2, label: 1 },
      { n: null, label: 1 },
    ]);
  });

  it("mixed formats and malformed files are typed errors", async () => {
    expect(CrucibleError.hasCode(await caught(() => loadFiles("data/**", { baseDir: dir })), "UNSUPPORTED")).toBe(true);
    const err = await caught(() => loadFiles("bad.jsonl", { baseDir: dir, fingerprint: false }));
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).location.line).toBe(2);
  });
});

// Row counts and columns Python `datasets` 5.0.1 reports for the shared mini-Hub files (hub/EXPECTED.tsv).
const hubDir = join(sharedDir, "hub/datasets");
const expectedTsv = join(sharedDir, "hub/EXPECTED.tsv");
const hasHub = sharedDir !== "" && existsSync(expectedTsv) && existsSync(hubDir);

function patternFor(repo: string, config: string, split: string): { baseDir: string; pattern: string } {
  const root = join(hubDir, repo);
  const base = existsSync(join(root, config)) ? join(root, config) : root;
  const files = readdirSync(base, { recursive: true }).map(String);
  const bySplit = files.some((f) => new RegExp(`(^|/)${split}[-.]`).test(f));
  return { baseDir: base, pattern: bySplit ? `**/${split}[-.]*` : "**/*.{parquet,jsonl,jsonl.gz,json}" };
}

describe.skipIf(!hasHub)(`loadFiles on the shared mini-Hub files matches Python's row counts (skipped: ${expectedTsv} is missing)`, () => {
  const cases = hasHub
    ? readFileSync(expectedTsv, "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split("\t") as [string, string, string, string, string])
        .filter(([repo, config]) => repo !== "cais/mmlu" || ["all", "abstract_algebra", "virology"].includes(config))
    : [];
  it.each(cases)("%s %s %s → %s rows", async (repo, config, split, rows, columns) => {
    const { baseDir, pattern } = patternFor(repo, config, split);
    const dd = await loadFiles({ [split]: pattern }, { baseDir, fingerprint: false, store: "memory" });
    const ds = dd.get(split);
    expect(ds.length).toBe(Number(rows));
    expect(Object.keys(ds.at(0) as object).join(",")).toBe(columns);
  });
});

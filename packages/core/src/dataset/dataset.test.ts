import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrucibleError } from "@crucible/types";
import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { asyncBufferFromFile } from "../fs/async-buffer.js";
import { Dataset } from "./dataset.js";

const tmp = mkdtempSync(join(tmpdir(), "crucible-dataset-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const range = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i }));
const ids = (ds: Iterable<{ id: number }>) => [...ds].map((r) => r.id);

describe("Dataset basics", () => {
  const ds = Dataset.fromRows(range(10));
  it("has length, at (with negative indices) and iteration", () => {
    expect(ds.length).toBe(10);
    expect(ds.at(3)).toEqual({ id: 3 });
    expect(ds.at(-1)).toEqual({ id: 9 });
    expect(() => ds.at(10)).toThrow(/out of range/);
    expect(ids(ds)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ds.columnNames).toEqual(["id"]);
    expect(ds.column("id")).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it("fromDict checks lengths", () => {
    expect(Dataset.fromDict({ a: [1, 2], b: ["x", "y"] }).toArray()).toEqual([
      { a: 1, b: "x" },
      { a: 2, b: "y" },
    ]);
    expect(() => Dataset.fromDict({ a: [1, 2], b: ["x"] })).toThrow(/length/);
  });
});

describe("index operations (Python datasets parity)", () => {
  const ds = Dataset.fromRows(range(10));
  it("shuffle({seed}) equals numpy default_rng(seed).permutation", () => {
    expect(ids(ds.shuffle({ seed: 0 }))).toEqual([4, 6, 2, 7, 3, 5, 9, 0, 8, 1]);
    expect(ids(ds.shuffle({ seed: 42 }))).toEqual([5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
    expect(ids(Dataset.fromRows(range(20)).shuffle({ seed: 0 }))).toEqual([
      4, 19, 6, 2, 13, 16, 3, 11, 10, 8, 0, 12, 7, 5, 18, 17, 14, 9, 1, 15,
    ]);
    // shuffle composes with an existing index mapping (select then shuffle)
    expect(ids(ds.skip(0).shuffle({ seed: 0 }))).toEqual([4, 6, 2, 7, 3, 5, 9, 0, 8, 1]);
  });
  it("shuffle builds an index mapping only and leaves the source alone", () => {
    const s = ds.shuffle({ seed: 0 });
    expect(s.indices).toBeInstanceOf(Uint32Array);
    expect(ids(ds)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it("select, take, skip", () => {
    expect(ids(ds.select([9, 0, 9]))).toEqual([9, 0, 9]);
    expect(() => ds.select([10])).toThrow(/out of range/);
    expect(ids(ds.shuffle({ seed: 0 }).take(3))).toEqual([4, 6, 2]);
    expect(ids(ds.shuffle({ seed: 0 }).skip(7))).toEqual([0, 8, 1]);
    expect(() => ds.take(11)).toThrow(); // Python raises IndexError
    expect(ds.skip(20).length).toBe(0);
    expect(ids(ds.take(3).repeat(2))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(ids(ds.shuffle({ seed: 0 }).take(2).repeat(3))).toEqual([4, 6, 4, 6, 4, 6]);
    expect(ds.repeat(0).length).toBe(0);
  });
  it("shard contiguous and strided like Python", () => {
    expect([0, 1, 2].map((index) => ids(ds.shard({ numShards: 3, index })))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect([0, 1, 2].map((index) => ids(ds.shard({ numShards: 3, index, contiguous: false })))).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
    expect(() => ds.shard({ numShards: 3, index: 3 })).toThrow(/index/);
    // split_dataset_by_node on a map-style dataset = contiguous shard(world_size, rank)
    expect(ids(ds.splitByNode(1, 3))).toEqual([4, 5, 6]);
  });
  it("trainTestSplit like Python", () => {
    let d = ds.trainTestSplit({ testSize: 0.3, seed: 0 });
    expect(d.splits).toEqual(["train", "test"]);
    expect(ids(d.get("train"))).toEqual([7, 3, 5, 9, 0, 8, 1]);
    expect(ids(d.get("test"))).toEqual([4, 6, 2]);
    d = ds.trainTestSplit({ testSize: 2, trainSize: 5, seed: 42 });
    expect(ids(d.get("train"))).toEqual([0, 7, 3, 2, 4]);
    expect(ids(d.get("test"))).toEqual([5, 6]);
    d = ds.trainTestSplit({ testSize: 0.25, shuffle: false });
    expect(ids(d.get("train"))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ids(d.get("test"))).toEqual([7, 8, 9]);
    expect(() => ds.trainTestSplit({ testSize: 1.5 })).toThrow();
    // stratified (Python: stratify_by_column="label" on a ClassLabel column)
    const labeled = Dataset.fromDict({ id: [...Array(12).keys()], label: [0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1] });
    const st = labeled.trainTestSplit({ testSize: 0.25, seed: 0, stratifyByColumn: "label" });
    expect(st.get("train").column("id")).toEqual([9, 1, 8, 3, 6, 10, 5, 11, 4]);
    expect(st.get("test").column("id")).toEqual([0, 7, 2]);
  });
  it("filter with index, plain and batched", () => {
    expect(ids(ds.filter((r) => r.id % 2 === 0))).toEqual([0, 2, 4, 6, 8]);
    expect(ids(ds.shuffle({ seed: 0 }).filter((_r, i) => i < 3))).toEqual([4, 6, 2]);
    const b = ds.filter((batch) => (batch.id as number[]).map((v) => v > 6), { batched: true, batchSize: 4 });
    expect(ids(b)).toEqual([7, 8, 9]);
    expect(() => ds.filter(() => [true], { batched: true, batchSize: 4 })).toThrow(/booleans/);
  });
});

describe("map", () => {
  const ds = Dataset.fromRows([
    { q: "a", n: 1 },
    { q: "b", n: 2 },
    { q: "c", n: 3 },
  ]);
  it("merges the output into the row like Python and removes columns", () => {
    const m = ds.map((r, i) => ({ double: r.n * 2, i }));
    expect(m.at(1)).toEqual({ q: "b", n: 2, double: 4, i: 1 });
    const r = ds.map((row) => ({ text: row.q.toUpperCase() }), { removeColumns: ["q", "n"] });
    expect(r.toArray()).toEqual([{ text: "A" }, { text: "B" }, { text: "C" }]);
    // A removed column that fn returns is kept (Python's rule)
    expect(ds.map((row) => ({ q: `${row.q}!` }), { removeColumns: ["q"] }).at(0)).toEqual({ n: 1, q: "a!" });
    expect(() => ds.map(() => ({}), { removeColumns: ["nope" as "q"] })).toThrow(/not in the dataset/);
  });
  it("does not mutate the source when fn mutates its argument", () => {
    const m = ds.map((row) => {
      (row as { n: number }).n = 100;
    });
    expect(m.at(0)).toEqual({ q: "a", n: 100 });
    expect(ds.at(0)).toEqual({ q: "a", n: 1 });
  });
  it("batched map (default batch size 1000) can change the row count when all input columns are removed", () => {
    const m = Dataset.fromDict({ a: [1, 2, 3] }).map((b) => ({ a: (b.a as number[]).flatMap((v) => [v, v]) }), {
      batched: true,
      batchSize: 2,
      removeColumns: ["a"],
    });
    expect(m.column("a" as never)).toEqual([1, 1, 2, 2, 3, 3]); // Python: [1, 1, 2, 2, 3, 3]
    expect(() =>
      Dataset.fromDict({ a: [1, 2, 3], b: [1, 2, 3] }).map((b) => ({ a: (b.a as number[]).flatMap((v) => [v, v]) }), { batched: true }),
    ).toThrow(/kept/);
    const added = Dataset.fromDict({ a: [1, 2, 3] }).map((b) => ({ sq: (b.a as number[]).map((v) => v * v) }), { batched: true });
    expect(added.toArray()).toEqual([
      { a: 1, sq: 1 },
      { a: 2, sq: 4 },
      { a: 3, sq: 9 },
    ]);
    const sizes: number[] = [];
    Dataset.fromRows(Array.from({ length: 2500 }, (_, i) => ({ i }))).map(
      (b) => {
        sizes.push((b.i as number[]).length);
      },
      { batched: true },
    );
    expect(sizes).toEqual([1000, 1000, 500]); // Python's default batch_size=1000
    const fsizes: number[] = [];
    Dataset.fromRows(Array.from({ length: 1500 }, (_, i) => ({ i }))).filter(
      (b) => {
        fsizes.push((b.i as number[]).length);
        return (b.i as number[]).map(() => true);
      },
      { batched: true },
    );
    expect(fsizes).toEqual([1000, 500]);
    const whole: number[] = [];
    Dataset.fromRows(Array.from({ length: 1500 }, (_, i) => ({ i }))).map((b) => void whole.push((b.i as number[]).length), {
      batched: true,
      batchSize: 0,
    });
    expect(whole).toEqual([1500]); // batch_size ≤ 0: the whole dataset in one batch
    const dropped = Dataset.fromDict({ a: [1, 2, 3] }).map((b) => b, { batched: true, batchSize: 2, dropLastBatch: true });
    expect(dropped.length).toBe(2);
  });
});

describe("sort, unique, batch", () => {
  const s = Dataset.fromDict({ k: [3, null, 1, 3, 2, Number.NaN, 1], t: ["b", "x", "a", "a", "c", "n", "b"] });
  it("sorts stably with nulls and NaN at the end, like pyarrow", () => {
    expect(s.sort("k").column("t")).toEqual(["a", "b", "c", "b", "a", "n", "x"]);
    expect(s.sort("k", { reverse: true }).column("t")).toEqual(["b", "a", "c", "a", "b", "n", "x"]);
    expect(s.sort(["k", "t"], { reverse: [true, false] }).column("t")).toEqual(["a", "b", "c", "a", "b", "n", "x"]);
    expect(s.sort((r) => r.t).column("t")).toEqual(["a", "a", "b", "b", "c", "n", "x"]);
  });
  it("orders strings by code point (UTF-8 byte order)", () => {
    const u = Dataset.fromDict({ s: ["é", "z", "a", "\u{1F600}", "\uFF21"] });
    expect(u.sort("s").column("s")).toEqual(["a", "z", "é", "\uFF21", "\u{1F600}"]);
  });
  it("unique keeps first-appearance order", () => {
    expect(s.unique("t")).toEqual(["b", "x", "a", "c", "n"]);
  });
  it("batch gives columnar rows", () => {
    const b = Dataset.fromDict({ a: [1, 2, 3, 4, 5], b: ["a", "b", "c", "d", "e"] }).batch(2);
    expect(b.toArray()).toEqual([
      { a: [1, 2], b: ["a", "b"] },
      { a: [3, 4], b: ["c", "d"] },
      { a: [5], b: ["e"] },
    ]);
    expect(Dataset.fromRows(range(5)).batch(2, { dropLast: true }).length).toBe(2);
  });
});

describe("column operations", () => {
  const ds = Dataset.fromRows([{ a: 1, b: "x", c: true }], {
    features: { a: { kind: "value", dtype: "int64" }, b: { kind: "value", dtype: "string" }, c: { kind: "value", dtype: "bool" } },
  });
  it("rename / remove / select keep features in step", () => {
    const r = ds.renameColumn("a", "z");
    expect(r.at(0)).toEqual({ z: 1, b: "x", c: true });
    expect(Object.keys(r.features ?? {})).toEqual(["z", "b", "c"]);
    expect(ds.renameColumns({ a: "b", b: "a" }).at(0)).toEqual({ b: 1, a: "x", c: true });
    expect(() => ds.renameColumn("a", "b")).toThrow(/not unique/);
    expect(() => ds.renameColumn("nope" as "a", "q")).toThrow(/not in the dataset/);
    expect(ds.removeColumns(["a", "c"]).at(0)).toEqual({ b: "x" });
    const added = ds.addColumn("d", [2.5], { kind: "value", dtype: "float64" });
    expect(added.at(0)).toEqual({ a: 1, b: "x", c: true, d: 2.5 });
    expect(Object.keys(added.features ?? {})).toEqual(["a", "b", "c", "d"]);
    expect(() => ds.addColumn("a", [1])).toThrow(/exists/);
    expect(() => ds.addColumn("e", [1, 2])).toThrow(/values/);
    expect(ds.selectColumns(["c", "a"]).at(0)).toEqual({ c: true, a: 1 });
    expect(Object.keys(ds.selectColumns(["c", "a"]).features ?? {})).toEqual(["c", "a"]);
  });
  it("castColumn converts Value dtypes like Arrow casts", () => {
    const cast = (values: unknown[], dtype: string) =>
      Dataset.fromDict({ x: values }).castColumn("x", { kind: "value", dtype }).column("x");
    expect(cast(["1", "2", "-3"], "int64")).toEqual([1, 2, -3]);
    expect(cast([1.0, 2.5], "string")).toEqual(["1", "2.5"]);
    expect(cast([1, 0, 2], "bool")).toEqual([true, false, true]);
    expect(cast([true, false], "string")).toEqual(["true", "false"]);
    expect(cast(["true", "0", "False"], "bool")).toEqual([true, false, false]);
    expect(cast([1, null], "float32")).toEqual([1, null]);
    expect(cast(["9007199254740993"], "int64")).toEqual([9007199254740993n]);
    expect(cast([0.1], "float32")).toEqual([Math.fround(0.1)]);
    expect(() => cast([1.5], "int64")).toThrow(/not an integer/);
    expect(() => cast([300], "int8")).toThrow(/out of range/);
    expect(() => cast(["abc"], "float64")).toThrow(CrucibleError);
  });
  it("castColumn to ClassLabel maps names to ints and records the feature", () => {
    const c = Dataset.fromDict({ x: ["neg", "pos"] }, { features: { x: { kind: "value", dtype: "string" } } }).castColumn("x", {
      kind: "class_label",
      names: ["neg", "pos"],
    });
    expect(c.column("x")).toEqual([0, 1]);
    expect(c.features?.x).toEqual({ kind: "class_label", names: ["neg", "pos"] });
    try {
      Dataset.fromDict({ x: ["neg", "meh"] }).castColumn("x", { kind: "class_label", names: ["neg", "pos"] });
      expect.unreachable();
    } catch (e) {
      expect((e as CrucibleError).location).toMatchObject({ row: 1, field: "x" });
    }
  });
});

describe("export", () => {
  it("toJSONL writes exact bigints and base64 bytes", () => {
    const p = join(tmp, "out.jsonl");
    const n = Dataset.fromRows([{ a: 1, big: 9007199254740993n, bytes: new Uint8Array([1, 2, 255]), s: "é\n" }]).toJSONL(p);
    expect(n).toBe(1);
    expect(readFileSync(p, "utf8")).toBe('{"a":1,"big":9007199254740993,"bytes":"AQL/","s":"é\\n"}\n');
  });
  it("toParquet round-trips through hyparquet with features in the metadata", async () => {
    const p = join(tmp, "out.parquet");
    const ds = Dataset.fromRows(
      range(2500).map((r) => ({ id: r.id, text: `row ${r.id}`, label: r.id % 2 })),
      {
        features: {
          id: { kind: "value", dtype: "int64" },
          text: { kind: "value", dtype: "string" },
          label: { kind: "class_label", names: ["even", "odd"] },
        },
      },
    );
    await ds.toParquet(p, { rowGroupSize: 1000 });
    const file = await asyncBufferFromFile(p);
    const rows = (await parquetReadObjects({ file })) as Array<Record<string, unknown>>;
    expect(rows.length).toBe(2500);
    expect(rows[2499]).toEqual({ id: 2499n, text: "row 2499", label: 1n });
    const { parquetMetadataAsync } = await import("hyparquet");
    const meta = await parquetMetadataAsync(file);
    expect(meta.row_groups.length).toBe(3);
    const hf = meta.key_value_metadata?.find((kv) => kv.key === "huggingface")?.value ?? "";
    expect(JSON.parse(hf).info.features.label).toEqual({ names: ["even", "odd"], _type: "ClassLabel" });
  });
});

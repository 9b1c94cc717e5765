import { describe, expect, it } from "vitest";
import { NumpyGenerator } from "../rng/index.js";
import { concatenateDatasets, interleaveDatasets } from "./combine.js";
import { Dataset } from "./dataset.js";
import { DatasetDict } from "./dataset-dict.js";

const d1 = Dataset.fromDict({ a: [0, 1, 2] });
const d2 = Dataset.fromDict({ a: [10, 11, 12, 13] });
const d3 = Dataset.fromDict({ a: [20, 21, 22, 23, 24] });

describe("numpy choice with p, as used by interleave", () => {
  it("equals numpy default_rng(0).choice(3, size=20, p=[0.5, 0.3, 0.2])", () => {
    const out = new NumpyGenerator(0).choice(3, 20, { p: [0.5, 0.3, 0.2] });
    expect([...out]).toEqual([1, 0, 0, 0, 2, 2, 1, 1, 1, 2, 2, 0, 2, 0, 1, 0, 2, 1, 0, 0]);
  });
  it("interleave rejects probabilities that do not sum to 1", () => {
    expect(() => interleaveDatasets([d1, d2], { probabilities: [0.5, 0.4], seed: 0 })).toThrow();
  });
});

describe("concatenateDatasets", () => {
  it("stacks rows, composing index mappings", () => {
    const c = concatenateDatasets([d1.shuffle({ seed: 0 }), Dataset.fromDict({ a: [] }), d2.take(2)]);
    expect(c.column("a")).toEqual([...d1.shuffle({ seed: 0 }).column("a"), 10, 11]);
    expect(c.at(-1)).toEqual({ a: 11 });
  });
  it("refuses different columns when features are known", () => {
    const x = Dataset.fromRows([{ a: 1 }], { features: { a: { kind: "value", dtype: "int64" } } });
    const y = Dataset.fromRows([{ b: 1 }], { features: { b: { kind: "value", dtype: "int64" } } });
    expect(() => concatenateDatasets<Record<string, unknown>>([x, y])).toThrow(/columns/);
  });
});

describe("interleaveDatasets (Python datasets 5.0.1 outputs)", () => {
  const il = (opts: Parameters<typeof interleaveDatasets>[1]) => interleaveDatasets([d1, d2, d3], opts).column("a");
  it("round-robin strategies", () => {
    expect(il({})).toEqual([0, 10, 20, 1, 11, 21, 2, 12, 22]);
    expect(il({ stoppingStrategy: "all_exhausted" })).toEqual([0, 10, 20, 1, 11, 21, 2, 12, 22, 0, 13, 23, 1, 10, 24]);
    expect(il({ stoppingStrategy: "all_exhausted_without_replacement" })).toEqual([0, 10, 20, 1, 11, 21, 2, 12, 22, 13, 23, 24]);
  });
  it("probabilities with a seed", () => {
    const p = [0.7, 0.2, 0.1];
    expect(il({ probabilities: p, seed: 42 })).toEqual([10, 0, 11, 1, 2]);
    expect(il({ probabilities: p, seed: 42, stoppingStrategy: "all_exhausted_without_replacement" })).toEqual([
      10, 0, 11, 1, 2, 20, 12, 13, 21, 22, 23, 24,
    ]);
    expect(il({ probabilities: p, seed: 42, stoppingStrategy: "all_exhausted" })).toEqual([
      10, 0, 11, 1, 2, 20, 12, 13, 0, 1, 2, 21, 0, 10, 1, 2, 0, 1, 11, 2, 12, 0, 22, 13, 10, 1, 2, 0, 1, 2, 11, 23, 0, 1, 2, 0, 1, 2, 0, 1,
      2, 12, 13, 0, 10, 11, 1, 2, 0, 1, 2, 0, 12, 1, 13, 10, 2, 0, 1, 2, 0, 1, 2, 11, 0, 1, 2, 0, 1, 2, 0, 1, 12, 2, 0, 1, 2, 0, 1, 13, 2,
      0, 10, 1, 2, 0, 11, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 24,
    ]);
  });
  it("refuses a strategy that would never end", () => {
    expect(() => il({ probabilities: [1, 0, 0], stoppingStrategy: "all_exhausted" })).toThrow(/never ends/);
  });
});

describe("DatasetDict", () => {
  const dd = new DatasetDict<{ id: number }>({
    train: Dataset.fromRows(Array.from({ length: 10 }, (_, id) => ({ id }))),
    test: d1.renameColumn("a", "id") as unknown as Dataset<{ id: number }>,
  });
  it("gets splits in order and reports unknown ones", () => {
    expect(dd.splits).toEqual(["train", "test"]);
    expect(dd.has("validation")).toBe(false);
    expect(() => dd.get("validation")).toThrow(/Available splits: train, test/);
    expect(dd.numRows).toEqual({ train: 10, test: 3 });
    expect(dd.columnNames).toEqual({ train: ["id"], test: ["id"] });
    expect(dd.unique("id").test).toEqual([0, 1, 2]);
  });
  it("applies transforms to every split", () => {
    const s = dd.shuffle({ seed: 0 });
    expect(s.get("train").column("id")).toEqual([4, 6, 2, 7, 3, 5, 9, 0, 8, 1]);
    const m = dd.map((r) => ({ twice: r.id * 2 }));
    expect(m.get("test").at(2)).toEqual({ id: 2, twice: 4 });
    expect([...dd.filter((r) => r.id > 1)].map(([k, v]) => [k, v.length])).toEqual([
      ["train", 8],
      ["test", 1],
    ]);
  });
});

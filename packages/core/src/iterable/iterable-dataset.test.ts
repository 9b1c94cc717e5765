import { describe, expect, it } from "vitest";
import { Dataset } from "../dataset/dataset.js";
import { IterableDataset, epochSeed } from "./iterable-dataset.js";

const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: from + i }));
const ids = async (ds: IterableDataset<{ id: number }>) => (await ds.toArray()).map((r) => r.id);
const ds20 = Dataset.fromRows(rows(20));

describe("IterableDataset basics", () => {
  it("fromIterable (sync, async, factory) and fromShards", async () => {
    expect(await ids(IterableDataset.fromIterable(rows(3)))).toEqual([0, 1, 2]);
    async function* gen() {
      yield* rows(2);
    }
    expect(await ids(IterableDataset.fromIterable(gen))).toEqual([0, 1]);
    const sharded = IterableDataset.fromShards([() => rows(2), () => rows(2, 10)]);
    expect(sharded.numShards).toBe(2);
    expect(await ids(sharded)).toEqual([0, 1, 10, 11]);
    expect(await ids(sharded)).toEqual([0, 1, 10, 11]); // shards reopen on every iteration
  });
  it("map, filter, take, skip, batch compose lazily", async () => {
    const it = ds20.toIterableDataset();
    let calls = 0;
    const m = it.map((r) => {
      calls++;
      return { sq: r.id * r.id };
    });
    expect(calls).toBe(0);
    expect(await m.take(3).toArray()).toEqual([
      { id: 0, sq: 0 },
      { id: 1, sq: 1 },
      { id: 2, sq: 4 },
    ]);
    expect(calls).toBe(3); // take stops the upstream early
    expect(await ids(it.filter((r) => r.id % 5 === 0).skip(1))).toEqual([5, 10, 15]);
    expect(await it.batch(8).toArray()).toEqual([
      { id: [0, 1, 2, 3, 4, 5, 6, 7] },
      { id: [8, 9, 10, 11, 12, 13, 14, 15] },
      { id: [16, 17, 18, 19] },
    ]);
    expect((await it.batch(8, { dropLast: true }).toArray()).length).toBe(2);
    const doubled = it.map((b) => ({ id: (b.id as number[]).flatMap((v) => [v, v]) }), {
      batched: true,
      batchSize: 4,
      removeColumns: ["id"],
    });
    expect((await doubled.take(5).toArray()).map((r) => r.id)).toEqual([0, 0, 1, 1, 2]);
    expect(await it.renameColumn("id", "k").take(1).toArray()).toEqual([{ k: 0 }]);
    expect(
      await it
        .map(() => ({ x: 1 }))
        .selectColumns(["x"])
        .take(1)
        .toArray(),
    ).toEqual([{ x: 1 }]);
    expect(
      await it
        .map(() => ({ x: 1 }))
        .removeColumns("id")
        .take(1)
        .toArray(),
    ).toEqual([{ x: 1 }]);
  });
});

describe("IterableDataset.shuffle (matches Python datasets 5.0.1 for one shard)", () => {
  const one = ds20.toIterableDataset(1);
  it("buffer shuffle", async () => {
    expect(await ids(one.shuffle({ seed: 0, bufferSize: 5 }))).toEqual([
      4, 3, 2, 1, 8, 0, 10, 11, 12, 5, 6, 14, 7, 15, 16, 9, 18, 19, 13, 17,
    ]);
    // A buffer larger than the data degenerates to numpy's shuffle = permutation(20, 0)
    expect(await ids(one.shuffle({ seed: 0 }))).toEqual([4, 19, 6, 2, 13, 16, 3, 11, 10, 8, 0, 12, 7, 5, 18, 17, 14, 9, 1, 15]);
  });
  it("setEpoch changes the effective seed like Python's shift_rngs", async () => {
    const s = one.shuffle({ seed: 0, bufferSize: 5 });
    const e0 = await ids(s);
    s.setEpoch(1);
    expect(s.epoch).toBe(1);
    expect(await ids(s)).toEqual([4, 1, 2, 6, 0, 7, 8, 10, 3, 5, 11, 13, 12, 14, 16, 19, 15, 18, 17, 9]);
    s.setEpoch(0);
    expect(await ids(s)).toEqual(e0);
    expect(epochSeed(5, 0)).toBe(5);
    expect(typeof epochSeed(5, 3)).toBe("bigint");
  });
  it("shuffles the shard order with the seed and keeps every row exactly once", async () => {
    const four = ds20.toIterableDataset(4);
    const out = await ids(four.shuffle({ seed: 42, bufferSize: 1 }));
    // bufferSize 1 keeps row order within shards: the shard order is numpy permutation(4, 42) = [3, 2, 1, 0]
    expect(out).toEqual([15, 16, 17, 18, 19, 10, 11, 12, 13, 14, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
    const big = await ids(four.shuffle({ seed: 42, bufferSize: 3 }));
    expect([...big].sort((a, b) => a - b)).toEqual(rows(20).map((r) => r.id));
    // take() before shuffle freezes the shard order
    const frozen = await ids(four.take(20).shuffle({ seed: 42, bufferSize: 1 }));
    expect(frozen).toEqual(rows(20).map((r) => r.id));
  });
});

describe("shard and splitByNode (Python split_dataset_by_node)", () => {
  const four = ds20.toIterableDataset(4);
  it("shard-level split when numShards % worldSize == 0", async () => {
    expect(await ids(four.splitByNode(1, 2))).toEqual([5, 6, 7, 8, 9, 15, 16, 17, 18, 19]);
    const all = [...(await ids(four.splitByNode(0, 2))), ...(await ids(four.splitByNode(1, 2)))].sort((a, b) => a - b);
    expect(all).toEqual(rows(20).map((r) => r.id));
  });
  it("row-level split otherwise", async () => {
    expect(await ids(four.splitByNode(1, 3))).toEqual([1, 4, 7, 10, 13, 16, 19]);
  });
  it("nodes of a shuffled dataset are disjoint and cover the data", async () => {
    const s = four.shuffle({ seed: 3, bufferSize: 4 });
    const parts = await Promise.all([0, 1].map((r) => ids(s.splitByNode(r, 2))));
    expect(parts[0]?.some((x) => parts[1]?.includes(x))).toBe(false);
    expect([...(parts[0] ?? []), ...(parts[1] ?? [])].sort((a, b) => a - b)).toEqual(rows(20).map((r) => r.id));
  });
  it("shard keeps shard groups", async () => {
    expect(await ids(four.shard({ numShards: 2, index: 1 }))).toEqual(rows(10, 10).map((r) => r.id));
    expect(await ids(four.shard({ numShards: 2, index: 1, contiguous: false }))).toEqual([5, 6, 7, 8, 9, 15, 16, 17, 18, 19]);
    expect(four.shard({ numShards: 2, index: 0 }).numShards).toBe(2);
    expect(() => four.shard({ numShards: 5, index: 0 })).toThrow(/cannot split/);
    expect(() => four.splitByNode(2, 2)).toThrow(/rank/);
  });
});

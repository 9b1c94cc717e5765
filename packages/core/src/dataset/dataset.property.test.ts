import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dataset } from "./dataset.js";

const make = (n: number) => Dataset.fromRows(Array.from({ length: n }, (_, id) => ({ id })));

describe("Dataset index operations (properties)", () => {
  it("contiguous and strided shards each partition the rows, sizes differing by at most one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 17 }), fc.boolean(), (n, k, contiguous) => {
        const ds = make(n);
        const shards = Array.from({ length: k }, (_, index) => ds.shard({ numShards: k, index, contiguous }).column("id"));
        const all = shards.flat();
        expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        if (contiguous) expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it("shuffle is a permutation and composes with select/filter like plain arrays", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.nat(1000), (n, seed) => {
        const ds = make(n);
        const ids = ds.shuffle({ seed }).column("id");
        expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        const picked = ds
          .shuffle({ seed })
          .filter((r) => r.id % 3 === 0)
          .column("id");
        expect(picked).toEqual(ids.filter((id) => id % 3 === 0));
        const k = Math.floor(n / 2);
        expect(ds.shuffle({ seed }).skip(k).column("id")).toEqual(ids.slice(k));
      }),
      { numRuns: 100 },
    );
  });
});

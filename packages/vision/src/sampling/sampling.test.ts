import { Dataset } from "@crucible/core";
import { InvalidArgumentError } from "@crucible/types";
import { describe, expect, it } from "vitest";
import { cookbookClassName, sampleFewShot, shuffledIndices, subsamplePerClass } from "./sampling.js";

// Expected values from CPython 3 (`random.Random(seed)`), running the cookbook's own code:
//   get_shuffled_indices: for _ in range(ceil(r)): l = list(range(n)); rng.shuffle(l); out.extend(l)  → out[:ceil(r*n)]
//   _sample_per_class: group by label in order; for label in sorted(...): rng.shuffle(ix); out.extend(ix[:k])
const LABELS = [2, 0, 1, 0, 2, 2, 1, 0, 0, 3, 2, 1, 0];

describe("cookbook sampling (CPython random.Random parity)", () => {
  it("shuffledIndices matches get_shuffled_indices", () => {
    expect(shuffledIndices(10)).toEqual([7, 8, 1, 5, 3, 4, 2, 0, 9, 6]);
    expect(shuffledIndices(7, { seed: 3, numRepeats: 1.5 })).toEqual([0, 2, 3, 6, 5, 4, 1, 3, 2, 1, 6]);
    expect(shuffledIndices(5, { numRepeats: 0.5 })).toEqual([2, 1, 0]);
    expect(shuffledIndices(0)).toEqual([]);
    expect(() => shuffledIndices(-1)).toThrow(InvalidArgumentError);
    expect(() => shuffledIndices(3, { numRepeats: Number.NaN })).toThrow(InvalidArgumentError);
  });

  it("subsamplePerClass matches _sample_per_class", () => {
    expect(subsamplePerClass(LABELS, 2)).toEqual([7, 3, 2, 6, 0, 5, 9]);
    expect(subsamplePerClass(LABELS, 3, { seed: 42 })).toEqual([8, 3, 7, 6, 11, 2, 10, 0, 5, 9]);
    expect(subsamplePerClass(LABELS, 0)).toEqual([]);
    expect(() => subsamplePerClass(LABELS, 1.5)).toThrow(InvalidArgumentError);
  });

  it("sampleFewShot selects those rows from a dataset", () => {
    const ds = Dataset.fromRows(LABELS.map((label, i) => ({ id: `r${i}`, label })));
    expect(
      sampleFewShot(ds, 2)
        .toArray()
        .map((r) => r.id),
    ).toEqual(["r7", "r3", "r2", "r6", "r0", "r5", "r9"]);
  });

  it("cookbookClassName replaces _ . - with spaces and lower-cases", () => {
    expect(cookbookClassName("Faces_easy")).toBe("faces easy");
    expect(cookbookClassName("american_pit_bull_terrier")).toBe("american pit bull terrier");
    expect(cookbookClassName("Mercedes-Benz S-Class Sedan 2012")).toBe("mercedes benz s class sedan 2012");
    expect(cookbookClassName("st._bernard")).toBe("st  bernard");
  });
});

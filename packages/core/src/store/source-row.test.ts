import { describe, expect, it } from "vitest";
import { sourceRowOf } from "./row-store.js";

describe("sourceRowOf", () => {
  it("maps positions through source ranges, range after range", () => {
    const info = {
      split: "train[2:4]+test[:1]",
      sourceRanges: [
        { split: "train", start: 2, end: 4 },
        { split: "test", start: 0, end: 1 },
      ],
    };
    expect([0, 1, 2].map((i) => sourceRowOf(info, i))).toEqual([
      { split: "train", index: 2 },
      { split: "train", index: 3 },
      { split: "test", index: 0 },
    ]);
    expect(() => sourceRowOf(info, 3)).toThrow(RangeError);
  });

  it("without ranges a position is the row of the dataset's own split", () => {
    expect(sourceRowOf({ split: "train" }, 7)).toEqual({ split: "train", index: 7 });
  });
});

import { InvalidArgumentError } from "@crucible/types";
import { describe, expect, it } from "vitest";
import { normalizeDataFiles } from "./data-files.js";

describe("normalizeDataFiles (Python sanitize_patterns)", () => {
  it("maps a string or a list to train, and keeps split → patterns", () => {
    expect(normalizeDataFiles("a.csv")).toEqual({ train: ["a.csv"] });
    expect(normalizeDataFiles(["a.csv", "b.csv"])).toEqual({ train: ["a.csv", "b.csv"] });
    expect(normalizeDataFiles({ train: "a.csv", test: ["b.csv", "c.csv"] })).toEqual({ train: ["a.csv"], test: ["b.csv", "c.csv"] });
  });

  it("reads the README YAML list form, one entry per split", () => {
    const spec = [
      { split: "train", path: "data/train-*" },
      { split: "test", path: ["data/test-0.parquet", "data/test-1.parquet"] },
    ];
    expect(normalizeDataFiles(spec)).toEqual({ train: ["data/train-*"], test: ["data/test-0.parquet", "data/test-1.parquet"] });
  });

  it("refuses duplicated splits, mixed lists, bad split names and empty specs", () => {
    expect(() =>
      normalizeDataFiles([
        { split: "train", path: "a" },
        { split: "train", path: "b" },
      ]),
    ).toThrow(/duplicated/);
    expect(() => normalizeDataFiles([{ split: "train", path: "a" }, "b.csv"])).toThrow(InvalidArgumentError);
    expect(() => normalizeDataFiles({ "bad name": "a" })).toThrow(/Invalid split name/);
    expect(() => normalizeDataFiles({})).toThrow(/empty/);
  });
});

import { describe, expect, it } from "vitest";
import { parseCardData } from "./card.js";
import { LfsRules, LFS_SIZE_THRESHOLD } from "./lfs.js";
import { autoSplits } from "./parquet-export.js";
import { parseRange } from "./range.js";
import { splitRevisionAndPath } from "./router.js";

describe("parseRange", () => {
  it("handles single ranges, suffixes, open ends and clamps", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ kind: "single", start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ kind: "single", start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ kind: "single", start: 90, end: 99 });
    expect(parseRange("bytes=-1000", 100)).toEqual({ kind: "single", start: 0, end: 99 });
    expect(parseRange("bytes=50-1000", 100)).toEqual({ kind: "single", start: 50, end: 99 });
  });
  it("unsatisfiable vs ignored", () => {
    expect(parseRange("bytes=100-", 100).kind).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 100).kind).toBe("unsatisfiable");
    expect(parseRange("bytes=0-0", 0).kind).toBe("unsatisfiable");
    expect(parseRange(undefined, 100).kind).toBe("none");
    expect(parseRange("bytes=0-1,5-6", 100).kind).toBe("none");
    expect(parseRange("bytes=9-1", 100).kind).toBe("none");
    expect(parseRange("lines=0-1", 100).kind).toBe("none");
  });
});

describe("LfsRules", () => {
  it("default .gitattributes, size threshold and binary content", () => {
    const r = new LfsRules();
    expect(r.isLfs("data/x.parquet", 10, false)).toBe(true);
    expect(r.isLfs("x.jsonl.gz", 10, false)).toBe(true);
    expect(r.isLfs("README.md", 10, false)).toBe(false);
    expect(r.isLfs("test.jsonl", 10, false)).toBe(false);
    expect(r.isLfs("test.jsonl", LFS_SIZE_THRESHOLD, false)).toBe(true);
    expect(r.isLfs("x.dat", 10, true)).toBe(true);
    expect(r.isLfs("saved_model/a/b.txt", 10, false)).toBe(true);
  });
  it("a repo's own .gitattributes replaces the default; later lines win", () => {
    const r = new LfsRules("*.jsonl filter=lfs diff=lfs merge=lfs -text\ndata/keep.jsonl -filter\n/top.csv filter=lfs\n");
    expect(r.matches("a/b.jsonl")).toBe(true);
    expect(r.matches("data/keep.jsonl")).toBe(false);
    expect(r.matches("top.csv")).toBe(true);
    expect(r.matches("sub/top.csv")).toBe(false);
    expect(r.matches("x.parquet")).toBe(false);
  });
});

describe("parseCardData", () => {
  it("parses front matter and ignores bad or missing YAML", () => {
    expect(parseCardData("---\nlicense: mit\nconfigs:\n- config_name: a\n---\n# hi")).toEqual({
      license: "mit",
      configs: [{ config_name: "a" }],
    });
    expect(parseCardData("# no yaml")).toBeUndefined();
    expect(parseCardData("---\n: : bad: [\n---\n")).toBeUndefined();
    expect(parseCardData("---\na: 1\na: 2\n---\n")).toBeUndefined(); // duplicate keys
    expect(parseCardData("---\n- a list\n---\n")).toBeUndefined();
  });
});

describe("autoSplits (datasets' automatic patterns)", () => {
  it("sharded data/ layout", () => {
    const m = autoSplits([
      "data/test-00000-of-00001.parquet",
      "data/train-00000-of-00002.parquet",
      "data/train-00001-of-00002.parquet",
      "README.md",
    ]);
    expect([...m.keys()]).toEqual(["train", "test"]);
    expect(m.get("train")).toHaveLength(2);
  });
  it("directory names, then file names, then everything is train", () => {
    expect(Object.fromEntries(autoSplits(["harmless-base/test.jsonl.gz", "harmless-base/train.jsonl.gz"]))).toEqual({
      train: ["harmless-base/train.jsonl.gz"],
      test: ["harmless-base/test.jsonl.gz"],
    });
    expect(Object.fromEntries(autoSplits(["x/dev/a.csv", "x/train/b.csv"]))).toEqual({
      train: ["x/train/b.csv"],
      validation: ["x/dev/a.csv"],
    });
    expect(Object.fromEntries(autoSplits(["foo.parquet", "bar.parquet", ".hidden/x.parquet"]))).toEqual({
      train: ["bar.parquet", "foo.parquet"],
    });
  });
});

describe("splitRevisionAndPath", () => {
  it("takes raw special refs greedily and decodes the rest", () => {
    expect(splitRevisionAndPath("refs/convert/parquet/default/train/0000.parquet")).toEqual({
      revision: "refs/convert/parquet",
      path: "default/train/0000.parquet",
    });
    expect(splitRevisionAndPath("refs%2Fconvert%2Fparquet/a%20b")).toEqual({ revision: "refs/convert/parquet", path: "a b" });
    expect(splitRevisionAndPath("refs/pr/12")).toEqual({ revision: "refs/pr/12", path: "" });
    expect(splitRevisionAndPath("main/data%2Ftrain")).toEqual({ revision: "main", path: "data/train" });
    expect(splitRevisionAndPath("main/%2e%2e/x")).toBeUndefined();
    expect(splitRevisionAndPath("main/%zz")).toBeUndefined();
  });
});

describe("HashCache", () => {
  it("hashes once per (path, size, mtime) and replaces stale entries", async () => {
    const { HashCache } = await import("./hash.js");
    const { writeFileSync, statSync, utimesSync } = await import("node:fs");
    const { tempDir, sha256 } = await import("./test-support/fixtures.js");
    const t = tempDir();
    try {
      const f = `${t.dir}/a.txt`;
      writeFileSync(f, "one");
      const c = new HashCache();
      const s1 = statSync(f);
      const h1 = c.get(f, s1.size, s1.mtimeMs);
      expect(c.get(f, s1.size, s1.mtimeMs)).toBe(h1);
      expect((await h1).sha256).toBe(sha256("one"));
      writeFileSync(f, "two!");
      utimesSync(f, new Date(0), new Date(5000));
      const s2 = statSync(f);
      expect((await c.get(f, s2.size, s2.mtimeMs)).sha256).toBe(sha256("two!"));
      expect(c.size).toBe(1);
    } finally {
      t.cleanup();
    }
  });
});

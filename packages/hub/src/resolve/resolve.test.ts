import { existsSync } from "node:fs";
import path from "node:path";
import { CrucibleError } from "@crucible/types";
import { describe, expect, it } from "vitest";
import { readExpectedSplits, sharedData } from "@crucible/mirror/testing";
import { repoViewFromDir } from "../test-support/local-repo.js";
import { globToRegExp } from "./glob.js";
import { inferModule } from "./infer.js";
import { getDataPatterns, resolvePattern } from "./patterns.js";
import { chooseConfig, type RepoView, resolveRepoView } from "./resolve.js";

const view = (files: string[], readme?: string): RepoView => {
  const v: RepoView = { repo: "t/r", revision: "main", sha: "a".repeat(40), files: files.map((p) => ({ path: p })) };
  if (readme !== undefined) v.readme = readme;
  return v;
};
const splitsOf = (v: RepoView, config?: string) =>
  Object.fromEntries(Object.entries(chooseConfig(resolveRepoView(v), config).splits).map(([s, f]) => [s, f.map((x) => x.path)]));

describe("glob (fsspec semantics)", () => {
  it("* stays in one segment, ** spans segments and may be empty", () => {
    expect(globToRegExp("data/*").test("data/a.csv")).toBe(true);
    expect(globToRegExp("data/*").test("data/x/a.csv")).toBe(false);
    expect(globToRegExp("**/train[-._ 0-9]*").test("train.jsonl")).toBe(true);
    expect(globToRegExp("**/train[-._ 0-9]*").test("a/b/train-0.parquet")).toBe(true);
    expect(globToRegExp("**/train[-._ 0-9]*").test("a/trainx.parquet")).toBe(false);
    expect(globToRegExp("**/*[-._ 0-9]test[-._ 0-9]*").test("my-test-0.csv")).toBe(true);
    expect(globToRegExp("main/train-*").test("main/train-00000-of-00001.parquet")).toBe(true);
    expect(() => globToRegExp("data/**.csv")).toThrow();
  });
});

describe("automatic split patterns", () => {
  it("sharded layout: train, validation, test first, then other splits sorted", () => {
    const files = [
      "data/zeta-00000-of-00001.parquet",
      "data/test-00000-of-00001.parquet",
      "data/train-00000-of-00002.parquet",
      "data/train-00001-of-00002.parquet",
      "data/alpha-00000-of-00001.parquet",
    ];
    expect(Object.keys(getDataPatterns(files) ?? {})).toEqual(["train", "test", "alpha", "zeta"]);
    expect(splitsOf(view(files))).toEqual({
      train: ["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"],
      test: ["data/test-00000-of-00001.parquet"],
      alpha: ["data/alpha-00000-of-00001.parquet"],
      zeta: ["data/zeta-00000-of-00001.parquet"],
    });
  });
  it("split in directory name beats split in file name; keyword aliases map to train/validation/test", () => {
    expect(splitsOf(view(["data/training/a.csv", "data/dev/b.csv", "data/eval/c.csv", "test.csv"]))).toEqual({
      train: ["data/training/a.csv"],
      validation: ["data/dev/b.csv"],
      test: ["data/eval/c.csv"],
    });
  });
  it("split in file name, .jsonl.gz, sorted by code point", () => {
    expect(
      splitsOf(
        view([
          "README.md",
          "harmless-base/test.jsonl.gz",
          "helpful/train.jsonl.gz",
          "helpful/B_train.jsonl.gz",
          "helpful/a_train.jsonl.gz",
        ]),
      ),
    ).toEqual({
      train: ["helpful/train.jsonl.gz", "helpful/B_train.jsonl.gz", "helpful/a_train.jsonl.gz"],
      test: ["harmless-base/test.jsonl.gz"],
    });
  });
  it("everything else goes to train; hidden files, README and unsupported extensions are skipped", () => {
    expect(
      splitsOf(view([".gitattributes", "README.md", "LICENSE", "x/data.jsonl", ".hidden/y.jsonl", "__pycache__/z.jsonl", "a.jsonl"])),
    ).toEqual({
      train: ["a.jsonl", "x/data.jsonl"],
    });
  });
  it("module filter keeps only the majority format's files", () => {
    expect(splitsOf(view(["train.parquet", "train.txt", "train_2.parquet"]))).toEqual({ train: ["train.parquet", "train_2.parquet"] });
    expect(inferModule(["a.jsonl.gz", "b.jsonl"])).toBe("json");
    expect(inferModule(["a.csv", "b.parquet"])).toBe("parquet");
  });
  it("resolvePattern skips hidden files unless named", () => {
    expect(resolvePattern("**", [".a/b.csv", "c.csv"])).toEqual(["c.csv"]);
    expect(resolvePattern(".a/*", [".a/b.csv", "c.csv"])).toEqual([".a/b.csv"]);
  });
  it("no data file at all is a FILE_NOT_FOUND error", () => {
    expect(() => resolveRepoView(view(["README.md", "LICENSE"]))).toThrow(CrucibleError);
  });
});

const YAML = `---
configs:
- config_name: main
  data_files:
  - split: train
    path: main/train-*
  - split: test
    path: main/test-*
- config_name: other
  data_files: other/*.jsonl
- config_name: dir
  data_dir: d
  sep: ";"
dataset_info:
- config_name: main
  features:
  - name: label
    dtype:
      class_label:
        names:
          '0': neg
          '1': pos
  splits:
  - name: train
    num_examples: 3
---
# card
`;

describe("README configs", () => {
  const files = [
    "main/train-00000-of-00001.parquet",
    "main/test-00000-of-00001.parquet",
    "other/b.jsonl",
    "other/a.jsonl",
    "d/valid.csv",
    "d/train.csv",
  ];
  it("lists configs in README order and resolves each", () => {
    const r = resolveRepoView(view(files, YAML));
    expect(r.configNames).toEqual(["main", "other", "dir"]);
    // Python: a single dataset_info entry makes that config the default.
    expect(r.defaultConfig).toBe("main");
    expect(splitsOf(view(files, YAML), "other")).toEqual({ train: ["other/a.jsonl", "other/b.jsonl"] });
    expect(splitsOf(view(files, YAML), "dir")).toEqual({ train: ["d/train.csv"], validation: ["d/valid.csv"] });
    const main = r.config("main");
    expect(main.numExamples).toEqual({ train: 3 });
    expect(main.features?.label).toEqual({ kind: "class_label", names: ["neg", "pos"] });
    expect(r.config("dir").builderKwargs).toEqual({ sep: ";" });
  });
  it("several configs and no default: error listing them; default: true picks one", () => {
    try {
      chooseConfig(resolveRepoView(view(files, YAML.replace(/dataset_info:[\s\S]*?---/, "---"))), undefined);
      expect.unreachable();
    } catch (e) {
      expect(CrucibleError.hasCode(e, "CONFIG_NOT_FOUND")).toBe(true);
      expect((e as Error).message).toContain("main, other, dir");
    }
    const withDefault = YAML.replace("- config_name: other\n", "- config_name: other\n  default: true\n");
    expect(chooseConfig(resolveRepoView(view(files, withDefault)), undefined).config).toBe("other");
  });
  it("unknown config and unknown split give typed errors", () => {
    const r = resolveRepoView(view(files, YAML));
    expect(() => r.config("nope")).toThrow(/Available configs: main, other, dir/);
  });
  it("a string data_files goes to train; a missing non-glob path is an error", () => {
    const y = "---\nconfigs:\n- config_name: default\n  data_files: a.csv\n---\n";
    expect(splitsOf(view(["a.csv"], y))).toEqual({ train: ["a.csv"] });
    expect(() => splitsOf(view(["b.csv"], y))).toThrow(/Unable to find 'a.csv'/);
  });
  it("rejects duplicate YAML keys and bad split names", () => {
    expect(() => resolveRepoView(view([], "---\na: 1\na: 2\n---\n"))).toThrow(CrucibleError);
    expect(() =>
      resolveRepoView(view([], "---\nconfigs:\n- config_name: x\n  data_files:\n  - split: bad-name\n    path: a.csv\n---\n")),
    ).toThrow(CrucibleError);
  });
});

const { hub: sharedHub } = sharedData();
const hasShared = sharedHub !== "" && existsSync(path.join(sharedHub, "EXPECTED.tsv"));
describe.skipIf(!hasShared)(`shared hub repos resolve to EXPECTED.tsv configs/splits (needs ${sharedHub})`, () => {
  it("every repo's configs and splits match", () => {
    const expected = hasShared ? readExpectedSplits(sharedHub) : [];
    const repos = [...new Set(expected.map((e) => e.repo))];
    for (const repo of repos) {
      const v = repoViewFromDir(path.join(sharedHub, "datasets", repo), repo);
      const r = resolveRepoView(v);
      const rows = expected.filter((e) => e.repo === repo);
      expect(r.configNames, repo).toEqual([...new Set(rows.map((e) => e.config))]);
      for (const c of r.configNames) {
        expect(Object.keys(r.config(c).splits), `${repo}/${c}`).toEqual(rows.filter((e) => e.config === c).map((e) => e.split));
      }
    }
  });
});

describe("parquet export fallback (refs/convert/parquet layout)", () => {
  it("one config per folder, partial- splits merged, train/validation/test first", async () => {
    const { parquetExportView } = await import("./parquet-export.js");
    const exp = parquetExportView(
      view([
        ".gitattributes",
        "default/train/0000.parquet",
        "default/train/0001.parquet",
        "default/test/0000.parquet",
        "other/partial-zeta/0000.parquet",
        "other/validation/0000.parquet",
      ]),
    );
    expect(exp).toBeDefined();
    const r = resolveRepoView(exp as RepoView);
    expect(r.configNames).toEqual(["default", "other"]);
    expect(r.defaultConfig).toBe("default");
    expect(splitsOf(exp as RepoView, "default")).toEqual({
      train: ["default/train/0000.parquet", "default/train/0001.parquet"],
      test: ["default/test/0000.parquet"],
    });
    expect(splitsOf(exp as RepoView, "other")).toEqual({
      validation: ["other/validation/0000.parquet"],
      zeta: ["other/partial-zeta/0000.parquet"],
    });
    expect(parquetExportView(view([".gitattributes"]))).toBeUndefined();
  });
});

describe("user data_files / data_dir (Python load_dataset(data_files=…, data_dir=…))", () => {
  const files = ["README.md", "a/train.csv", "a/test.csv", "b/x.jsonl", "b/y.jsonl"];
  const yaml = "---\nconfigs:\n- config_name: default\n  data_files: b/*.jsonl\n---\n";
  it("data_dir resolves the automatic patterns under that folder, over the YAML data_files", () => {
    const r = resolveRepoView(view(files, yaml), { dataDir: "a" });
    expect(Object.fromEntries(Object.entries(r.config("default").splits).map(([s, f]) => [s, f.map((x) => x.path)]))).toEqual({
      train: ["a/train.csv"],
      test: ["a/test.csv"],
    });
  });
  it("data_files patterns win, split → patterns or a list for train", () => {
    const r = resolveRepoView(view(files, yaml), { dataFiles: { test: "b/y.jsonl", train: ["b/x.jsonl"] } });
    expect(Object.keys(r.config("default").splits)).toEqual(["test", "train"]);
    const r2 = resolveRepoView(view(files), { dataFiles: "b/*.jsonl" });
    expect(r2.config("default").splits.train?.map((f) => f.path)).toEqual(["b/x.jsonl", "b/y.jsonl"]);
  });
});

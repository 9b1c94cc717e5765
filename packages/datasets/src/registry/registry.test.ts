import { rmSync } from "node:fs";
import type { Dataset, DatasetDict, IterableDataset, Row } from "@crucible/core";
import type { Conversation, LabeledComparison, MathProblem, MultipleChoiceQuestion } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { flatParquet, hfMetadata, type MirrorHarness, startMirrorHarness, writeFixtureRepo } from "@crucible/mirror/testing";
import { load } from "../load.js";
import { CATALOG } from "./catalog.js";
import { findEntry, list, search, suggestNames } from "./find.js";
import { LOADERS } from "./loaders.js";

const COOKBOOK_NAMES = [
  "gsm8k",
  "math500",
  "hendrycks_math",
  "deepmath",
  "polaris",
  "tulu3_sft",
  "no_robots",
  "openthoughts3",
  "hh_rlhf",
  "helpsteer3",
  "helpsteer2",
  "ultrafeedback",
  "arena_140k",
  "tulu3_preference",
  "deepcoder",
  "humaneval",
  "mmlu",
  "caltech101",
  "flowers102",
  "oxford_pets",
  "stanford_cars",
];

describe("registry metadata", () => {
  it("has the 21 cookbook datasets, each with a loader and complete metadata", () => {
    expect(CATALOG.map((e) => e.name).sort()).toEqual([...COOKBOOK_NAMES].sort());
    expect(Object.keys(LOADERS).sort()).toEqual([...COOKBOOK_NAMES].sort());
    for (const e of CATALOG) {
      expect(e.repo, e.name).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(e.splits.length, e.name).toBeGreaterThan(0);
      expect(e.configs.length, e.name).toBeGreaterThan(0);
      expect(e.description.length, e.name).toBeGreaterThan(10);
      expect(e.license, e.name).not.toBe("");
      expect(e.loader.package, e.name).toBe(`@crucible/${e.domain}`);
    }
  });

  it("list filters by domain and returns copies", () => {
    expect(list({ domain: "vision" }).map((e) => e.name)).toEqual(["caltech101", "flowers102", "oxford_pets", "stanford_cars"]);
    expect(list()).toHaveLength(21);
    const copy = list()[0] as { name: string };
    copy.name = "changed";
    expect(list()[0]?.name).toBe("gsm8k");
  });

  it("search matches every word over name, repo, task and description", () => {
    expect(search("dpo").map((e) => e.name)).toEqual(["hh_rlhf", "helpsteer3", "ultrafeedback"]);
    expect(search("openai").map((e) => e.name)).toEqual(["gsm8k", "humaneval"]);
    // names that contain a query word come first
    expect(search("math eval").map((e) => e.name)).toEqual(["math500", "gsm8k"]);
    expect(search("no such thing")).toEqual([]);
    expect(search("")).toHaveLength(21);
  });

  it("findEntry forgives case and separators but never takes a repo id for a name", () => {
    expect(findEntry("MATH-500")?.name).toBe("math500");
    expect(findEntry("math_500")?.name).toBe("math500");
    expect(findEntry("HH-RLHF")?.name).toBe("hh_rlhf");
    expect(findEntry("openai/gsm8k")).toBeUndefined();
    expect(findEntry("squad")).toBeUndefined();
  });

  it("suggestNames proposes close names for typos, nothing for unrelated words", () => {
    expect(suggestNames("gsm8")).toContain("gsm8k");
    expect(suggestNames("gms8k")[0]).toBe("gsm8k");
    expect(suggestNames("hh-rhlf")[0]).toBe("hh_rlhf");
    expect(suggestNames("helpsteer")).toEqual(expect.arrayContaining(["helpsteer3", "helpsteer2"]));
    expect(suggestNames("anthropic/hh-rlhf")).toEqual(["hh_rlhf"]);
    expect(suggestNames("squad")).toEqual([]);
    expect(suggestNames("")).toEqual([]);
  });
});

describe("load() types", () => {
  it("is typed per name and falls back to loadDataset's types for a repo id", () => {
    expectTypeOf(load("gsm8k")).toEqualTypeOf<Promise<Dataset<MathProblem>>>();
    expectTypeOf(load("hh_rlhf", { split: "test" })).toEqualTypeOf<Promise<Dataset<LabeledComparison>>>();
    expectTypeOf(load("tulu3_sft", { split: "test" })).toEqualTypeOf<Promise<Dataset<Conversation>>>();
    expectTypeOf(load("openthoughts3")).toEqualTypeOf<Promise<IterableDataset<Conversation>>>();
    expectTypeOf(load("mmlu", { split: "dev" })).toEqualTypeOf<Promise<Dataset<MultipleChoiceQuestion>>>();
    expectTypeOf(load("math_500")).toEqualTypeOf<ReturnType<typeof load<"math500">>>();
    expectTypeOf(load("openai/gsm8k", { config: "main", split: "test" })).toEqualTypeOf<Promise<Dataset<Row>>>();
    expectTypeOf(load("openai/gsm8k")).toEqualTypeOf<Promise<DatasetDict<Row>>>();
    // @ts-expect-error: gsm8k's options have no `subjects`
    void (() => load("gsm8k", { subjects: ["x"] }));
  });
});

describe("load() against a mirror", () => {
  let h: MirrorHarness;
  let root: string;
  beforeAll(async () => {
    const answers = ["He has 3 + 4 = 7 apples.\n#### 7", "Half of 10 is 5.\n#### 5", "1,000 + 234 = 1234\n#### 1,234"];
    root = writeFixtureRepo(undefined, "openai/gsm8k", {
      "README.md": "---\nconfigs:\n- config_name: main\n  data_files:\n  - split: test\n    path: main/test-*\n---\n",
      "main/test-00000-of-00001.parquet": flatParquet(
        { question: ["Apples?", "Half?", "Sum?"], answer: answers },
        hfMetadata({ question: { dtype: "string", _type: "Value" }, answer: { dtype: "string", _type: "Value" } }),
      ),
    });
    h = await startMirrorHarness(root);
  });
  afterAll(async () => {
    await h?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("a name runs the domain loader; its repo id gives the raw rows", async () => {
    const problems = await load("gsm8k", { ...h.options, split: "test" });
    expect(problems.toArray().map((p) => p.answer)).toEqual(["7", "5", "1234"]);
    expect(problems.at(0).id).toBe("openai/gsm8k/main/test/0");
    const raw = await load("openai/gsm8k", { ...h.options, config: "main", split: "test" });
    expect(raw.at(2)).toEqual({ question: "Sum?", answer: "1,000 + 234 = 1234\n#### 1,234" });
  });

  it("a near miss is an error with suggestions, before any request", async () => {
    h.mirror.resetStats();
    await expect(load("gsm8j" as string, h.options)).rejects.toThrow(/Unknown dataset name "gsm8j" \(did you mean gsm8k\?\)/);
    expect(h.mirror.stats.requests).toBe(0);
  });
});

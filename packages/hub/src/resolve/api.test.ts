import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrucibleError } from "@crucible/types";
import { flatParquet, hfMetadata, jsonl, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { getConfigNames, getSplitNames, resolveRepoConfig } from "./api.js";

let h: MirrorHarness;
beforeAll(async () => {
  const root = writeFixtureRepo(undefined, "acme/multi", {
    "README.md":
      "---\nconfigs:\n- config_name: a\n  data_files:\n  - split: train\n    path: a/train-*\n  - split: test\n    path: a/test-*\n- config_name: b\n  data_files: b/*.jsonl.gz\n---\n# multi\n",
    "a/train-00000-of-00001.parquet": flatParquet(
      { x: ["1", "2"], y: [1, 2] },
      hfMetadata({ x: { dtype: "string", _type: "Value" }, y: { names: ["n", "p", "q"], _type: "ClassLabel" } }),
    ),
    "a/test-00000-of-00001.parquet": flatParquet({ x: ["3"], y: [0] }),
    "b/part1.jsonl.gz": jsonl([{ t: 1 }], true),
  });
  writeFixtureRepo(root, "acme/auto", {
    "README.md": "---\nlicense: mit\n---\n",
    "data/valid.jsonl": jsonl([{ q: 1 }]),
    "data/train.jsonl": jsonl([{ q: 2 }]),
  });
  h = await startMirrorHarness(root);
});
afterAll(async () => h?.close());

describe("resolution through the mirror", () => {
  it("lists configs in README order and splits per config", async () => {
    expect(await getConfigNames("acme/multi", h.options)).toEqual(["a", "b"]);
    expect(await getSplitNames("acme/multi", { ...h.options, config: "a" })).toEqual(["train", "test"]);
    expect(await getSplitNames("acme/auto", h.options)).toEqual(["train", "validation"]);
  });
  it("several configs without a default: the error lists them", async () => {
    const err = await getSplitNames("acme/multi", h.options).catch((e: unknown) => e);
    expect(CrucibleError.hasCode(err, "CONFIG_NOT_FOUND")).toBe(true);
    expect(String(err)).toContain("a, b");
  });
  it("resolveRepoConfig gives files, sizes, commit and Parquet features", async () => {
    const r = await resolveRepoConfig("acme/multi", { ...h.options, config: "a" });
    expect(r.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(r.splits.train?.map((f) => f.path)).toEqual(["a/train-00000-of-00001.parquet"]);
    expect(r.splits.train?.[0]?.size).toBeGreaterThan(0);
    expect(r.features?.y).toEqual({ kind: "class_label", names: ["n", "p", "q"] });
  });
  it("unknown repo is a typed Hub error", async () => {
    const err = await getConfigNames("acme/nope", h.options).catch((e: unknown) => e);
    expect(CrucibleError.hasCode(err, "REPO_NOT_FOUND")).toBe(true);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MirrorHarness, startMirrorHarness } from "@crucible/mirror/testing";
import { DataFormatError } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cell, noRobotsParquet, openThoughtsParquet, tuluParquet, writeRepo } from "../test-support/fixtures.js";
import type { SkippedRow } from "../skips.js";
import { conversationsFromFile } from "./files.js";
import { noRobots, noRobotsSplit } from "./no-robots.js";
import { openThoughts3 } from "./open-thoughts.js";
import { tulu3Sft } from "./tulu3.js";

// numpy: default_rng(0).permutation(10)
const PERM10 = [4, 6, 2, 7, 3, 5, 9, 0, 8, 1];
const chat = (i: number): Cell => [
  { content: `question ${i}`, role: "user" },
  { content: `answer ${i}`, role: "assistant" },
];

describe("chat loaders on a fixture Hub (self-contained)", () => {
  let root: string;
  let h: MirrorHarness;
  let hub: MirrorHarness["options"];
  const dirs: string[] = [];
  const tmp = (p: string) => {
    const d = mkdtempSync(path.join(tmpdir(), p));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    root = tmp("crucible-chat-fixture-");
    const tulu = Array.from({ length: 10 }, (_, i) => ({
      id: `tulu-${i}`,
      // row 6 falls in the test part after the shuffle, row 9 in the train part
      messages:
        i === 6
          ? [{ content: null, role: "user" }]
          : i === 9
            ? []
            : i === 0
              ? [{ content: "sys", role: "system" }, ...(chat(0) ?? [])]
              : chat(i),
      source: "ai2-adapt-dev/fixture",
    }));
    writeRepo(root, "allenai/tulu-3-sft-mixture", {
      "data/train-00000-of-00002.parquet": tuluParquet(tulu.slice(0, 6)),
      "data/train-00001-of-00002.parquet": tuluParquet(tulu.slice(6)),
    });
    const nr = (split: string, n: number, bad?: number) =>
      Array.from({ length: n }, (_, i) => ({
        prompt: `${split} prompt ${i}`,
        prompt_id: `${split}-${i}`,
        messages: i === bad ? null : chat(i),
        category: "Chat",
      }));
    writeRepo(root, "HuggingFaceH4/no_robots", {
      "data/train-00000-of-00001.parquet": noRobotsParquet(nr("train", 10, 7)),
      "data/test-00000-of-00001.parquet": noRobotsParquet(nr("test", 3)),
    });
    const ot = (start: number, n: number) =>
      Array.from({ length: n }, (_, k) => {
        const i = start + k;
        const conversations: Cell =
          i === 4
            ? [
                { from: "human", value: "q4" },
                { from: "gpt", value: null },
              ]
            : [
                { from: "human", value: `q${i}` },
                { from: "gpt", value: `a${i}` },
              ];
        return { difficulty: i, source: "src", domain: i % 2 ? "code" : "math", conversations };
      });
    writeRepo(root, "open-thoughts/OpenThoughts3-1.2M", {
      "data/train-00000-of-00002.parquet": openThoughtsParquet(ot(0, 3)),
      "data/train-00001-of-00002.parquet": openThoughtsParquet(ot(3, 3)),
    });
    h = await startMirrorHarness(root);
    hub = h.options;
  });
  afterAll(async () => {
    await h?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("tulu3Sft: shuffle(0) over all rows, test = first testSize, bad rows dropped after the shuffle and reported", async () => {
    const skipped: SkippedRow[] = [];
    const { train, test } = await tulu3Sft({ ...hub, testSize: 3, onSkip: (r) => skipped.push(r) });
    expect(test?.toArray().map((c) => c.source?.index)).toEqual([4, 2]); // perm[0..3] = 4, 6, 2; 6 is bad
    expect(train.toArray().map((c) => c.source?.index)).toEqual([7, 3, 5, 0, 8, 1]); // 9 is bad
    expect(skipped.map((s) => [s.index, s.error.location.field])).toEqual([
      [6, "messages[0].content"],
      [9, "messages"],
    ]);
    expect(skipped[0]?.error).toBeInstanceOf(DataFormatError);
    expect(skipped[0]?.error.message).toContain("allenai/tulu-3-sft-mixture");
    const first = train.at(3);
    expect(first.id).toBe("tulu-0");
    expect(first.messages).toEqual([
      { role: "system", content: "sys" },
      { role: "user", content: "question 0" },
      { role: "assistant", content: "answer 0" },
    ]);
    expect(first.raw).toMatchObject({ id: "tulu-0", source: "ai2-adapt-dev/fixture" });
    expect(first.source).toMatchObject({ repo: "allenai/tulu-3-sft-mixture", config: "default", split: "train", index: 0 });
  });

  it("tulu3Sft: default testSize 1024 puts every row in test; strict throws the row's error", async () => {
    const { train, test } = await tulu3Sft({ ...hub, onSkip: () => undefined });
    expect([train.length, test?.length]).toEqual([0, 8]);
    await expect(tulu3Sft({ ...hub, strict: true })).rejects.toThrow(/row 6: messages\[0\]\.content/);
    await expect(tulu3Sft({ ...hub, testSize: -1 })).rejects.toThrow(/testSize/);
  });

  it("noRobots: train shuffled with seed 0, test in Hub order, id = prompt_id", async () => {
    const skipped: SkippedRow[] = [];
    const { train, test } = await noRobots({ ...hub, onSkip: (r) => skipped.push(r) });
    expect(train.toArray().map((c) => c.id)).toEqual(PERM10.filter((i) => i !== 7).map((i) => `train-${i}`));
    expect(test?.toArray().map((c) => c.id)).toEqual(["test-0", "test-1", "test-2"]);
    expect(skipped.map((s) => [s.split, s.index])).toEqual([["train", 7]]);
    expect(test?.at(0).raw).toMatchObject({ prompt: "test prompt 0", category: "Chat" });
    const sliced = await noRobotsSplit("train[:3]", { ...hub });
    expect(sliced.toArray().map((c) => c.id)).toEqual(["train-0", "train-1", "train-2"]);
  });

  it("noRobotsSplit works offline from the cache with zero requests", async () => {
    await noRobotsSplit("test", { ...hub });
    h.mirror.resetStats();
    const offline = await noRobotsSplit("test", { ...hub, offline: true });
    expect(offline.toArray().map((c) => c.id)).toEqual(["test-0", "test-1", "test-2"]);
    expect(h.mirror.stats.requests).toBe(0);
  });

  it("noRobots without onSkip warns once instead of losing rows silently", async () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on("warning", listener);
    try {
      await noRobots({ ...hub });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", listener);
    }
    expect(warnings.some((w) => /noRobots\(train\): skipped 1 of 10 rows/.test(w))).toBe(true);
  });

  it("openThoughts3 streams from/value → role/content (cookbook rule), file order without shuffle", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await openThoughts3({ ...hub, shuffle: false, maxRows: Number.POSITIVE_INFINITY, onSkip: (r) => skipped.push(r) });
    const rows = await ds.toArray();
    expect(rows.map((c) => c.source?.index)).toEqual([0, 1, 2, 3, 5]);
    expect(rows[0]?.messages).toEqual([
      { role: "user", content: "q0" },
      { role: "assistant", content: "a0" },
    ]);
    expect(rows[0]?.id).toBe("open-thoughts/OpenThoughts3-1.2M/default/train/0");
    expect(rows[1]?.raw).toMatchObject({ difficulty: 1, domain: "code" });
    expect(skipped.map((s) => [s.index, s.error.location.field])).toEqual([[4, "conversations[1].value"]]);
  });

  it("openThoughts3 default: seeded buffered shuffle (deterministic, a permutation of the valid rows), maxRows caps", async () => {
    const a = (await (await openThoughts3({ ...hub, onSkip: () => undefined })).toArray()).map((c) => c.source?.index);
    const b = (await (await openThoughts3({ ...hub, onSkip: () => undefined })).toArray()).map((c) => c.id);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 5]);
    expect(b).toEqual(a.map((i) => `open-thoughts/OpenThoughts3-1.2M/default/train/${i}`));
    const capped = await (await openThoughts3({ ...hub, maxRows: 2, onSkip: () => undefined })).toArray();
    expect(capped).toHaveLength(2);
    await expect(openThoughts3({ ...hub, maxRows: -1 })).rejects.toThrow(/maxRows/);
  });

  it("conversationsFromFile: shuffle(0), first testSize rows as test; a row without messages is an error", async () => {
    const dir = tmp("crucible-chat-files-");
    const file = path.join(dir, "convs.jsonl");
    writeFileSync(file, Array.from({ length: 10 }, (_, i) => JSON.stringify({ messages: chat(i), n: i })).join("\n") + "\n");
    const { train, test } = await conversationsFromFile(file, { testSize: 3 });
    expect(test?.toArray().map((c) => c.raw?.n)).toEqual(PERM10.slice(0, 3));
    expect(train.toArray().map((c) => c.raw?.n)).toEqual(PERM10.slice(3));
    const all = await conversationsFromFile(file, { testSize: 10, seed: false });
    expect([all.test, all.train.length, all.train.at(0).raw?.n]).toEqual([undefined, 10, 0]);
    const badFile = path.join(dir, "bad.jsonl");
    writeFileSync(badFile, `${JSON.stringify({ messages: chat(0) })}\n${JSON.stringify({ prompt: "x" })}\n`);
    await expect(conversationsFromFile(badFile)).rejects.toThrow(/row 1 has no "messages" field/);
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, startMirror } from "@crucible/mirror";
import { InvalidArgumentError, type LabeledComparison } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jsonl, parquet, writeRepo } from "./test-support/fixtures.js";
import { arena140k, parseArenaConversation } from "./loaders/arena.js";
import { helpSteer2 } from "./loaders/helpsteer2.js";
import { helpSteer3 } from "./loaders/helpsteer3.js";
import { hhRlhf, parseHhConversation } from "./loaders/hh-rlhf.js";
import { tulu3Preference } from "./loaders/tulu3.js";
import { ultraFeedback } from "./loaders/ultrafeedback.js";
import type { SkippedRow } from "./skips.js";
import { cookbookSwap } from "./swap.js";
import { Dataset } from "@crucible/core";

// numpy default_rng(0).permutation(10) (an independent oracle, computed with numpy)
const PERM10 = [4, 6, 2, 7, 3, 5, 9, 0, 8, 1];
const hh = (prompt: string, last: string) => `\n\nHuman: ${prompt}\n\nAssistant: ${last}`;
const text = (t: string) => [{ type: "text", text: t, image: null, mimeType: null }];
const indices = (ds: Iterable<LabeledComparison>) => [...ds].map((c) => c.source?.index);

describe("preference loaders on a fixture Hub (self-contained)", () => {
  let root: string;
  let cacheDir: string;
  let processedDir: string;
  let mirror: Mirror;
  let hub: { endpoint: string; cacheDir: string; processedDir: string; token: false; progress: false };

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "crucible-pref-fixture-"));
    // hh-rlhf: no README configs; files resolved by split name. Row 3 differs before the last turn.
    const hhTrain = Array.from({ length: 10 }, (_, i) =>
      i === 3
        ? { chosen: hh("q3", "good") + "\n\nHuman: more\n\nAssistant: x", rejected: hh("q3", "bad") }
        : { chosen: hh(`q${i}`, `good ${i}`), rejected: hh(`q${i}`, `bad ${i}`) },
    );
    writeRepo(root, "Anthropic/hh-rlhf", {
      "README.md": "---\nlicense: mit\n---\n",
      "helpful-base/train.jsonl.gz": jsonl(hhTrain, true),
      "helpful-base/test.jsonl.gz": jsonl(
        Array.from({ length: 10 }, (_, i) => ({ chosen: hh(`t${i}`, "yes"), rejected: hh(`t${i}`, "no") })),
        true,
      ),
    });
    writeRepo(root, "nvidia/HelpSteer3", {
      "README.md":
        "---\nconfigs:\n- config_name: preference\n  data_files:\n  - split: train\n    path: preference/train.jsonl.gz\n  - split: validation\n    path: preference/validation.jsonl.gz\n---\n",
      "preference/train.jsonl.gz": jsonl(
        [-3, 2, 0, -1].map((p, i) => ({
          domain: "general",
          language: "english",
          context: [
            { role: "user", content: `hi ${i}` },
            { role: "assistant", content: "hello" },
            { role: "user", content: `ask ${i}` },
          ],
          response1: `r1 ${i}`,
          response2: `r2 ${i}`,
          overall_preference: p,
          individual_preference: [{ score: p, reasoning: "r", feedback1: "f1", feedback2: "f2" }],
        })),
        true,
      ),
      "preference/validation.jsonl.gz": jsonl(
        [
          {
            domain: "code",
            language: "python",
            context: [{ role: "user", content: "v" }],
            response1: "a",
            response2: "b",
            overall_preference: 1,
            individual_preference: [],
          },
        ],
        true,
      ),
    });
    // HelpSteer2: P0 → best is the first 4 (stable), worst the last 1; P1 single; P2 all equal; P3 → 2 vs 0.
    const hs2 = [
      ["P0", "a", 1],
      ["P1", "only", 3],
      ["P0", "b", 4],
      ["P2", "x", 2],
      ["P0", "c", 4],
      ["P2", "y", 2],
      ["P0", "d", 1],
      ["P3", "lo", 0],
      ["P3", "hi", 2],
    ].map(([prompt, response, h]) => ({ prompt, response, helpfulness: h, correctness: 3, coherence: 4, complexity: 1, verbosity: 2 }));
    writeRepo(root, "nvidia/HelpSteer2", {
      "README.md": "---\nlicense: cc-by-4.0\n---\n",
      "train.jsonl.gz": jsonl(hs2, true),
      "validation.jsonl.gz": jsonl(hs2.slice(0, 2), true),
    });
    const dataConfig = "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n---\n";
    writeRepo(root, "argilla/ultrafeedback-binarized-preferences", {
      "README.md": dataConfig,
      "data/train-00000-of-00001.parquet": parquet([
        { name: "source", kind: "string", data: Array.from({ length: 10 }, () => "evol") },
        { name: "instruction", kind: "string", data: Array.from({ length: 10 }, (_, i) => `instr ${i}`) },
        { name: "chosen_response", kind: "string", data: Array.from({ length: 10 }, (_, i) => `chosen ${i}`) },
        { name: "rejected_response", kind: "string", data: Array.from({ length: 10 }, (_, i) => `rejected ${i}`) },
        { name: "chosen_avg_rating", kind: "double", data: Array.from({ length: 10 }, () => 4.5) },
        { name: "rejected_avg_rating", kind: "double", data: Array.from({ length: 10 }, (_, i) => (i === 2 ? 4.5 : 2.25)) },
        { name: "chosen_model", kind: "string", data: Array.from({ length: 10 }, () => "m") },
      ]),
    });
    const conv = (...turns: Array<[string, unknown]>) => turns.map(([role, content]) => ({ role, content }));
    const arenaRows = [
      {
        id: "a0",
        winner: "model_a",
        conversation_a: conv(["user", text("Q")], ["assistant", text("A0")]),
        conversation_b: conv(["user", text("Q")], ["assistant", text("B0")]),
      },
      {
        id: "a1",
        winner: "tie",
        conversation_a: conv(["user", text("Q")], ["assistant", text("A")]),
        conversation_b: conv(["user", text("Q")], ["assistant", text("B")]),
      },
      {
        id: "a2",
        winner: "both_bad",
        conversation_a: conv(["user", text("Q")], ["assistant", text("A")]),
        conversation_b: conv(["user", text("Q")], ["assistant", text("B")]),
      },
      {
        id: "a3",
        winner: "model_b",
        conversation_a: conv(["user", [{ type: "image", text: null, image: "x.png", mimeType: "image/png" }]], ["assistant", text("A")]),
        conversation_b: conv(["user", text("Q")], ["assistant", text("B")]),
      },
      {
        id: "a4",
        winner: "model_b",
        conversation_a: conv(["user", text("Q")]),
        conversation_b: conv(["user", text("Q")], ["assistant", text("B")]),
      },
      {
        id: "a5",
        winner: "model_b",
        conversation_a: conv(
          ["system", text("sys")],
          [
            "user",
            [
              { type: "text", text: "part1" },
              { type: "text", text: "part2" },
            ],
          ],
          ["assistant", []],
          ["assistant", text("A1")],
          ["user", text("Q2")],
          ["assistant", text("A2")],
        ),
        conversation_b: conv(["user", text("different Q")], ["assistant", text("B1")]),
      },
    ].map((r) => ({
      ...r,
      model_a: "ma",
      model_b: "mb",
      evaluation_session_id: "s",
      evaluation_order: 1,
      language: "en",
      is_code: false,
      timestamp: "t",
    }));
    writeRepo(root, "lmarena-ai/arena-human-preference-140k", {
      "README.md": dataConfig,
      "data/train-00000-of-00001.jsonl": jsonl(arenaRows),
    });
    writeRepo(root, "allenai/llama-3.1-tulu-3-8b-preference-mixture", {
      "README.md": dataConfig,
      "data/train-00000-of-00001.parquet": parquet([
        { name: "id", kind: "string", data: ["t0", "t1"] },
        { name: "prompt", kind: "string", data: ["p0", "p1"] },
        {
          name: "chosen",
          kind: "messages",
          data: [conv(["user", "p0"], ["assistant", "c0"], ["user", "later"], ["assistant", "ignored"]), conv(["user", "p1"])],
        },
        {
          name: "rejected",
          kind: "messages",
          data: [conv(["user", "p0"], ["assistant", "r0"]), conv(["user", "p1"], ["assistant", "r1"])],
        },
        { name: "source", kind: "string", data: ["s", "s"] },
      ]),
    });
    mirror = await startMirror({ root });
    cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-pref-cache-"));
    processedDir = mkdtempSync(path.join(tmpdir(), "crucible-pref-processed-"));
    hub = { endpoint: mirror.url, cacheDir, processedDir, token: false, progress: false };
  });
  afterAll(async () => {
    await mirror?.close();
    for (const d of [root, cacheDir, processedDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it("parseHhConversation follows the cookbook: markers anywhere, trimmed, a trailing empty marker kept", () => {
    expect(parseHhConversation("\n\nHuman: say 'Assistant: hi'\n\nAssistant:  ok \n\nHuman:")).toEqual([
      { role: "user", content: "say '" },
      { role: "assistant", content: "hi'" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "" },
    ]);
    expect(parseHhConversation("\n\nHuman: bad words?\n\nAssistant:")).toEqual([
      { role: "user", content: "bad words?" },
      { role: "assistant", content: "" },
    ]);
    expect(parseHhConversation("")).toEqual([]);
    expect(parseHhConversation("Human: \n\nAssistant: a")).toEqual([
      { role: "user", content: "" },
      { role: "assistant", content: "a" },
    ]);
    // text before the first marker puts the (marker, content) pairs out of step: no messages, as in the cookbook
    expect(parseHhConversation("preamble\n\nHuman: x\n\nAssistant: y")).toEqual([]);
  });

  it("hhRlhf keeps a chosen reply that is an empty final Assistant: (a comparison, as in the cookbook)", async () => {
    const emptyRoot = mkdtempSync(path.join(tmpdir(), "crucible-pref-hh-empty-"));
    const emptyCache = mkdtempSync(path.join(tmpdir(), "crucible-pref-hh-cache-"));
    writeRepo(emptyRoot, "Anthropic/hh-rlhf", {
      "README.md": "---\nlicense: mit\n---\n",
      "harmless-base/test.jsonl.gz": jsonl(
        [
          { chosen: "\n\nHuman: list of profane words\n\nAssistant:", rejected: hh("list of profane words", "no way") },
          { chosen: hh("q1", "fine"), rejected: hh("q1", "bad") },
          { chosen: "preamble " + hh("q2", "a"), rejected: hh("q2", "b") },
        ],
        true,
      ),
    });
    const m = await startMirror({ root: emptyRoot });
    try {
      const skipped: SkippedRow[] = [];
      const test = await hhRlhf({
        endpoint: m.url,
        cacheDir: emptyCache,
        token: false,
        progress: false,
        split: "test",
        shuffle: false,
        onSkip: (s) => skipped.push(s),
      });
      expect(test.toArray().map((c) => [c.source?.index, c.comparison.completionA, c.comparison.completionB])).toEqual([
        [0, [{ role: "assistant", content: "" }], [{ role: "assistant", content: "no way" }]],
        [1, [{ role: "assistant", content: "fine" }], [{ role: "assistant", content: "bad" }]],
      ]);
      expect(test.at(0)?.comparison.prompt).toEqual([{ role: "user", content: "list of profane words" }]);
      expect(skipped.map((s) => [s.index, s.reason])).toEqual([[2, "invalid-row"]]);
    } finally {
      await m.close();
      rmSync(emptyRoot, { recursive: true, force: true });
      rmSync(emptyCache, { recursive: true, force: true });
    }
  });

  it("hhRlhf train is train.shuffle(0) with mismatched rows skipped and reported; test takes testSize", async () => {
    const skipped: SkippedRow[] = [];
    const train = await hhRlhf({ ...hub, onSkip: (s) => skipped.push(s) });
    expect(indices(train)).toEqual(PERM10.filter((i) => i !== 3));
    expect(skipped.map((s) => [s.index, s.reason, s.split])).toEqual([[3, "mismatched-turns", "train"]]);
    const first = train.at(0);
    expect(first?.comparison).toEqual({
      prompt: [{ role: "user", content: "q4" }],
      completionA: [{ role: "assistant", content: "good 4" }],
      completionB: [{ role: "assistant", content: "bad 4" }],
    });
    expect(first?.label).toBe("A");
    expect(first?.id).toBe("Anthropic/hh-rlhf/default/train/4");
    expect(first?.raw).toEqual({ chosen: hh("q4", "good 4"), rejected: hh("q4", "bad 4") });
    const test = await hhRlhf({ ...hub, split: "test", testSize: 3 });
    expect(indices(test)).toEqual([4, 6, 2]);
    expect(test.info).toMatchObject({ repo: "Anthropic/hh-rlhf", split: "test" });
    const hubOrder = await hhRlhf({ ...hub, split: "test", testSize: 2, shuffle: false });
    expect(indices(hubOrder)).toEqual([0, 1]);
  });

  it("helpSteer3 skips ties, labels A when overall_preference < 0, test comes from validation", async () => {
    const skipped: SkippedRow[] = [];
    const train = await helpSteer3({ ...hub, shuffle: false, onSkip: (s) => skipped.push(s) });
    expect(train.toArray().map((c) => [c.source?.index, c.label])).toEqual([
      [0, "A"],
      [1, "B"],
      [3, "A"],
    ]);
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([[2, "tie"]]);
    const c = train.at(0);
    expect(c?.comparison.prompt.map((m) => m.content)).toEqual(["hi 0", "hello", "ask 0"]);
    expect(c?.comparison.completionA).toEqual([{ role: "assistant", content: "r1 0" }]);
    expect(c?.comparison.completionB).toEqual([{ role: "assistant", content: "r2 0" }]);
    const test = await helpSteer3({ ...hub, split: "test" });
    expect(test.toArray().map((t) => [t.id, t.label])).toEqual([["nvidia/HelpSteer3/preference/validation/0", "B"]]);
    // shuffled train order: numpy default_rng(0).permutation(4) = [2, 0, 1, 3] → tie row 2 skipped
    expect(indices(await helpSteer3({ ...hub, onSkip: () => undefined }))).toEqual([0, 1, 3]);
  });

  it("helpSteer2 pairs best vs worst helpfulness per prompt (stable sort) and reports the prompts it cannot pair", async () => {
    const skipped: SkippedRow[] = [];
    // 2 pairs → test size min(1024, floor(2/10)) = 0: everything is train
    const train = await helpSteer2({ ...hub, shuffle: false, onSkip: (s) => skipped.push(s) });
    expect(train.toArray().map((c) => [c.id, c.comparison.completionA[0]?.content, c.comparison.completionB[0]?.content])).toEqual([
      ["nvidia/HelpSteer2/default/train/2-6", "b", "d"],
      ["nvidia/HelpSteer2/default/train/8-7", "hi", "lo"],
    ]);
    expect(train.at(0)?.comparison.prompt).toEqual([{ role: "user", content: "P0" }]);
    expect(train.at(0)?.raw).toMatchObject({ prompt: "P0", chosen_response: "b", rejected_response: "d", helpfulness_diff: 3 });
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, "single-response"],
      [3, "no-helpfulness-gap"],
    ]);
    const testSkips: SkippedRow[] = [];
    expect((await helpSteer2({ ...hub, split: "test", onSkip: (s) => testSkips.push(s) })).length).toBe(0);
    expect(testSkips).toEqual([]); // reported once, by the train call
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      await helpSteer2({ ...hub, split: "test" });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("ultraFeedback: shuffle(0), test = take(testSize), train = skip(testSize), no tie filter", async () => {
    const test = await ultraFeedback({ ...hub, split: "test", testSize: 3 });
    const train = await ultraFeedback({ ...hub, testSize: 3 });
    expect(indices(test)).toEqual(PERM10.slice(0, 3));
    expect(indices(train)).toEqual(PERM10.slice(3));
    const two = test.toArray().find((c) => c.source?.index === 2);
    expect(two?.comparison).toEqual({
      prompt: [{ role: "user", content: "instr 2" }],
      completionA: [{ role: "assistant", content: "chosen 2" }],
      completionB: [{ role: "assistant", content: "rejected 2" }],
    });
    expect(two?.raw).toMatchObject({ chosen_avg_rating: 4.5, rejected_avg_rating: 4.5 });
    expect((await ultraFeedback(hub)).length).toBe(0); // default testSize 1024 ≥ 10 rows: train is empty
  });

  it("arena140k keeps only model_a/model_b winners with text-only, well-formed conversations", async () => {
    const skipped: SkippedRow[] = [];
    const all = await arena140k({ ...hub, testSize: 0, shuffle: false, onSkip: (s) => skipped.push(s) });
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, "tie"],
      [2, "tie"],
      [3, "non-text-content"],
      [4, "bad-conversation"],
    ]);
    expect(all.toArray().map((c) => [c.id, c.label])).toEqual([
      ["a0", "A"],
      ["a5", "B"],
    ]);
    const multi = all.at(1)?.comparison;
    expect(multi?.prompt).toEqual([{ role: "user", content: "part1 part2" }]);
    expect(multi?.completionA).toEqual([
      { role: "assistant", content: "A1" },
      { role: "user", content: "Q2" },
      { role: "assistant", content: "A2" },
    ]);
    expect(multi?.completionB).toEqual([{ role: "assistant", content: "B1" }]);
    expect(parseArenaConversation("not a list")).toBeUndefined();
  });

  it("tulu3Preference uses chosen[1]/rejected[1] and the id column; a row without a second message is reported", async () => {
    const skipped: SkippedRow[] = [];
    const all = await tulu3Preference({ ...hub, testSize: 0, onSkip: (s) => skipped.push(s) });
    expect(all.toArray().map((c) => [c.id, c.comparison.completionA[0]?.content, c.comparison.completionB[0]?.content])).toEqual([
      ["t0", "c0", "r0"],
    ]);
    expect(all.at(0)?.comparison.prompt).toEqual([{ role: "user", content: "p0" }]);
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([[1, "invalid-row"]]);
  });

  it("without onSkip, one process warning summarises the skips", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      await arena140k({ ...hub, testSize: 0, shuffle: false });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/arena140k: skipped 2 × tie, 1 × non-text-content, 1 × bad-conversation/);
    } finally {
      warn.mockRestore();
    }
  });

  it("reloads offline from the cache with no request to the endpoint, with the same comparisons", async () => {
    const online = await ultraFeedback({ ...hub, testSize: 3 });
    mirror.resetStats();
    const offline = await ultraFeedback({ ...hub, testSize: 3, offline: true });
    expect(mirror.stats.requests).toBe(0);
    expect(offline.toArray()).toEqual(online.toArray());
    expect(online.at(0)?.source?.revision).toMatch(/^[0-9a-f]{40}$/);
  });

  it("rejects a split other than train/test with InvalidArgumentError", async () => {
    await expect(ultraFeedback({ ...hub, split: "validation" as "train" })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ultraFeedback({ ...hub, testSize: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("cookbookSwap", () => {
  it("swaps where Python random.Random(0).random() < 0.5 (0.844, 0.758, 0.421 → only the third)", () => {
    const mk = (i: number, label: LabeledComparison["label"]): LabeledComparison => ({
      id: String(i),
      comparison: {
        prompt: [],
        completionA: [{ role: "assistant", content: `a${i}` }],
        completionB: [{ role: "assistant", content: `b${i}` }],
      },
      label,
    });
    const out = cookbookSwap(Dataset.fromRows([mk(0, "A"), mk(1, "B"), mk(2, "A")])).toArray();
    expect(out.map((c) => [c.label, c.comparison.completionA[0]?.content])).toEqual([
      ["A", "a0"],
      ["B", "b1".replace("b", "a")],
      ["B", "b2"],
    ]);
    const tie = cookbookSwap(Dataset.fromRows([mk(0, "Tie"), mk(1, "Tie"), mk(2, "Tie")])).toArray();
    expect(tie.map((c) => c.label)).toEqual(["Tie", "Tie", "Tie"]);
    expect(tie[2]?.comparison.completionA[0]?.content).toBe("b2");
  });
});

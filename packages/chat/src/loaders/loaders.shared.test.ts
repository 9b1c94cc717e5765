import { readFileSync } from "node:fs";
import path from "node:path";
import { permutation } from "@crucible/core";
import { type MirrorHarness, sharedData, startMirrorHarness } from "@crucible/mirror/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SkippedRow } from "../skips.js";
import { noRobots } from "./no-robots.js";
import { openThoughts3 } from "./open-thoughts.js";
import { tulu3Sft } from "./tulu3.js";

const { hub: hubRoot, hasHub: haveShared } = sharedData();

if (!haveShared) console.warn(`chat loader shared tests skipped: ${hubRoot} is missing (set CRUCIBLE_SHARED_DIR)`);

/** Row counts from EXPECTED.tsv for one repo/split. */
function expected(repo: string, split: string): number {
  const line = readFileSync(path.join(hubRoot, "EXPECTED.tsv"), "utf8")
    .split("\n")
    .map((l) => l.split("\t"))
    .find((c) => c[0] === repo && c[2] === split);
  if (!line) throw new Error(`EXPECTED.tsv has no row for ${repo} ${split}`);
  return Number(line[3]);
}

describe.skipIf(!haveShared)(`chat loaders on the real rows in ${hubRoot}`, () => {
  let h: MirrorHarness;
  let hub: MirrorHarness["options"];

  beforeAll(async () => {
    h = await startMirrorHarness(hubRoot);
    hub = h.options;
  });
  afterAll(async () => h?.close());

  it("tulu-3-sft-mixture: every row parses; test = first 1024 of shuffle(0), train = the rest", async () => {
    const n = expected("allenai/tulu-3-sft-mixture", "train");
    const skipped: SkippedRow[] = [];
    const { train, test } = await tulu3Sft({ ...hub, onSkip: (r) => skipped.push(r) });
    expect(skipped).toEqual([]);
    expect([test?.length, train.length]).toEqual([1024, n - 1024]);
    const perm = permutation(n, 0);
    expect(test?.toArray().map((c) => c.source?.index)).toEqual(Array.from(perm.subarray(0, 1024)));
    expect(train.at(0).source?.index).toBe(perm[1024]);
    const roles = new Set(train.toArray().flatMap((c) => c.messages.map((m) => m.role)));
    expect([...roles].every((r) => ["system", "user", "assistant"].includes(r))).toBe(true);
    const c = train.at(0);
    expect(c.id).toBe(c.raw?.id);
  });

  it("no_robots: train/test counts, train shuffled with seed 0, test in Hub order", async () => {
    const skipped: SkippedRow[] = [];
    const { train, test } = await noRobots({ ...hub, onSkip: (r) => skipped.push(r) });
    expect(skipped).toEqual([]);
    const nTrain = expected("HuggingFaceH4/no_robots", "train");
    expect([train.length, test?.length]).toEqual([nTrain, expected("HuggingFaceH4/no_robots", "test")]);
    expect(train.toArray().map((c) => c.source?.index)).toEqual(Array.from(permutation(nTrain, 0)));
    expect(test?.toArray().map((c) => c.source?.index)).toEqual(Array.from({ length: test?.length ?? 0 }, (_, i) => i));
    expect(train.at(0).id).toBe(train.at(0).raw?.prompt_id);
  });

  it("OpenThoughts3 (streamed): every row parses, human → user and the rest → assistant", async () => {
    const skipped: SkippedRow[] = [];
    const ds = await openThoughts3({ ...hub, shuffle: false, maxRows: Number.POSITIVE_INFINITY, onSkip: (r) => skipped.push(r) });
    const rows = await ds.toArray();
    expect(skipped).toEqual([]);
    expect(rows).toHaveLength(expected("open-thoughts/OpenThoughts3-1.2M", "train"));
    expect(rows.map((c) => c.source?.index)).toEqual(rows.map((_, i) => i));
    for (const c of rows.slice(0, 200)) {
      const turns = c.raw?.conversations as Array<{ from: string; value: string }>;
      expect(c.messages).toEqual(turns.map((t) => ({ role: t.from === "human" ? "user" : "assistant", content: t.value })));
    }
    const shuffled = await (await openThoughts3({ ...hub, maxRows: 100, shuffle: { seed: 0, bufferSize: 1000 } })).toArray();
    expect(shuffled).toHaveLength(100);
    expect(new Set(shuffled.map((c) => c.id)).size).toBe(100);
  }, 120_000);
});

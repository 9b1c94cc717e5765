import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Mirror, startMirror } from "@crucible/mirror";
import { sharedData } from "@crucible/mirror/testing";
import type { Dataset } from "@crucible/core";
import type { LabeledComparison } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arena140k } from "./loaders/arena.js";
import { helpSteer2 } from "./loaders/helpsteer2.js";
import { helpSteer3 } from "./loaders/helpsteer3.js";
import { hhRlhf } from "./loaders/hh-rlhf.js";
import { tulu3Preference } from "./loaders/tulu3.js";
import { ultraFeedback } from "./loaders/ultrafeedback.js";
import type { PreferenceOptions } from "./common.js";
import type { SkippedRow } from "./skips.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const { hub: hubRoot, hasHub: haveShared } = sharedData();
if (!haveShared) console.warn(`preference shared tests skipped: ${hubRoot} is missing (set CRUCIBLE_SHARED_DIR)`);

const pythonOk = haveShared && spawnSync("python3", ["-c", "import datasets"], { stdio: "ignore" }).status === 0;
if (haveShared && !pythonOk) console.warn("preference parity test skipped: python3 with `datasets` is not importable");

/** Hub split sizes from EXPECTED.tsv: `repo config split` → rows. */
function expectedRows(): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(path.join(hubRoot, "EXPECTED.tsv"), "utf8").split("\n").slice(1)) {
    const [repo, config, split, rows] = line.split("\t");
    if (repo && rows) m.set(`${repo} ${config} ${split}`, Number(rows));
  }
  return m;
}

type Loader = (o: PreferenceOptions) => Promise<Dataset<LabeledComparison>>;
const tuple = (c: LabeledComparison) => [c.source?.index, c.label, c.comparison.prompt, c.comparison.completionA, c.comparison.completionB];

describe.skipIf(!haveShared)(`preference loaders on the real rows in ${hubRoot}`, () => {
  let mirror: Mirror;
  let cacheDir: string;
  let processedDir: string;
  let hub: { endpoint: string; cacheDir: string; processedDir: string; token: false; progress: false };
  let expected: Map<string, number>;

  beforeAll(async () => {
    mirror = await startMirror({ root: hubRoot });
    cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-pref-cache-"));
    processedDir = mkdtempSync(path.join(tmpdir(), "crucible-pref-processed-"));
    hub = { endpoint: mirror.url, cacheDir, processedDir, token: false, progress: false };
    expected = expectedRows();
  });
  afterAll(async () => {
    await mirror?.close();
    for (const d of [cacheDir, processedDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  /** Loads train and test; checks every Hub row ends up in exactly one of train, test or the skip reports. */
  async function accounted(loader: Loader, repo: string, config: string, testSize: number) {
    const skipped: SkippedRow[] = [];
    const onSkip = (s: SkippedRow) => skipped.push(s);
    const train = await loader({ ...hub, testSize, onSkip });
    const test = await loader({ ...hub, testSize, split: "test", onSkip });
    const n = expected.get(`${repo} ${config} train`);
    expect(n, `${repo} in EXPECTED.tsv`).toBeGreaterThan(0);
    const seen = [...train, ...test].map((c) => c.source?.index).concat(skipped.map((s) => s.index));
    expect(new Set(seen).size).toBe(n);
    expect(seen.length).toBe(n);
    for (const c of [...train, ...test]) {
      expect(c.raw, c.id).toBeDefined();
      expect(c.comparison.completionA.length).toBeGreaterThan(0);
      expect(c.comparison.completionB.length).toBeGreaterThan(0);
    }
    return { train, test, skipped };
  }

  it("ultraFeedback: 114 rows = 20 test + 94 train, nothing skipped", async () => {
    const { train, test, skipped } = await accounted(ultraFeedback, "argilla/ultrafeedback-binarized-preferences", "default", 20);
    expect([test.length, train.length, skipped.length]).toEqual([20, 94, 0]);
    expect(new Set(train.toArray().map((c) => c.label))).toEqual(new Set(["A"]));
  });

  it("tulu3Preference: 114 rows = 20 test + 94 train; ids are the id column", async () => {
    const { train, test } = await accounted(tulu3Preference, "allenai/llama-3.1-tulu-3-8b-preference-mixture", "default", 20);
    expect([test.length, train.length]).toEqual([20, 94]);
    expect(train.at(0)?.id).toBe(train.at(0)?.raw?.id);
  });

  it("arena140k: 300 rows, ties / non-text / bad conversations reported", async () => {
    const { train, test, skipped } = await accounted(arena140k, "lmarena-ai/arena-human-preference-140k", "default", 50);
    expect(train.length + test.length + skipped.length).toBe(300);
    expect(skipped.some((s) => s.reason === "tie")).toBe(true);
    for (const s of skipped) expect(["tie", "non-text-content", "bad-conversation"]).toContain(s.reason);
  });

  it("helpSteer3: train 270 rows (ties reported), test from the 30 validation rows", async () => {
    const skipped: SkippedRow[] = [];
    const train = await helpSteer3({ ...hub, onSkip: (s) => skipped.push(s) });
    const test = await helpSteer3({ ...hub, split: "test", onSkip: (s) => skipped.push(s) });
    const trainSkips = skipped.filter((s) => s.split === "train");
    expect(train.length + trainSkips.length).toBe(expected.get("nvidia/HelpSteer3 preference train"));
    expect(test.length + skipped.filter((s) => s.split === "validation").length).toBe(
      expected.get("nvidia/HelpSteer3 preference validation"),
    );
    for (const s of skipped) expect(s.reason).toBe("tie");
    for (const c of train) expect(c.label).toBe(Number(c.raw?.overall_preference) < 0 ? "A" : "B");
  });

  it("helpSteer2: pairs from the 208 train rows, test = floor(pairs / 10)", async () => {
    const skipped: SkippedRow[] = [];
    const train = await helpSteer2({ ...hub, onSkip: (s) => skipped.push(s) });
    const test = await helpSteer2({ ...hub, split: "test", onSkip: () => undefined });
    expect(test.length).toBe(Math.floor((train.length + test.length) / 10));
    expect(expected.get("nvidia/HelpSteer2 default train")).toBe(208);
    for (const s of skipped) expect(["single-response", "no-helpfulness-gap"]).toContain(s.reason);
  });

  it("hhRlhf: the harmless-base test file (2312 rows) is fully accounted for; there is no train split here", async () => {
    const skipped: SkippedRow[] = [];
    const all = await hhRlhf({ ...hub, split: "test", testSize: 1_000_000, onSkip: (s) => skipped.push(s) });
    expect(all.length + skipped.length).toBe(expected.get("Anthropic/hh-rlhf default test"));
    for (const s of skipped) expect(s.reason).toBe("mismatched-turns");
    // markers inside message text make some prompts end with an assistant turn, as in the cookbook
    for (const c of all) expect(c.label).toBe("A");
    console.info(`hh-rlhf harmless-base test: ${all.length} comparisons, ${skipped.length} skipped`);
    // the cookbook's take(1024): two rows end in an empty "Assistant:" that the cookbook keeps as a reply
    const cookbookTest = await hhRlhf({ ...hub, split: "test", onSkip: () => undefined });
    expect(cookbookTest.length).toBe(1013);
    const emptyReplies = cookbookTest
      .toArray()
      .filter((c) => c.comparison.completionA[0]?.content === "" || c.comparison.completionB[0]?.content === "");
    expect(emptyReplies.length).toBe(2);
    await expect(hhRlhf(hub)).rejects.toMatchObject({ name: "SplitNotFoundError" });
  });

  describe.skipIf(!pythonOk)("parity with Python datasets + the cookbook transforms (src/__fixtures__/cookbook_parity.py)", () => {
    let py: Record<string, Record<string, unknown[]>>;
    beforeAll(() => {
      const hfHome = mkdtempSync(path.join(tmpdir(), "crucible-pref-hf-"));
      try {
        const r = spawnSync("python3", [path.join(here, "__fixtures__/cookbook_parity.py"), hubRoot], {
          encoding: "utf8",
          maxBuffer: 256 * 1024 * 1024,
          env: { ...process.env, HF_HOME: hfHome, HF_DATASETS_OFFLINE: "1", HF_HUB_OFFLINE: "1" },
        });
        if (r.status !== 0) throw new Error(`cookbook_parity.py failed: ${r.stderr}`);
        py = JSON.parse(r.stdout) as typeof py;
      } finally {
        rmSync(hfHome, { recursive: true, force: true });
      }
    }, 120_000);

    const cases: Array<[string, Loader, number | undefined]> = [
      ["hhRlhf", hhRlhf, undefined],
      ["helpSteer3", helpSteer3, undefined],
      ["ultraFeedback", ultraFeedback, 20],
      ["tulu3Preference", tulu3Preference, 20],
      ["arena140k", arena140k, 50],
      ["helpSteer2", helpSteer2, undefined],
    ];
    for (const [name, loader, testSize] of cases) {
      it(`${name}: same rows, order, labels and messages as Python`, async () => {
        const splits = py[name] ?? {};
        expect(Object.keys(splits).length).toBeGreaterThan(0);
        for (const [split, rows] of Object.entries(splits)) {
          const ds = await loader({
            ...hub,
            split: split as "train" | "test",
            onSkip: () => undefined,
            ...(testSize === undefined ? {} : { testSize }),
          });
          expect(ds.toArray().map(tuple), `${name} ${split}`).toEqual(rows);
        }
      });
    }
  });
});

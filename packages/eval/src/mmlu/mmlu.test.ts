import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sharedData } from "@crucible/mirror/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Features } from "@crucible/types";
import { mmlu, mmluPrompt, mmluSubjects, type MmluHubApi, type QuestionDataset } from "./mmlu.js";
import { evaluate } from "../evaluate/evaluate.js";
import { multipleChoiceAccuracy } from "../metrics/metric-adapters.js";

const FEATURES: Features = {
  question: { kind: "value", dtype: "string" },
  subject: { kind: "value", dtype: "string" },
  choices: { kind: "list", feature: { kind: "value", dtype: "string" }, length: -1 },
  answer: { kind: "class_label", names: ["A", "B", "C", "D"] },
};

function fakeHub(tables: Record<string, Array<Record<string, unknown>>>): MmluHubApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getConfigNames() {
      return ["all", ...Object.keys(tables).filter((k) => k !== "all")];
    },
    async loadDataset(repo, o) {
      calls.push(`${repo}:${o.config}:${o.split}`);
      const rows = tables[o.config!] ?? [];
      const ds: QuestionDataset<Record<string, unknown>> = {
        length: rows.length,
        at: (i) => rows[i],
        features: FEATURES,
        info: { repo, config: o.config!, split: o.split, revision: "a".repeat(40) },
        [Symbol.iterator]: () => rows[Symbol.iterator](),
      };
      return ds;
    },
  };
}

const row = (subject: string, q: string, answer: number | bigint) => ({ question: q, subject, choices: ["w", "x", "y", "z"], answer });

describe("mmlu (in-memory hub)", () => {
  const tables = {
    all: [row("anatomy", "q1", 1), row("virology", "q2", 3n)],
    anatomy: [row("anatomy", "q1", 1)],
    virology: [row("virology", "q2", 3)],
  };

  it("converts rows: choices, ClassLabel answer letter, subject, ids, source, raw", async () => {
    const h = fakeHub(tables);
    const ds = await mmlu({ hub: h });
    expect(h.calls).toEqual(["cais/mmlu:all:test"]);
    expect(ds.length).toBe(2);
    const q = ds.at(1)!;
    expect(q).toMatchObject({
      id: "cais/mmlu/all/test/1",
      question: "q2",
      choices: ["w", "x", "y", "z"],
      answer: 3,
      answerLetter: "D",
      subject: "virology",
    });
    expect(q.source).toEqual({ repo: "cais/mmlu", config: "all", split: "test", index: 1, revision: "a".repeat(40) });
    expect(q.raw).toEqual(tables.all[1]);
    expect(ds.info).toMatchObject({ repo: "cais/mmlu", config: "all", split: "test" });
    expect(mmluPrompt(q)).toBe("q2\nA. w\nB. x\nC. y\nD. z\nAnswer:");
  });

  it("subjects come from the configs (without `all`); a subject list loads each config; unknown ones are refused", async () => {
    const h = fakeHub(tables);
    expect(await mmluSubjects({ hub: h })).toEqual(["anatomy", "virology"]);
    const ds = await mmlu({ hub: h, subjects: ["virology", "anatomy"], split: "dev" });
    expect(h.calls).toEqual(["cais/mmlu:virology:dev", "cais/mmlu:anatomy:dev"]);
    expect([...ds].map((q) => q.id)).toEqual(["cais/mmlu/virology/dev/0", "cais/mmlu/anatomy/dev/0"]);
    await expect(mmlu({ hub: h, subjects: ["astrology"] })).rejects.toThrow(/Unknown MMLU subject\(s\): astrology/);
  });

  it("a malformed row is a DATA_FORMAT error naming the field and row", async () => {
    const h = fakeHub({ all: [row("a", "q", 7)] });
    await expect(mmlu({ hub: h })).rejects.toThrow(
      expect.objectContaining({ code: "DATA_FORMAT", message: expect.stringMatching(/"answer".*row 0/) }),
    );
  });
});

// Integration: the real cais/mmlu rows of the optional shared sample hub through the mirror and @crucible/hub's loader.
const hubRoot = sharedData().hub;
const mmluDir = path.join(hubRoot, "datasets", "cais", "mmlu");

describe.skipIf(!existsSync(mmluDir))(`mmlu on the real rows through the mirror and @crucible/hub (skipped: needs ${mmluDir})`, () => {
  let mirror: { url: string; close(): Promise<void> };
  let cacheDir: string;
  beforeAll(async () => {
    const { startMirror } = await import("@crucible/mirror");
    mirror = await startMirror({ root: hubRoot });
    cacheDir = mkdtempSync(path.join(tmpdir(), "crucible-mmlu-"));
  });
  afterAll(async () => {
    await mirror?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it("57 subjects in README config order; 14042 test rows; per-subject counts as EXPECTED.tsv; letters A–D", async () => {
    const opts = { endpoint: mirror.url, cacheDir, token: "" };
    const readme = readFileSync(path.join(mmluDir, "README.md"), "utf8");
    const readmeConfigs = [...readme.matchAll(/^- config_name: (\S+)$/gm)].map((m) => m[1]!).filter((c) => c !== "all");
    const subjects = await mmluSubjects(opts);
    expect(subjects).toHaveLength(57);
    expect(subjects).toEqual(readmeConfigs);

    const ds = await mmlu({ ...opts, split: "test" });
    expect(ds.length).toBe(14042);
    const expected = new Map<string, number>();
    for (const line of readFileSync(path.join(hubRoot, "EXPECTED.tsv"), "utf8").split("\n")) {
      const [repo, config, split, rows] = line.split("\t");
      if (repo === "cais/mmlu" && split === "test" && config !== "all") expected.set(config!, Number(rows));
    }
    const counts = new Map<string, number>();
    for (const q of ds) {
      expect(q.choices).toHaveLength(4);
      expect(["A", "B", "C", "D"]).toContain(q.answerLetter);
      expect(q.answerLetter).toBe("ABCD"[q.answer]);
      counts.set(q.subject!, (counts.get(q.subject!) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(expected));
    expect(ds.features?.answer).toEqual({ kind: "class_label", names: ["A", "B", "C", "D"] });

    // A perfect "model" answering every question by letter scores 1; coverage counts everything.
    const preds = [...ds].map((q) => ({ id: q.id, output: `The answer is ${q.answerLetter}` }));
    const r = await evaluate(preds, ds, { metrics: [multipleChoiceAccuracy()], reference: (q) => q });
    expect(r.metrics.accuracy).toBe(1);
    expect(r.coverage.answered).toBe(14042);
  }, 240_000);
});

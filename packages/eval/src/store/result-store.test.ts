import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalResult } from "@crucible/types";
import { ResultStore } from "./result-store.js";
import { crucibleDataDir, defaultResultStorePath } from "./data-dir.js";
import { SCHEMA_VERSION } from "./migrations.js";

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crucible-store-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function result(model: string, dataset: string, accuracy: number, startedAt: string, tags: string[] = []): EvalResult {
  return {
    model,
    dataset,
    metrics: { accuracy, bleu: accuracy * 100 },
    items: [
      { id: "a", scores: { accuracy: 1 }, answered: true, prediction: "x", reference: { answer: "x" } },
      { id: "b", scores: { accuracy: 0 }, answered: false, reference: ["p", "q"] },
    ],
    coverage: { total: 2, answered: 1, missingIds: ["b"] },
    unknownPredictionIds: ["zz"],
    timing: { startedAt, durationMs: 12.5 },
    tags,
    meta: { note: "hello" },
  };
}

describe("ResultStore", () => {
  it("saves, loads (with items), lists and deletes; migrations recorded", () => {
    const store = ResultStore.open({ path: join(dir, "basic.sqlite") });
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    const r = result("gpt-x", "mmlu", 0.5, "2026-01-02T03:04:05.000Z", ["t1"]);
    const id = store.save(r);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const loaded = store.load(id)!;
    expect(loaded.items).toEqual(r.items);
    const { items: _i, ...rest } = loaded;
    const { items: _j, ...expected } = r;
    expect(rest).toMatchObject(expected);
    expect(store.list().map((s) => s.id)).toEqual([id]);
    expect("items" in store.list()[0]!).toBe(false);
    expect(store.load("nope")).toBeUndefined();
    expect(store.delete(id)).toBe(true);
    expect(store.delete(id)).toBe(false);
    expect(store.count()).toBe(0);
    expect(store.integrityCheck()).toBe("ok");
    store.close();
  });

  it("queries by model, dataset, metric range, date range and tag (ANDed)", () => {
    const store = ResultStore.open({ path: join(dir, "query.sqlite") });
    const a = store.save(result("m1", "d1", 0.2, "2026-01-01T10:00:00.000Z", ["nightly"]));
    const b = store.save(result("m1", "d2", 0.6, "2026-01-05T10:00:00.000Z", ["nightly", "prod"]));
    const c = store.save(result("m2", "d1", 0.9, "2026-02-01T10:00:00.000Z", ["prod"]));
    const ids = (q: Parameters<ResultStore["query"]>[0]) => store.query(q).map((s) => s.id);
    expect(ids({})).toEqual([c, b, a]);
    expect(ids({ order: "oldest" })).toEqual([a, b, c]);
    expect(ids({ model: "m1" })).toEqual([b, a]);
    expect(ids({ dataset: ["d1"] })).toEqual([c, a]);
    expect(ids({ metric: { name: "accuracy", min: 0.5 } })).toEqual([c, b]);
    expect(
      ids({
        metric: [
          { name: "accuracy", min: 0.5 },
          { name: "bleu", max: 70 },
        ],
      }),
    ).toEqual([b]);
    expect(ids({ metric: { name: "nonexistent", min: 0 } })).toEqual([]);
    expect(ids({ from: "2026-01-05", to: "2026-01-31" })).toEqual([b]);
    expect(ids({ to: "2026-01-01" })).toEqual([a]); // bare date includes the whole day
    expect(ids({ from: new Date("2026-01-02T00:00:00Z") })).toEqual([c, b]);
    expect(ids({ tag: "prod" })).toEqual([c, b]);
    expect(ids({ tag: ["prod", "nightly"] })).toEqual([b]);
    expect(ids({ model: "m1", tag: "prod", metric: { name: "accuracy", max: 0.5 } })).toEqual([]);
    expect(ids({ limit: 1, offset: 1 })).toEqual([b]);
    expect(() => store.query({ from: "yesterday-ish" })).toThrow(/Invalid date/);
    store.close();
  });

  it("ids are only keys: hostile ids are stored verbatim, never touch the filesystem", () => {
    const store = ResultStore.open({ path: join(dir, "ids.sqlite") });
    const hostile = "../../etc/passwd'; DROP TABLE results; --";
    expect(store.save(result("m", "d", 1, "2026-01-01T00:00:00Z"), { id: hostile })).toBe(hostile);
    expect(store.load(hostile)!.model).toBe("m");
    expect(() => store.save(result("m", "d", 1, "2026-01-01T00:00:00Z"), { id: hostile })).toThrow(/already exists/);
    expect(store.count()).toBe(1);
    store.close();
  });

  it("refuses a file written by a newer schema, and a non-database file, with STORE errors", () => {
    const p = join(dir, "newer.sqlite");
    const s = ResultStore.open({ path: p });
    (s as unknown as { db: { pragma(x: string): void } }).db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    s.close();
    expect(() => ResultStore.open({ path: p })).toThrow(/newer than this crucible/);
    const junk = join(dir, "junk.sqlite");
    writeFileSync(junk, "this is not sqlite at all, just some text that is long enough to look like a header.....");
    expect(() => ResultStore.open({ path: junk })).toThrow(expect.objectContaining({ code: "STORE" }));
  });

  it("default path lives under the crucible data dir and is configurable", () => {
    expect(crucibleDataDir({ CRUCIBLE_DATA_DIR: "/x/y" })).toBe("/x/y");
    expect(defaultResultStorePath({ XDG_DATA_HOME: "/xdg" })).toBe(join("/xdg", "crucible", "results.sqlite"));
    const store = ResultStore.open({ path: join(dir, "nested", "deeper", "r.sqlite") });
    expect(store.path).toContain("deeper");
    store.close();
  });
});

function runChild(args: string[]): { done: Promise<number | null>; child: ReturnType<typeof spawn>; output: () => string } {
  // The child imports result-store.ts itself, through the repo's TypeScript hooks for plain Node processes.
  const register = join(here, "../../../../tooling/vitest/ts-worker-register.mjs");
  const child = spawn(process.execPath, ["--import", register, join(here, "..", "test-support", "writer-child.mjs"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return { done, child, output: () => out + err };
}

describe("ResultStore across processes (WAL)", () => {
  const storeModule = join(here, "result-store.ts");

  it("two concurrent writer processes on a fresh file: every result complete, file intact", async () => {
    const db = join(dir, "concurrent.sqlite");
    const a = runChild([storeModule, db, "writerA", "40", "300"]);
    const b = runChild([storeModule, db, "writerB", "40", "300"]);
    const [ca, cb] = await Promise.all([a.done, b.done]);
    expect(ca, a.output()).toBe(0);
    expect(cb, b.output()).toBe(0);
    const store = ResultStore.open({ path: db });
    expect(store.integrityCheck()).toBe("ok");
    expect(store.count()).toBe(80);
    expect(store.query({ model: "writerA" })).toHaveLength(40);
    expect(store.query({ tag: "writerB" })).toHaveLength(40);
    for (const s of store.list()) expect(store.load(s.id)!.items).toHaveLength(300);
    store.close();
  }, 120_000);

  it("a writer killed (SIGKILL) mid-stream leaves no partial result and a usable file", async () => {
    const db = join(dir, "killed.sqlite");
    const w = runChild([storeModule, db, "victim", "forever", "2000"]);
    await new Promise<void>((res) => {
      w.child.stdout!.on("data", () => {
        if ((w.output().match(/saved/g) ?? []).length >= 3) res();
      });
      void w.done.then(() => res()); // a child that dies early fails the assertions below, not a timeout
    });
    w.child.kill("SIGKILL");
    expect(await w.done).toBeNull();
    const store = ResultStore.open({ path: db });
    expect(store.integrityCheck()).toBe("ok");
    const all = store.list();
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const s of all) expect(store.load(s.id)!.items).toHaveLength(s.coverage.total);
    const id = store.save(result("after", "crash", 1, "2026-03-01T00:00:00Z"));
    expect(store.load(id)!.model).toBe("after");
    store.close();
  }, 120_000);
});

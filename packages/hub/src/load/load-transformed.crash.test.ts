import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Transform } from "@crucible/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRASH_SPEC, crashTransformRow } from "../test-support/crash-transform.js";
import { flatParquet, writeFixtureRepo } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadTransformed } from "./load-transformed.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const register = path.resolve(here, "../../../../tooling/vitest/ts-worker-register.mjs");
const child = path.join(here, "../test-support/child-transform.mjs");

let h: MirrorHarness;
const n = 60_000;
const blockAt = 50_000;
const text = (i: number) => `row ${i} `.repeat(12);
beforeAll(async () => {
  const ids = Array.from({ length: n }, (_, i) => i);
  const root = writeFixtureRepo(undefined, "acme/crash", {
    "README.md": "---\nlicense: mit\n---\n",
    "data/train-00000-of-00001.parquet": flatParquet({ id: ids, text: ids.map(text) }),
  });
  h = await startMirrorHarness(root);
});
afterAll(async () => h?.close());

/** Temporary store directories (`.<name>.tmp-<pid>-<random>`) of transform outputs under the stores root. */
function tempStores(root: string, pid?: number): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((d) => d.startsWith(".tf-") && d.includes(".tmp-") && (pid === undefined || d.includes(`.tmp-${pid}-`)));
}

/** Runs the child until it reports it is blocked mid-transform, checks its half-written store, then SIGKILLs it. */
function killMidWrite(storesRoot: string): Promise<{ signal: NodeJS.Signals | null; halfStore: string; halfBytes: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--conditions=@crucible/source", "--import", register, child, JSON.stringify(h.options), "acme/crash", "train", String(blockAt)],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    let half: { halfStore: string; halfBytes: number } | undefined;
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (half === undefined && out.includes('{"blocked":true}')) {
        const [dir] = tempStores(storesRoot, proc.pid);
        half = { halfStore: dir ?? "", halfBytes: dir ? statSync(path.join(storesRoot, dir, "data.bin")).size : 0 };
        proc.kill("SIGKILL");
      }
    });
    proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
    proc.on("error", reject);
    proc.on("close", (_code, signal) => {
      if (half === undefined) reject(new Error(`child ended before blocking: ${out} ${err.slice(-2000)}`));
      else resolve({ signal, ...half });
    });
  });
}

describe("loadTransformed: a process killed while writing a transformed store", () => {
  it("leaves no store that is reused; the next load rebuilds the same rows and removes the half store", async () => {
    const storesRoot = path.join(h.options.processedDir, "stores");
    const killed = await killMidWrite(storesRoot);
    expect(killed.signal).toBe("SIGKILL");
    // It really was mid-write: its temporary store holds data, and no finished transform store exists.
    expect(killed.halfStore).not.toBe("");
    expect(killed.halfBytes).toBeGreaterThan(0);
    expect(readdirSync(storesRoot).filter((d) => d.startsWith("tf-"))).toEqual([]);

    let calls = 0;
    const t = Transform.rows<Record<string, unknown>>().map((row, ctx) => (calls++, crashTransformRow(row, ctx)));
    const rebuilt = await loadTransformed("acme/crash", { ...h.options, split: "train", offline: true }, t, CRASH_SPEC);
    expect(rebuilt.reused).toBe(false);
    expect(calls).toBe(n);
    expect(rebuilt.length).toBe(n - n / 1000);
    const rows = rebuilt.dataset().toArray();
    expect(rows[0]).toEqual({ id: 0, text: text(0).toUpperCase(), at: 0 });
    expect(rows.at(-1)).toEqual({ id: n - 1, text: text(n - 1).toUpperCase(), at: n - 1 });
    expect(rows.map((r) => r.at)).toEqual(Array.from({ length: n }, (_, i) => i).filter((i) => i % 1000 !== 7));
    expect(rebuilt.skipped().map((s) => s.index)).toEqual(Array.from({ length: n / 1000 }, (_, k) => k * 1000 + 7));
    // The dead writer's temporary directory was swept by the new writer.
    expect(tempStores(storesRoot)).toEqual([]);

    const again = await loadTransformed("acme/crash", { ...h.options, split: "train", offline: true }, t, CRASH_SPEC);
    expect(again.reused).toBe(true);
    expect(calls).toBe(n);
    expect(again.dataset().toArray()).toEqual(rows);
  }, 120_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, startMirror } from "@crucible/mirror";
import { sharedData } from "@crucible/mirror/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/main.js";
import { load } from "../load.js";
import { CATALOG } from "./catalog.js";
import type { DatasetName } from "./loaders.js";

const { hub: hubRoot, hasHub: haveShared } = sharedData();
if (!haveShared) console.warn(`registry tests on the 21 shared repos skipped: ${hubRoot} is missing (set CRUCIBLE_SHARED_DIR)`);

// The shared hub holds only some splits of the real repos (hh-rlhf and MATH: test only), and some repos have fewer
// rows than the cookbook's 1024-row test set (its train side would be empty).
const HERE: Partial<Record<DatasetName, object>> = {
  hh_rlhf: { split: "test" },
  hendrycks_math: { split: "test" },
  ultrafeedback: { testSize: 16 },
  arena_140k: { testSize: 16 },
  tulu3_preference: { testSize: 16 },
};

describe.skipIf(!haveShared)(`load(name) for all 21 names on ${hubRoot}`, () => {
  let mirror: Mirror;
  let hub: { endpoint: string; cacheDir: string; processedDir: string; token: false; progress: false; onSkip: () => void };
  let work: string;
  beforeAll(async () => {
    mirror = await startMirror({ root: hubRoot });
    work = mkdtempSync(path.join(tmpdir(), "crucible-registry-"));
    hub = {
      endpoint: mirror.url,
      cacheDir: path.join(work, "hub"),
      processedDir: path.join(work, "processed"),
      token: false,
      progress: false,
      onSkip: () => undefined,
    };
  });
  afterAll(async () => {
    await mirror?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(CATALOG.map((e) => e.name as DatasetName))("%s loads typed rows from its repo", async (name) => {
    const entry = CATALOG.find((e) => e.name === name)!;
    const options = { ...hub, ...HERE[name] } as never;
    const ds = await load(name, options);
    const rows: Array<{ id: string; source?: { repo: string } }> = [];
    if (entry.streaming) {
      for await (const row of ds as AsyncIterable<{ id: string; source?: { repo: string } }>) if (rows.push(row) === 2) break;
    } else {
      const d = ds as { length: number; at(i: number): { id: string; source?: { repo: string } } };
      expect(d.length).toBeGreaterThan(0);
      rows.push(d.at(0), d.at(Math.min(1, d.length - 1)));
    }
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(typeof r.id).toBe("string");
      expect(r.source?.repo).toBe(entry.repo);
    }
  });
});

describe.skipIf(!haveShared)(`crucible load NAME --take 2 for all 21 names on ${hubRoot}`, () => {
  let mirror: Mirror;
  let work: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    mirror = await startMirror({ root: hubRoot });
    work = mkdtempSync(path.join(tmpdir(), "crucible-registry-cli-"));
    env = {
      HF_ENDPOINT: mirror.url,
      HF_HUB_CACHE: path.join(work, "hub"),
      CRUCIBLE_HOME: path.join(work, "crucible"),
      HF_HUB_DISABLE_PROGRESS_BARS: "1",
    };
  });
  afterAll(async () => {
    await mirror?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(CATALOG.map((e) => e.name))("%s prints two typed rows", async (name) => {
    let out = "";
    let err = "";
    const code = await runCli(["load", name, "--take", "2"], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env,
    });
    expect(err).not.toMatch(/^error/m);
    expect(code).toBe(0);
    const rows = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; source?: { repo: string } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => typeof r.id === "string")).toBe(true);
  });

  it("mmlu honours --offline (the hub options reach every one of its loads)", async () => {
    let out = "";
    const code = await runCli(["--offline", "load", "mmlu", "--take", "1"], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      env: { ...env, HF_ENDPOINT: "http://127.0.0.1:9" },
    });
    expect(code).toBe(0);
    expect(JSON.parse(out).id).toBe("cais/mmlu/all/test/0");
  });
});

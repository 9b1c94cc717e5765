import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flatParquet, hfMetadata, jsonl, type MirrorHarness, startMirrorHarness, writeFixtureRepo } from "@crucible/mirror/testing";
import type { CliIO } from "./context.js";
import { runCli } from "./main.js";
import { formatTable, toJsonLine } from "./serialize.js";

function sink(isTTY = false) {
  let text = "";
  return { write: (s: string) => ((text += s), true), isTTY, get text() { return text; } };
}

let h: MirrorHarness;
let env: CliIO["env"];
async function run(args: string[], tty = false) {
  const stdout = sink(tty);
  const stderr = sink(false);
  const code = await runCli(args, { stdout, stderr, env });
  return { code, out: stdout.text, err: stderr.text };
}

beforeAll(async () => {
  const root = writeFixtureRepo(undefined, "acme/cli", {
    "README.md": "---\nconfigs:\n- config_name: main\n  data_files:\n  - split: train\n    path: main/train-*\n  - split: test\n    path: main/test-*\n- config_name: extra\n  data_files: extra/*.jsonl.gz\n---\n",
    "main/train-00000-of-00001.parquet": flatParquet(
      { q: Array.from({ length: 20 }, (_, i) => `q${i}`), label: Array.from({ length: 20 }, (_, i) => i % 2) },
      hfMetadata({ q: { dtype: "string", _type: "Value" }, label: { names: ["neg", "pos"], _type: "ClassLabel" } }),
    ),
    "main/test-00000-of-00001.parquet": flatParquet({ q: ["t0", "t1"], label: [1, 0] }),
    "extra/a.jsonl.gz": jsonl([{ k: 1 }, { k: 2 }], true),
  });
  h = await startMirrorHarness(root);
  env = { HF_ENDPOINT: h.mirror.url, HF_HUB_CACHE: h.options.cacheDir, CRUCIBLE_HOME: h.options.processedDir, HF_HUB_DISABLE_PROGRESS_BARS: "1" };
});
afterAll(async () => h?.close());

describe("crucible CLI (in-process)", () => {
  it("info --json lists configs, splits, files, row counts and ClassLabel features", async () => {
    const { code, out } = await run(["info", "acme/cli", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.configs.map((c: { name: string }) => c.name)).toEqual(["main", "extra"]);
    const main = report.configs[0];
    expect(main.splits.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([["train", 20], ["test", 2]]);
    expect(main.features.label).toBe("class_label(neg, pos)");
    expect(main.splits[0].files[0].path).toBe("main/train-00000-of-00001.parquet");
    expect(report.configs[1].splits[0].rows).toBeNull();
    const counted = JSON.parse((await run(["info", "acme/cli", "--config", "extra", "--json", "--count"])).out);
    expect(counted.configs[0].splits[0].rows).toBe(2);
  });

  it("load prints JSONL when stdout is not a TTY, with skip/take", async () => {
    const { code, out } = await run(["load", "acme/cli", "--config", "main", "--split", "train", "--skip", "3", "--take", "2"]);
    expect(code).toBe(0);
    expect(out.trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ q: "q3", label: 1 }, { q: "q4", label: 0 }]);
  });

  it("load supports split strings and the table format", async () => {
    const { out } = await run(["load", "acme/cli", "--config", "main", "--split", "train[:2]+test[-1:]", "--format", "table"]);
    expect(out.split("\n")[0]).toMatch(/^q\s+\| label$/);
    expect(out).toContain("q1");
    expect(out).toContain("t1");
    expect(out).not.toContain("q2 ");
  });

  it("--endpoint overrides HF_ENDPOINT; failures exit non-zero with one error line", async () => {
    const stdout = sink();
    const override = await runCli(["--endpoint", h.mirror.url, "load", "acme/cli", "--config", "main", "--split", "test", "--cache-dir", h.options.cacheDir], {
      stdout,
      stderr: sink(),
      env: { HF_ENDPOINT: "http://127.0.0.1:9", CRUCIBLE_HOME: h.options.processedDir },
    });
    expect(override).toBe(0);
    expect(stdout.text.trim().split("\n")).toHaveLength(2);
    const bad = await run(["info", "acme/nope"]);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split("\n")).toHaveLength(1);
    expect(bad.err).toMatch(/^error: /);
    const missing = await run(["load", "acme/cli", "--split", "train"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("main, extra");
    const split = await run(["load", "acme/cli", "--config", "main", "--split", "nope"]);
    expect(split.err).toContain("train, test");
  });

  it("download prints the snapshot folder; offline load then needs no network", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), "crucible-cli-dl-"));
    try {
      const { code, out } = await run(["download", "acme/cli", "--include", "main/*", "--cache-dir", cache]);
      expect(code).toBe(0);
      expect(out.trim().startsWith(cache)).toBe(true);
      expect(existsSync(path.join(out.trim(), "main", "test-00000-of-00001.parquet"))).toBe(true);
      expect(existsSync(path.join(out.trim(), "extra", "a.jsonl.gz"))).toBe(false);
      const stdout = sink();
      const stderr = sink();
      const offline = await runCli(["load", "acme/cli", "--config", "main", "--split", "test", "--cache-dir", cache], {
        stdout,
        stderr,
        env: { ...env, HF_ENDPOINT: "http://127.0.0.1:9", HF_HUB_OFFLINE: "1", CRUCIBLE_HOME: path.join(cache, "crucible") },
      });
      expect(stderr.text).toBe("");
      expect(offline).toBe(0);
      expect(stdout.text.trim().split("\n")).toHaveLength(2);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe("crucible download on a terminal", () => {
  it("draws progress bars on a TTY stderr and still prints the folder", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), "crucible-cli-tty-"));
    try {
      const stdout = sink();
      const stderr = Object.assign(sink(true), { columns: 100, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true });
      const code = await runCli(["download", "acme/cli", "--cache-dir", cache], { stdout, stderr, env: { ...env, HF_HUB_DISABLE_PROGRESS_BARS: undefined } });
      expect(code).toBe(0);
      expect(stdout.text.trim().startsWith(cache)).toBe(true);
      expect(stderr.text).toContain("100%");
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe("crucible load --data-files (local files)", () => {
  it("loads local JSONL files through core's loadFiles", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "crucible-cli-local-"));
    try {
      writeFileSync(path.join(dir, "part-0.jsonl"), '{"x":1}\n{"x":2}\n');
      writeFileSync(path.join(dir, "part-1.jsonl"), '{"x":3}\n');
      const { code, out } = await run(["load", "--data-files", path.join(dir, "*.jsonl"), "--skip", "1"]);
      expect(code).toBe(0);
      expect(out.trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ x: 2 }, { x: 3 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("serialisation", () => {
  it("bigint stays exact, bytes become base64, NaN becomes null", () => {
    expect(toJsonLine({ a: 2n ** 64n, b: new Uint8Array([1, 2, 3]), c: Number.NaN })).toBe('{"a":18446744073709551616,"b":{"bytes_base64":"AQID"},"c":null}');
    expect(formatTable([{ a: "x".repeat(50) }], 10)).toContain("xxxxxxxxx…");
  });
});

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/cli.js");
describe.skipIf(!existsSync(dist))(`built bin (needs ${dist}; run the package build)`, () => {
  it("crucible load prints JSONL; a failure exits 1 with one error line", async () => {
    // Asynchronous spawn: the mirror runs in this process and must keep answering.
    const run = promisify(execFile);
    const r = await run(process.execPath, [dist, "load", "acme/cli", "--config", "main", "--split", "test"], { env: { ...process.env, ...env } });
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
    const bad = await run(process.execPath, [dist, "load", "acme/cli", "--split", "test"], { env: { ...process.env, ...env } }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr.trim().split("\n")).toHaveLength(1);
  });
});

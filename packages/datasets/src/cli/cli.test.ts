import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flatParquet, hfMetadata, jsonl, type MirrorHarness, startMirrorHarness, writeFixtureRepo } from "@crucible/mirror/testing";
import type { CliIO } from "./context.js";
import { runCli } from "./main.js";
import { mirrorServe } from "./mirror.js";
import { toJsonLine } from "@crucible/core";
import { formatTable } from "./serialize.js";

function sink(isTTY = false) {
  let text = "";
  return {
    write: (s: string) => ((text += s), true),
    isTTY,
    get text() {
      return text;
    },
  };
}

let h: MirrorHarness;
let fixtureRoot: string;
let env: CliIO["env"];
async function run(args: string[], tty = false) {
  const stdout = sink(tty);
  const stderr = sink(false);
  const code = await runCli(args, { stdout, stderr, env });
  return { code, out: stdout.text, err: stderr.text };
}

beforeAll(async () => {
  const root = writeFixtureRepo(undefined, "acme/cli", {
    "README.md":
      "---\nconfigs:\n- config_name: main\n  data_files:\n  - split: train\n    path: main/train-*\n  - split: test\n    path: main/test-*\n- config_name: extra\n  data_files: extra/*.jsonl.gz\n---\n",
    "main/train-00000-of-00001.parquet": flatParquet(
      { q: Array.from({ length: 20 }, (_, i) => `q${i}`), label: Array.from({ length: 20 }, (_, i) => i % 2) },
      hfMetadata({ q: { dtype: "string", _type: "Value" }, label: { names: ["neg", "pos"], _type: "ClassLabel" } }),
    ),
    "main/test-00000-of-00001.parquet": flatParquet({ q: ["t0", "t1"], label: [1, 0] }),
    "extra/a.jsonl.gz": jsonl([{ k: 1 }, { k: 2 }], true),
  });
  writeFixtureRepo(root, "openai/gsm8k", {
    "README.md": "---\nconfigs:\n- config_name: main\n  data_files:\n  - split: test\n    path: main/test-*\n---\n",
    "main/test-00000-of-00001.parquet": flatParquet({
      question: ["Apples?", "Half of 10?", "Sum?"],
      answer: ["3 + 4 = 7\n#### 7", "10 / 2 = 5\n#### 5", "1,000 + 234\n#### 1,234"],
    }),
  });
  writeFixtureRepo(root, "Anthropic/hh-rlhf", {
    "README.md": "---\nlicense: mit\n---\n",
    "harmless-base/test.jsonl.gz": jsonl(
      [
        { chosen: "\n\nHuman: Hi there\n\nAssistant: Hello! How can I help?", rejected: "\n\nHuman: Hi there\n\nAssistant: Go away." },
        { chosen: "\n\nHuman: Name a colour\n\nAssistant: Blue.", rejected: "\n\nHuman: Name a colour\n\nAssistant: Seven." },
      ],
      true,
    ),
  });
  fixtureRoot = root;
  h = await startMirrorHarness(root);
  env = {
    HF_ENDPOINT: h.mirror.url,
    HF_HUB_CACHE: h.options.cacheDir,
    CRUCIBLE_HOME: h.options.processedDir,
    HF_HUB_DISABLE_PROGRESS_BARS: "1",
  };
});
afterAll(async () => {
  await h?.close();
  if (fixtureRoot) rmSync(fixtureRoot, { recursive: true, force: true });
});

describe("crucible CLI (in-process)", () => {
  it("info --json lists configs, splits, files, row counts and ClassLabel features", async () => {
    const { code, out } = await run(["info", "acme/cli", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.configs.map((c: { name: string }) => c.name)).toEqual(["main", "extra"]);
    const main = report.configs[0];
    expect(main.splits.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([
      ["train", 20],
      ["test", 2],
    ]);
    expect(main.features.label).toBe("class_label(neg, pos)");
    expect(main.splits[0].files[0].path).toBe("main/train-00000-of-00001.parquet");
    expect(report.configs[1].splits[0].rows).toBeNull();
    const counted = JSON.parse((await run(["info", "acme/cli", "--config", "extra", "--json", "--count"])).out);
    expect(counted.configs[0].splits[0].rows).toBe(2);
  });

  it("load prints JSONL when stdout is not a TTY, with skip/take", async () => {
    const { code, out } = await run(["load", "acme/cli", "--config", "main", "--split", "train", "--skip", "3", "--take", "2"]);
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { q: "q3", label: 1 },
      { q: "q4", label: 0 },
    ]);
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
    const override = await runCli(
      ["--endpoint", h.mirror.url, "load", "acme/cli", "--config", "main", "--split", "test", "--cache-dir", h.options.cacheDir],
      {
        stdout,
        stderr: sink(),
        env: { HF_ENDPOINT: "http://127.0.0.1:9", CRUCIBLE_HOME: h.options.processedDir },
      },
    );
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

describe("crucible CLI: named datasets", () => {
  it("--version prints the package version", async () => {
    const { code, out } = await run(["--version"]);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("list filters by domain and query; --json prints the metadata", async () => {
    const all = JSON.parse((await run(["list", "--json"])).out);
    expect(all).toHaveLength(21);
    expect(all[0]).toMatchObject({ name: "gsm8k", repo: "openai/gsm8k", domain: "math", rowType: "MathProblem", license: "mit" });
    const vision = JSON.parse((await run(["list", "--domain", "vision", "--format", "json"])).out);
    expect(vision.map((e: { name: string }) => e.name)).toEqual(["caltech101", "flowers102", "oxford_pets", "stanford_cars"]);
    expect((await run(["list", "dpo", "--format", "jsonl"])).out.trim().split("\n")).toHaveLength(3);
    const bad = await run(["list", "--domain", "audio"]);
    expect([bad.code, bad.err]).toEqual([1, 'error: --domain must be one of math, chat, preference, code, vision, eval, got "audio"\n']);
  });

  it("load NAME gives the domain loader's typed rows, in json, csv and table", async () => {
    const { code, out } = await run(["load", "gsm8k", "--split", "test", "--take", "2"]);
    expect(code).toBe(0);
    const rows = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r: { id: string; answer: string }) => [r.id, r.answer])).toEqual([
      ["openai/gsm8k/main/test/0", "7"],
      ["openai/gsm8k/main/test/1", "5"],
    ]);
    const json = JSON.parse((await run(["load", "gsm8k", "--split", "test", "--format", "json", "--skip", "2"])).out);
    expect(json.map((r: { answer: string }) => r.answer)).toEqual(["1234"]);
    const csv = (await run(["load", "gsm8k", "--split", "test", "--format", "csv", "--take", "1"])).out;
    expect(csv.split("\r\n")[0]).toBe("id,problem,answer,solution,source");
    expect(csv).toContain('"3 + 4 = 7\n#### 7"');
    expect(csv).not.toContain("raw");
    const table = (await run(["load", "gsm8k", "--split", "test", "--format", "table"])).out;
    expect(table.split("\n")[0]).toMatch(/^id\s+\| problem/);
  });

  it("without --split, a default split missing on this Hub falls back to one it has, saying so", async () => {
    const { code, out, err } = await run(["load", "hh_rlhf", "--take", "1"]);
    expect(code).toBe(0);
    expect(err).toContain("loading --split test");
    expect(JSON.parse(out).comparison.completionA).toEqual([{ role: "assistant", content: expect.any(String) }]);
    const explicit = await run(["load", "hh_rlhf", "--split", "train"]);
    expect(explicit.code).toBe(1);
    expect(explicit.err).toMatch(/^error: .*train.*\n$/);
  });

  it("preview draws comparisons side by side and marks the preferred completion", async () => {
    const { code, out } = await run(["preview", "hh_rlhf", "--split", "test", "--width", "80"]);
    expect(code).toBe(0);
    expect(out).toMatch(/completion A \(preferred\)\s+│ completion B/);
    expect(out).toMatch(/user\s+│ (Hi there|Name a colour)/);
  });

  it("typos get suggestions; bad names and missing repos are reported in CLI words", async () => {
    const typo = await run(["load", "gsm8"]);
    expect(typo.code).toBe(1);
    expect(typo.err).toContain("did you mean gsm8k?");
    const missing = await run(["info", "acme/does-not-exist"]);
    expect(missing.err).toMatch(/^error: dataset acme\/does-not-exist not found at http:\/\/127\.0\.0\.1:\d+/);
    expect(missing.err).not.toContain("HTTP 401");
    const config = await run(["load", "acme/cli", "--split", "train"]);
    expect(config.err).toContain("Example: crucible load acme/cli --config main");
    expect(config.err).not.toContain("loadDataset");
    const local = await run(["load", "--data-files", "no-such-dir/*.parquet"]);
    expect(local.err).toContain("--data-files");
    expect(local.err).not.toContain("baseDir");
  });

  it("eval scores predictions, --store saves them, results lists them and export renders them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "crucible-cli-eval-"));
    try {
      const preds = path.join(dir, "preds.jsonl");
      writeFileSync(
        preds,
        ['{"id":"openai/gsm8k/main/test/0","output":"\\\\boxed{7}"}', '{"id":"openai/gsm8k/main/test/1","output":"\\\\boxed{6}"}', ""].join(
          "\n",
        ),
      );
      const store = path.join(dir, "results.sqlite");
      const ev = await run([
        "eval",
        preds,
        "--dataset",
        "gsm8k",
        "--split",
        "test",
        "--metric",
        "math",
        "--model",
        "m1",
        "--store",
        "--store-path",
        store,
        "--json",
      ]);
      expect(ev.code).toBe(0);
      const [summary] = JSON.parse(ev.out);
      expect(summary).toMatchObject({ model: "m1", answered: 2, total: 3 });
      expect(summary.math_equivalence).toBeCloseTo(1 / 3);
      const listed = JSON.parse((await run(["results", "m1", "--store-path", store, "--json"])).out);
      expect(listed.map((r: { id: string }) => r.id)).toEqual([summary.id]);
      const md = await run(["export", "--format", "md", "--store-path", store]);
      expect(md.out).toContain("m1");
      const html = path.join(dir, "report.html");
      expect((await run(["export", "--out", html, "--store-path", store])).code).toBe(0);
      expect(readFileSync(html, "utf8")).toContain("<html");
      const badLine = path.join(dir, "bad.jsonl");
      writeFileSync(badLine, '{"id":"x","output":"1"}\n{"id":3}\n');
      const bad = await run(["eval", badLine, "--dataset", "gsm8k", "--split", "test"]);
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/line 2/);
      const noneFound = await run(["export", "--format", "csv", "no-such-model", "--store-path", store]);
      expect(noneFound.err).toContain("no stored results match");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cache ls lists cached repos; cache prune --max-size removes the least recently used", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), "crucible-cli-cache-"));
    try {
      expect((await run(["download", "acme/cli", "--cache-dir", cache])).code).toBe(0);
      const ls = JSON.parse((await run(["cache", "ls", "--json", "--cache-dir", cache])).out);
      expect(ls.find((i: { name: string }) => i.name === "acme/cli")).toMatchObject({ kind: "hub" });
      const dry = await run(["cache", "prune", "--max-size", "0", "--dry-run", "--cache-dir", cache]);
      expect(dry.out).toContain("would remove");
      expect(existsSync(path.join(cache, "datasets--acme--cli"))).toBe(true);
      await run(["cache", "prune", "--max-size", "0", "--cache-dir", cache]);
      expect(existsSync(path.join(cache, "datasets--acme--cli"))).toBe(false);
      expect((await run(["cache", "prune", "--max-size", "lots"])).err).toContain("--max-size must be a size");
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("cache verify finds a damaged blob (exit 1), --repair deletes it, and the next load downloads it again", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), "crucible-cli-verify-"));
    try {
      const local = { ...env, CRUCIBLE_HOME: path.join(cache, "crucible") };
      const dl = await runCli(["download", "acme/cli", "--cache-dir", cache], { stdout: sink(), stderr: sink(), env: local });
      expect(dl).toBe(0);
      const ok = sink();
      expect(await runCli(["cache", "verify", "--cache-dir", cache], { stdout: ok, stderr: ok, env: local })).toBe(0);
      const blobs = path.join(cache, "datasets--acme--cli", "blobs");
      const victim = path.join(blobs, readdirSync(blobs)[0] as string);
      writeFileSync(victim, Buffer.concat([readFileSync(victim), Buffer.from("x")]));
      const bad = sink();
      expect(await runCli(["cache", "verify", "--json", "--cache-dir", cache], { stdout: bad, stderr: bad, env: local })).toBe(1);
      expect(bad.text).toContain(victim);
      expect(bad.text).toMatch(/1 damaged item\(s\) in the caches.*--repair/);
      const fix = sink();
      expect(await runCli(["cache", "verify", "--repair", "--cache-dir", cache], { stdout: fix, stderr: fix, env: local })).toBe(0);
      expect(existsSync(victim)).toBe(false);
      expect(await runCli(["download", "acme/cli", "--cache-dir", cache], { stdout: sink(), stderr: sink(), env: local })).toBe(0);
      expect(existsSync(victim)).toBe(true);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("a Hub that does not answer is given up on after 3 s; info then says it comes from the cache", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      expect((await run(["info", "acme/cli"])).code).toBe(0); // fills the cache
      const t0 = Date.now();
      const stdout = sink();
      const stderr = sink();
      const code = await runCli(["info", "acme/cli"], { stdout, stderr, env: { ...env, HF_ENDPOINT: `http://127.0.0.1:${port}` } });
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(stderr.text).toContain("did not answer within 3 s");
      expect(stdout.text.split("\n")[0]).toContain("(from cache)");
    } finally {
      silent.close();
    }
  });

  it("mirror serve serves a folder and prints the HF_ENDPOINT", async () => {
    const out = sink();
    let status = 0;
    await mirrorServe({ root: fixtureRoot }, { stdout: out, stderr: sink(), env }, async (m) => {
      status = (await fetch(`${m.url}/api/datasets/openai/gsm8k`)).status;
    });
    expect(status).toBe(200);
    expect(out.text).toMatch(/export HF_ENDPOINT=http:\/\/127\.0\.0\.1:\d+/);
    const bad = await run(["mirror", "serve", "--root", path.join(fixtureRoot, "nope")]);
    expect(bad.err).toContain("no datasets/ folder");
  });
});

describe("crucible download on a terminal", () => {
  it("draws progress bars on a TTY stderr and still prints the folder", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), "crucible-cli-tty-"));
    try {
      const stdout = sink();
      const stderr = Object.assign(sink(true), {
        columns: 100,
        cursorTo: () => true,
        moveCursor: () => true,
        clearLine: () => true,
        clearScreenDown: () => true,
      });
      const code = await runCli(["download", "acme/cli", "--cache-dir", cache], {
        stdout,
        stderr,
        env: { ...env, HF_HUB_DISABLE_PROGRESS_BARS: undefined },
      });
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
      expect(
        out
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l)),
      ).toEqual([{ x: 2 }, { x: 3 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("serialisation", () => {
  it("bigint stays exact, bytes become base64, NaN becomes null", () => {
    expect(toJsonLine({ a: 2n ** 64n, b: new Uint8Array([1, 2, 3]), c: Number.NaN })).toBe(
      '{"a":18446744073709551616,"b":"AQID","c":null}',
    );
    expect(formatTable([{ a: "x".repeat(50) }], 10)).toContain("xxxxxxxxx…");
  });
});

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/cli.js");
describe.skipIf(!existsSync(dist))(`built bin (needs ${dist}; run the package build)`, () => {
  it("crucible load prints JSONL; a failure exits 1 with one error line", async () => {
    // Asynchronous spawn: the mirror runs in this process and must keep answering.
    const run = promisify(execFile);
    const r = await run(process.execPath, [dist, "load", "acme/cli", "--config", "main", "--split", "test"], {
      env: { ...process.env, ...env },
    });
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
    const bad = await run(process.execPath, [dist, "load", "acme/cli", "--split", "test"], { env: { ...process.env, ...env } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr.trim().split("\n")).toHaveLength(1);
  });
});

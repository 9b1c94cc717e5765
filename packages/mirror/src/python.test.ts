import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror, MirrorLogEntry } from "./types.js";
import { buildFixtureRoot, gitSha1, pseudoRandomBytes, sha256, tempDir, type FixtureRoot, type TempDir } from "./test-support/fixtures.js";

// OPTIONAL: the real Python clients (huggingface_hub + datasets) with HF_ENDPOINT pointing at the mirror.
// Skipped when `python3 -c "import huggingface_hub, datasets"` fails (pip install huggingface_hub datasets).
const exec = promisify(execFile);
const PYTHON = process.env.PYTHON ?? "python3";
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "test-support", "python_clients.py");

async function pythonClientsAvailable(): Promise<boolean> {
  try {
    await exec(PYTHON, ["-c", "import huggingface_hub, datasets"], { timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
const HAS_PYTHON = await pythonClientsAvailable();
if (!HAS_PYTHON) {
  console.warn(
    `[mirror] skipping Python client tests: ${PYTHON} cannot import huggingface_hub and datasets (pip install huggingface_hub datasets)`,
  );
}

const TOKEN = "hf_pythongated0123456789";
let fx: FixtureRoot;
let home: TempDir;
let mirror: Mirror;
const logs: MirrorLogEntry[] = [];

type StepResult = Record<string, unknown> & { error?: string };

async function runPython(steps: string[]): Promise<Record<string, StepResult>> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home.dir,
    HF_ENDPOINT: mirror.url,
    HF_HOME: path.join(home.dir, "hf"),
    HF_HUB_CACHE: path.join(home.dir, "hf", "hub"),
    HF_DATASETS_CACHE: path.join(home.dir, "hf", "datasets"),
    HF_HUB_DISABLE_TELEMETRY: "1",
    HF_UPDATE_DOWNLOAD_COUNTS: "0",
    HF_HUB_DISABLE_XET: "1",
    HF_HUB_DISABLE_PROGRESS_BARS: "1",
    HF_DATASETS_DISABLE_PROGRESS_BARS: "1",
    MIRROR_TEST_TOKEN: TOKEN,
    NO_PROXY: "*",
  };
  if (process.env.PYENV_ROOT) env.PYENV_ROOT = process.env.PYENV_ROOT;
  if (process.env.PYENV_VERSION) env.PYENV_VERSION = process.env.PYENV_VERSION;
  const { stdout } = await exec(PYTHON, [SCRIPT, ...steps], { env, timeout: 240_000, maxBuffer: 16 << 20 });
  const marker = stdout.lastIndexOf("@@RESULT@@");
  return JSON.parse(stdout.slice(marker + "@@RESULT@@".length)) as Record<string, StepResult>;
}

describe.skipIf(!HAS_PYTHON)("Python huggingface_hub + datasets against the mirror", () => {
  beforeAll(async () => {
    fx = buildFixtureRoot();
    home = tempDir("crucible-mirror-py-");
    // small tree pages: HFH's list_repo_tree / snapshot_download / DS globbing must follow Link pagination
    mirror = await startMirror({
      root: fx.root,
      treePageSize: 2,
      repos: { "test-org/tiny": { gated: true, tokens: [TOKEN] } },
      log: (e) => logs.push(e),
    });
  });
  afterAll(async () => {
    await mirror?.close();
    fx?.cleanup();
    home?.cleanup();
  });

  it("hf_hub_download, snapshot_download, HfApi and load_dataset work and use the HF cache layout", { timeout: 300_000 }, async () => {
    const r = await runPython([
      "hf_hub_download",
      "missing_file",
      "missing_repo",
      "gated_no_token",
      "gated_token",
      "snapshot_download",
      "api",
      "load_dataset",
      "load_dataset_streaming",
      "load_dataset_gated",
    ]);
    for (const [step, res] of Object.entries(r)) expect(res.error, `${step}: ${String(res.trace ?? "")}`).toBeUndefined();
    const train = fx.gsm8k["main/train-00000-of-00001.parquet"] as Buffer;
    const info = (await (await fetch(`${mirror.url}/api/datasets/openai/gsm8k`)).json()) as { sha: string };

    const dl = r.hf_hub_download as Record<string, unknown>;
    expect(dl.lfs_blob).toBe(sha256(train));
    expect(dl.lfs_size).toBe(train.length);
    expect(dl.readme_blob).toBe(gitSha1(fx.gsm8k["README.md"] as Buffer));
    expect(dl.is_symlink).toBe(true);
    expect(dl.ref_main).toBe(info.sha);
    const noExist = path.join(home.dir, "hf", "hub", "datasets--openai--gsm8k", ".no_exist", info.sha, "nope.txt");
    expect(readFileSync(noExist, "utf8")).toBe("");

    expect(r.missing_file?.raised).toBe("RemoteEntryNotFoundError");
    expect(r.missing_repo?.raised).toBe("RepositoryNotFoundError");
    expect(r.gated_no_token?.raised).toBe("GatedRepoError");
    expect(r.gated_token?.size).toBe((fx.tiny["README.md"] as Buffer).length);

    expect(r.snapshot_download?.dir).toBe(info.sha);
    expect(r.snapshot_download?.files).toEqual(Object.keys(fx.gsm8k).sort());

    const api = r.api as Record<string, unknown>;
    expect(api.sha).toBe(info.sha);
    expect((api.lfs as Record<string, unknown>)["main/train-00000-of-00001.parquet"]).toBe(sha256(train));
    expect(api.paths_info).toEqual(["README.md", "main"]);
    expect(api.parquet_files).toEqual([".gitattributes", "main/test/0000.parquet", "main/train/0000.parquet"]);

    expect(r.load_dataset?.rows).toBe(40);
    expect(r.load_dataset?.columns).toEqual(["question", "answer"]);
    expect((r.load_dataset?.first as { question: string }).question).toBe("What is 0 + 0?");
    expect((r.load_dataset_streaming?.rows as Array<{ question: string }>).map((x) => x.question)).toEqual([
      "What is 1000 + 1000?",
      "What is 1001 + 1001?",
      "What is 1002 + 1002?",
    ]);
    expect(r.load_dataset_gated?.rows).toBe(5);
  });

  it("hf_hub_download retries a 429 (Retry-After) and completes", { timeout: 120_000 }, async () => {
    mirror.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 0 }, routes: ["resolve"] });
    mirror.resetStats();
    try {
      const r = await runPython(["retry_429"]);
      expect(r.retry_429?.error, String(r.retry_429?.trace ?? "")).toBeUndefined();
      expect(r.retry_429?.size).toBe((fx.tiny["big/random.bin"] as Buffer).length);
      expect(mirror.stats.byRoute.resolve).toBeGreaterThanOrEqual(3); // 429 HEAD, HEAD, GET
    } finally {
      mirror.setFaults({});
    }
  });

  it("hf_hub_download resumes with Range after the mirror cuts the body mid-file", { timeout: 120_000 }, async () => {
    // HFH writes 10 MiB chunks, so only a file well past 10 MiB shows a resume that skips the bytes it has
    const big = pseudoRandomBytes(24 * 1024 * 1024, 99);
    const dir = path.join(fx.root, "datasets", "test-org", "bigfile");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "blob.bin"), big);
    const cutAt = 15 * 1024 * 1024;
    mirror.setFaults({ cutBodyAfterBytes: cutAt, cutBodyCount: 1 });
    mirror.resetStats();
    logs.length = 0;
    try {
      const r = await runPython(["resume_cut"]);
      expect(r.resume_cut?.error, String(r.resume_cut?.trace ?? "")).toBeUndefined();
      expect(r.resume_cut?.sha256).toBe(sha256(big));
      const gets = logs.filter((e) => e.route === "resolve" && e.method === "GET").map((e) => e.status);
      expect(gets).toEqual([200, 206]); // the cut GET, then a Range GET for the rest
      expect(mirror.stats.bytesSent).toBeLessThan(big.length + cutAt); // did not restart from zero
    } finally {
      mirror.setFaults({});
    }
  });
});

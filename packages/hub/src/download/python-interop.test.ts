import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadFile } from "./file.js";
import { snapshotDownload } from "./snapshot.js";
import { FAST, type MirrorFixture, forbiddenFetch, freshCache, startTinyMirror } from "./test-support/fixtures.js";

const python = process.env.CRUCIBLE_PYTHON ?? "python3";
const probe = spawnSync(python, ["-c", "import huggingface_hub; print(huggingface_hub.__version__)"], { encoding: "utf8" });
const hfhVersion = probe.status === 0 ? probe.stdout.trim() : undefined;
if (!hfhVersion) {
  console.warn(
    `[hub] Python interop tests skipped: \`${python} -c "import huggingface_hub"\` failed (pip install huggingface_hub to run them)`,
  );
}

// Async on purpose: the mirror runs in this process and must keep answering while Python waits on it.
function py(code: string, env: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", code], {
      env: { ...process.env, HF_HUB_DISABLE_TELEMETRY: "1", HF_HUB_DISABLE_XET: "1", HF_TOKEN: "", ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`python failed: ${err}`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "null"));
    });
  });
}

describe.skipIf(!hfhVersion)(`cache interop with Python huggingface_hub ${hfhVersion ?? "(not installed)"}`, () => {
  let fx: MirrorFixture;
  beforeAll(async () => {
    fx = await startTinyMirror();
  });
  afterAll(async () => fx.close());

  it("files downloaded by Python are reused without a download (and offline)", async () => {
    const cacheDir = freshCache(fx);
    const pyPath = (await py(
      `import json; from huggingface_hub import hf_hub_download as d; print(json.dumps([d("test-org/tiny", f, repo_type="dataset") for f in ("data/big.bin", "README.md")]))`,
      { HF_ENDPOINT: fx.mirror.url, HF_HUB_CACHE: cacheDir },
    )) as string[];
    fx.mirror.resetStats();
    const ours = await downloadFile("test-org/tiny", "data/big.bin", { ...FAST, endpoint: fx.mirror.url, cacheDir });
    expect(ours).toBe(pyPath[0]);
    expect(fx.mirror.stats.requests).toBe(1); // the HEAD only: no GET
    fx.mirror.resetStats();
    const off = await downloadFile("test-org/tiny", "README.md", { ...FAST, cacheDir, offline: true, fetch: forbiddenFetch });
    expect(off).toBe(pyPath[1]);
    const snap = await snapshotDownload("test-org/tiny", {
      ...FAST,
      endpoint: fx.mirror.url,
      cacheDir,
      include: ["data/big.bin", "README.md"],
    });
    expect(path.dirname(pyPath[1] as string)).toBe(snap);
    expect(fx.mirror.stats.byRoute.resolve ?? 0).toBe(0);
  });

  it("files downloaded by crucible are reused by Python (online: HEAD only; offline: no request)", async () => {
    const cacheDir = freshCache(fx);
    const dir = await snapshotDownload("test-org/tiny", { ...FAST, endpoint: fx.mirror.url, cacheDir });
    fx.mirror.resetStats();
    const online = await py(
      `import json; from huggingface_hub import hf_hub_download as d; print(json.dumps(d("test-org/tiny", "data/big.bin", repo_type="dataset")))`,
      { HF_ENDPOINT: fx.mirror.url, HF_HUB_CACHE: cacheDir },
    );
    expect(online).toBe(path.join(dir, "data", "big.bin"));
    expect(fx.mirror.stats.requests).toBe(1);
    fx.mirror.resetStats();
    const offline = (await py(
      `import json; from huggingface_hub import snapshot_download as s, try_to_load_from_cache as t; print(json.dumps([s("test-org/tiny", repo_type="dataset"), t("test-org/tiny", "many/f07.txt", repo_type="dataset")]))`,
      { HF_ENDPOINT: fx.mirror.url, HF_HUB_CACHE: cacheDir, HF_HUB_OFFLINE: "1" },
    )) as string[];
    expect(offline[0]).toBe(dir);
    expect(readFileSync(offline[1] as string, "utf8")).toBe("file 7\n");
    // Python's snapshot_download online reads our trees/{sha}.json and skips its tree request
    const online2 = await py(
      `import json; from huggingface_hub import snapshot_download as s; print(json.dumps(s("test-org/tiny", repo_type="dataset")))`,
      { HF_ENDPOINT: fx.mirror.url, HF_HUB_CACHE: cacheDir },
    );
    expect(online2).toBe(dir);
    expect(fx.mirror.stats.byRoute.tree ?? 0).toBe(0);
    expect(fx.mirror.stats.byRoute.resolve ?? 0).toBe(0);
  });
});

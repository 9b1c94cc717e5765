import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { listFiles } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror } from "./types.js";
import { tempDir, type TempDir } from "./test-support/fixtures.js";
import { sharedData } from "./testing/shared.js";

// Against the shared hub folder (../shared/hub): skipped when it is missing.
const { hub: SHARED_HUB, hasHub: HAS_SHARED_HUB } = sharedData();
if (!HAS_SHARED_HUB) console.warn(`[mirror] skipping shared-hub tests: ${SHARED_HUB}/datasets not found (set CRUCIBLE_SHARED_DIR)`);

const exec = promisify(execFile);

function repoIds(): string[] {
  const base = path.join(SHARED_HUB, "datasets");
  return readdirSync(base).flatMap((org) => readdirSync(path.join(base, org)).map((name) => `${org}/${name}`));
}

describe.skipIf(!HAS_SHARED_HUB)(`shared hub (${SHARED_HUB})`, () => {
  let mirror: Mirror;
  beforeAll(async () => {
    mirror = await startMirror({ root: SHARED_HUB });
  });
  afterAll(async () => {
    await mirror?.close();
  });

  it("every repo has info with a sha and a tree that @huggingface/hub can list", async () => {
    const ids = repoIds();
    expect(ids.length).toBeGreaterThanOrEqual(20);
    for (const id of ids) {
      const info = (await (await fetch(`${mirror.url}/api/datasets/${id}`)).json()) as { id: string; sha: string; siblings: unknown[] };
      expect(info.id).toBe(id);
      expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
      let n = 0;
      for await (const e of listFiles({ repo: { type: "dataset", name: id }, hubUrl: mirror.url, recursive: true })) {
        if (e.type === "file") n++;
      }
      expect(n).toBe(info.siblings.length);
    }
  });

  it("MATH-500 test.jsonl: byte-identical content, git-sha1 ETag (a small text file is not LFS)", async () => {
    const r = await fetch(`${mirror.url}/datasets/HuggingFaceH4/MATH-500/resolve/main/test.jsonl`);
    const body = Buffer.from(await r.arrayBuffer());
    expect(createHash("sha256").update(body).digest("hex").startsWith("35dc4108")).toBe(true);
    const local = readFileSync(path.join(SHARED_HUB, "datasets/HuggingFaceH4/MATH-500/test.jsonl"));
    const sha1 = createHash("sha1").update(`blob ${local.length}\0`).update(local).digest("hex");
    expect(r.headers.get("etag")).toBe(`"${sha1}"`);
  });

  describe("Python datasets (optional)", () => {
    let home: TempDir;
    let hasPython = false;
    beforeAll(async () => {
      home = tempDir("crucible-mirror-pyshared-");
      hasPython = await exec("python3", ["-c", "import datasets"]).then(
        () => true,
        () => false,
      );
    });
    afterAll(() => home?.cleanup());

    it("load_dataset of gsm8k, hh-rlhf and MATH-500 through the mirror gives the expected row counts", {
      timeout: 300_000,
    }, async (ctx) => {
      if (!hasPython) ctx.skip("python3 cannot import datasets");
      const script = [
        "import json, os",
        "from datasets import load_dataset",
        "out = {}",
        "out['gsm8k'] = len(load_dataset('openai/gsm8k', 'main', split='train'))",
        "out['hh'] = len(load_dataset('Anthropic/hh-rlhf', split='test'))",
        "out['math500'] = len(load_dataset('HuggingFaceH4/MATH-500', split='test'))",
        "out['mmlu'] = len(load_dataset('cais/mmlu', 'abstract_algebra', split='test'))",
        "print('@@' + json.dumps(out)); import sys; sys.stdout.flush(); os._exit(0)",
      ].join("\n");
      const { stdout } = await exec("python3", ["-c", script], {
        timeout: 280_000,
        env: {
          PATH: process.env.PATH,
          HOME: home.dir,
          HF_ENDPOINT: mirror.url,
          HF_HOME: path.join(home.dir, "hf"),
          HF_HUB_DISABLE_TELEMETRY: "1",
          HF_UPDATE_DOWNLOAD_COUNTS: "0",
          HF_HUB_DISABLE_XET: "1",
          HF_HUB_DISABLE_PROGRESS_BARS: "1",
          HF_DATASETS_DISABLE_PROGRESS_BARS: "1",
        },
      });
      const out = JSON.parse(stdout.slice(stdout.lastIndexOf("@@") + 2)) as Record<string, number>;
      expect(out).toEqual({ gsm8k: 7473, hh: 2312, math500: 500, mmlu: 100 });
    });
  });
});

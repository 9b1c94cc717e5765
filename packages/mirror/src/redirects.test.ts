import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { downloadFile, downloadFileToCacheDir, fileDownloadInfo } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror } from "./types.js";
import { buildFixtureRoot, gitSha1, sha256, tempDir, type FixtureRoot, type TempDir } from "./test-support/fixtures.js";
import { rawRequest } from "./test-support/http.js";

// `redirects: true`: resolve answers like the Hub (307 relative for regular files, 302 to another host for LFS).
let fx: FixtureRoot;
let cache: TempDir;
let mirror: Mirror;
const TOKEN = "hf_redirectgated012345";
const repo = { type: "dataset" as const, name: "test-org/tiny" };
const LFS = "data/train-00000-of-00001.parquet";

beforeAll(async () => {
  fx = buildFixtureRoot();
  cache = tempDir("crucible-mirror-redir-");
  mirror = await startMirror({ root: fx.root, redirects: true, repos: { "test-org/tiny": { gated: true, tokens: [TOKEN] } } });
});
afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
  cache?.cleanup();
});

const auth = { authorization: `Bearer ${TOKEN}` };

describe("Hub-style redirects", () => {
  it("regular file: 307 with a relative Location and X-Repo-Commit/X-Linked-*; the target serves the bytes", async () => {
    const readme = fx.tiny["README.md"] as Buffer;
    const head = await rawRequest(mirror.url, "/datasets/test-org/tiny/resolve/main/README.md", { method: "HEAD", headers: auth });
    expect(head.status).toBe(307);
    const loc = String(head.headers.location);
    expect(loc).toMatch(/^\/api\/resolve-cache\/datasets\/test-org\/tiny\/[0-9a-f]{40}\/README\.md$/);
    expect(head.headers["x-repo-commit"]).toMatch(/^[0-9a-f]{40}$/);
    expect(head.headers["x-linked-size"]).toBe(String(readme.length));
    expect(head.headers["x-linked-etag"]).toBe(`"${gitSha1(readme)}"`);
    const target = await rawRequest(mirror.url, loc, { headers: auth });
    expect(target.status).toBe(200);
    expect(target.body.equals(readme)).toBe(true);
    expect(target.headers.etag).toBe(`"${gitSha1(readme)}"`);
    // the target is still gated
    expect((await rawRequest(mirror.url, loc)).status).toBe(401);
  });

  it("LFS file: 302 to a signed URL on the other loopback host name, which needs no token", async () => {
    const bytes = fx.tiny[LFS] as Buffer;
    const r = await rawRequest(mirror.url, `/datasets/test-org/tiny/resolve/main/${LFS}`, { headers: auth });
    expect(r.status).toBe(302);
    const loc = new URL(String(r.headers.location));
    expect(loc.hostname).toBe("localhost");
    expect(r.headers["x-linked-etag"]).toBe(`"${sha256(bytes)}"`);
    expect(r.headers["x-linked-size"]).toBe(String(bytes.length));
    const cdn = await rawRequest(mirror.url, loc.pathname + loc.search, { headers: { range: "bytes=0-3" } });
    expect(cdn.status).toBe(206);
    expect(cdn.body.toString()).toBe("PAR1");
    const forged = await rawRequest(mirror.url, `${loc.pathname}?sig=${"0".repeat(32)}`);
    expect(forged.status).toBe(403);
    const otherFile = loc.pathname.replace("train-", "test-");
    expect((await rawRequest(mirror.url, otherFile + loc.search)).status).toBe(403);
  });

  it("@huggingface/hub follows both redirects (fileDownloadInfo, downloadFile, downloadFileToCacheDir)", async () => {
    const bytes = fx.tiny[LFS] as Buffer;
    const info = await fileDownloadInfo({ repo, hubUrl: mirror.url, path: LFS, accessToken: TOKEN });
    expect(info?.size).toBe(bytes.length);
    expect(info?.etag).toBe(`"${sha256(bytes)}"`);
    const blob = await downloadFile({ repo, hubUrl: mirror.url, path: "README.md", accessToken: TOKEN });
    expect(await blob?.text()).toBe((fx.tiny["README.md"] as Buffer).toString());
    const p = await downloadFileToCacheDir({ repo, hubUrl: mirror.url, path: LFS, cacheDir: cache.dir, accessToken: TOKEN });
    expect(sha256((await import("node:fs")).readFileSync(p))).toBe(sha256(bytes));
  });

  it("Python hf_hub_download and load_dataset work through the redirects (optional)", { timeout: 240_000 }, async (ctx) => {
    const exec = promisify(execFile);
    const ok = await exec("python3", ["-c", "import huggingface_hub, datasets"]).then(
      () => true,
      () => false,
    );
    if (!ok) ctx.skip("python3 cannot import huggingface_hub and datasets");
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "test-support", "python_clients.py");
    const home = tempDir("crucible-mirror-redir-py-");
    try {
      const { stdout } = await exec("python3", [script, "hf_hub_download", "gated_token", "load_dataset_gated"], {
        timeout: 220_000,
        env: {
          PATH: process.env.PATH,
          HOME: home.dir,
          HF_ENDPOINT: mirror.url,
          HF_HOME: path.join(home.dir, "hf"),
          HF_HUB_CACHE: path.join(home.dir, "hf", "hub"),
          HF_HUB_DISABLE_TELEMETRY: "1",
          HF_UPDATE_DOWNLOAD_COUNTS: "0",
          HF_HUB_DISABLE_XET: "1",
          HF_HUB_DISABLE_PROGRESS_BARS: "1",
          MIRROR_TEST_TOKEN: TOKEN,
        },
      });
      const r = JSON.parse(stdout.slice(stdout.lastIndexOf("@@RESULT@@") + 10)) as Record<string, Record<string, unknown>>;
      for (const [step, res] of Object.entries(r)) expect(res.error, `${step}: ${String(res.trace ?? "")}`).toBeUndefined();
      expect(r.hf_hub_download?.lfs_blob).toBe(sha256(fx.gsm8k["main/train-00000-of-00001.parquet"] as Buffer));
      expect(r.hf_hub_download?.readme_blob).toBe(gitSha1(fx.gsm8k["README.md"] as Buffer));
      expect(r.load_dataset_gated?.rows).toBe(5);
    } finally {
      home.cleanup();
    }
  });
});

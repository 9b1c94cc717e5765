import { readFileSync } from "node:fs";
import { GatedRepoError, RepoNotFoundError } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetInfo } from "../api/info.js";
import { downloadFile } from "./file.js";
import { FAST, type MirrorFixture, freshCache, startTinyMirror } from "./test-support/fixtures.js";

const GOOD = "hf_goodtoken0123456789";
const OTHER = "hf_othertoken987654321";

describe("gated and private repos (mirror access rules)", () => {
  let fx: MirrorFixture;
  beforeAll(async () => {
    fx = await startTinyMirror({ repos: { "test-org/tiny": { gated: true, tokens: [GOOD] } } });
  });
  afterAll(async () => fx.close());

  it("gated: info is public, files need an accepted token", async () => {
    const base = { ...FAST, endpoint: fx.mirror.url, cacheDir: freshCache(fx) };
    expect((await datasetInfo("test-org/tiny", base)).id).toBe("test-org/tiny");
    const noToken = downloadFile("test-org/tiny", "README.md", base);
    await expect(noToken).rejects.toBeInstanceOf(GatedRepoError);
    await expect(noToken).rejects.toThrow(/HF_TOKEN/);
    const wrong = await downloadFile("test-org/tiny", "README.md", { ...base, token: OTHER }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(GatedRepoError);
    expect((wrong as GatedRepoError).status).toBe(403);
    expect(String((wrong as Error).message)).not.toContain(OTHER);
    const p = await downloadFile("test-org/tiny", "README.md", { ...base, token: GOOD });
    expect(readFileSync(p, "utf8")).toContain("tiny");
  });

  it("private repos look missing without a token (HF_TOKEN from the environment is used)", async () => {
    const priv = await startTinyMirror({ repos: { "test-org/tiny": { private: true, tokens: [GOOD] } } });
    try {
      const base = { ...FAST, endpoint: priv.mirror.url, cacheDir: freshCache(priv) };
      await expect(datasetInfo("test-org/tiny", base)).rejects.toBeInstanceOf(RepoNotFoundError);
      const saved = process.env.HF_TOKEN;
      process.env.HF_TOKEN = GOOD;
      try {
        const { token: _drop, ...withEnvToken } = base;
        expect((await datasetInfo("test-org/tiny", withEnvToken)).id).toBe("test-org/tiny");
      } finally {
        if (saved === undefined) delete process.env.HF_TOKEN;
        else process.env.HF_TOKEN = saved;
      }
    } finally {
      await priv.close();
    }
  });
});

import { describe, expect, it } from "vitest";
import { runCli } from "./main.js";

function sink() {
  let text = "";
  return {
    write: (s: string) => ((text += s), true),
    get text() {
      return text;
    },
  };
}

describe("crucible demo (the main job on the bundled sample hub)", () => {
  it("runs end to end with no network and nothing beside the repository", async () => {
    const stdout = sink();
    const stderr = sink();
    // No HF_ENDPOINT: the demo serves the sample hub itself; its cache is a temp dir it deletes.
    const code = await runCli(["demo"], { stdout, stderr, env: { HF_HUB_DISABLE_PROGRESS_BARS: "1" } });
    expect(stderr.text).toBe("");
    expect(code).toBe(0);
    const out = stdout.text;
    expect(out).toMatch(/^mirror: serving the bundled sample hub at http:\/\/127\.0\.0\.1:\d+$/m);
    // numpy: np.random.default_rng(0).permutation(1319)[:3] == [264, 725, 996]
    expect(out).toMatch(/gsm8k main\/test: 1319 problems .*starts with rows 264, 725, 996 as in Python/);
    expect(out).toMatch(/math500 test: 500 problems; answer column ≡ boxed answer for 500\/500/);
    expect(out).toMatch(/answered 429\/500/);
    expect(out).toMatch(/^ {2}\| .*demo-model/m);
    expect(out).toMatch(/mmlu dev: 285 questions .*first: abstract_algebra → B/);
    expect(out).toMatch(/hh_rlhf test: 1013 labeled comparisons/);
    expect(out).toMatch(/humaneval test: 164 problems; first has_close_elements\(\)/);
    expect(out).toMatch(/caltech101 test: 16 labelled images; first \[(png|jpeg) \d+×\d+, \d+ bytes\]/);
    expect(out).toMatch(/stream gsm8k: first 10 rows/);
    expect(out).toMatch(/offline reload \(server stopped\): 1319 problems .*shuffled head 264, 725, 996/);
  }, 120_000);

  it("--root must be a Hub-shaped folder", async () => {
    const stderr = sink();
    const code = await runCli(["demo", "--root", "/nonexistent-folder"], { stdout: sink(), stderr, env: {} });
    expect(code).toBe(1);
    expect(stderr.text).toContain("no datasets/ folder");
  });
});

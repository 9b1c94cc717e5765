import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flatParquet, jsonl, writeFixtureRepo, type FixtureFiles } from "../test-support/fixtures.js";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { loadDataset } from "../load/load-dataset.js";
import { resolveRepo } from "./api.js";

// Optional: compares our split resolution with the installed Python `datasets` on tricky layouts.
const hasPython = (() => {
  try {
    execFileSync("python3", ["-c", "import datasets"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
})();

const pq = (n: number) => flatParquet({ i: Array.from({ length: n }, (_, k) => k) });
const jl = (n: number) => jsonl(Array.from({ length: n }, (_, k) => ({ k })));
const csv = (n: number) => `k\n${Array.from({ length: n }, (_, k) => k).join("\n")}\n`;

const REPOS: Record<string, FixtureFiles> = {
  "p/dirnames": {
    "README.md": "---\nlicense: mit\n---\n",
    "data/training/a.jsonl": jl(2),
    "data/dev/b.jsonl": jl(3),
    "data/evaluation/c.jsonl": jl(4),
    "test.jsonl": jl(9),
  },
  "p/filenames": { "train_0.jsonl": jl(1), "train_1.jsonl": jl(2), "my-test-0.jsonl": jl(3), "valid.jsonl": jl(4), "notes.txt": "x\n" },
  "p/sharded": {
    "data/train-00000-of-00002.parquet": pq(3),
    "data/train-00001-of-00002.parquet": pq(4),
    "data/random-00000-of-00001.parquet": pq(5),
    "data/test-00000-of-00001.parquet": pq(6),
  },
  "p/fallback": {
    "README.md": "# no yaml\n",
    "b.csv": csv(2),
    "sub/a.csv": csv(3),
    ".hidden/x.csv": csv(7),
    "__pycache__/y.csv": csv(8),
    LICENSE: "mit",
  },
  "p/mixed": { "train.jsonl": jl(2), "train.txt": "a\nb\nc\n", "test_x.jsonl": jl(1), "Train_B.jsonl": jl(5) },
  "p/both": { "train_test.jsonl": jl(2), "train-a.jsonl": jl(3), "x_eval.jsonl": jl(4), "val.jsonl": jl(1) },
  "p/yaml": {
    "README.md":
      "---\nconfigs:\n- config_name: first\n  data_dir: one\n- config_name: second\n  default: true\n  data_files:\n  - split: train\n    path: [two/b*.jsonl, two/a*.jsonl]\n  - split: test\n    path: two/t.jsonl\n---\n",
    "one/train.jsonl": jl(2),
    "one/dev.jsonl": jl(3),
    "two/a1.jsonl": jl(1),
    "two/b1.jsonl": jl(2),
    "two/t.jsonl": jl(3),
  },
};

const PY = `
import json, sys
from datasets import get_dataset_config_names, load_dataset_builder
out = {}
for repo in sys.argv[1:]:
    res = {}
    try:
        for c in get_dataset_config_names(repo):
            b = load_dataset_builder(repo, c)
            res[c] = {str(s): [f.split("@", 1)[1].split("/", 1)[1] for f in files] for s, files in b.config.data_files.items()}
    except Exception as e:
        res = {"__error__": type(e).__name__}
    out[repo] = res
print(json.dumps(out))
`;

describe.skipIf(!hasPython)(
  "split resolution matches the installed Python datasets on tricky layouts (needs python3 -m pip install datasets)",
  () => {
    let h: MirrorHarness;
    let root: string;
    let python: Record<string, Record<string, Record<string, string[]>>> = {};
    beforeAll(async () => {
      root = mkdtempSync(path.join(tmpdir(), "crucible-parity-"));
      for (const [repo, files] of Object.entries(REPOS)) writeFixtureRepo(root, repo, files);
      h = await startMirrorHarness(root);
      const pyCache = path.join(h.options.cacheDir, "python");
      const { stdout } = await promisify(execFile)("python3", ["-c", PY, ...Object.keys(REPOS)], {
        env: {
          ...process.env,
          HF_ENDPOINT: h.mirror.url,
          HF_HUB_CACHE: path.join(pyCache, "hub"),
          HF_DATASETS_CACHE: path.join(pyCache, "datasets"),
          HF_HUB_DISABLE_TELEMETRY: "1",
          HF_UPDATE_DOWNLOAD_COUNTS: "0",
          HF_TOKEN: "",
        },
        timeout: 120_000,
      });
      python = JSON.parse(stdout.trim().split("\n").pop() as string);
      if (process.env.CRUCIBLE_PARITY_DEBUG) console.log(JSON.stringify(python));
    }, 150_000);
    afterAll(async () => {
      await h?.close();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    for (const repo of Object.keys(REPOS)) {
      it(`${repo}: same configs, splits and files in the same order`, async () => {
        const resolved = await resolveRepo(repo, h.options);
        const ours: Record<string, Record<string, string[]>> = {};
        for (const c of resolved.configNames) {
          ours[c] = Object.fromEntries(Object.entries(resolved.config(c).splits).map(([s, f]) => [s, f.map((x) => x.path)]));
        }
        expect(ours).toEqual(python[repo]);
        // Split order is part of parity too.
        for (const c of Object.keys(ours)) expect(Object.keys(ours[c] ?? {})).toEqual(Object.keys(python[repo]?.[c] ?? {}));
      });
    }

    it("row counts of a resolved layout equal the file contents", async () => {
      const d = await loadDataset("p/dirnames", h.options);
      expect(d.splits).toEqual(["train", "validation", "test"]);
      expect([d.get("train").length, d.get("validation").length, d.get("test").length]).toEqual([2, 3, 4]);
    });
  },
);

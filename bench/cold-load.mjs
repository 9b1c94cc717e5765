#!/usr/bin/env node
// Cold load of a 1M-row chat dataset (on demand; not part of the test suite): crucible vs Python `datasets`.
//   pnpm --filter @crucible/types --filter @crucible/core --filter @crucible/hub --filter @crucible/mirror build
//   node bench/cold-load.mjs [--rows 1000000] [--shards 6] [--runs 1] [--no-python]
// 1. generates (once, cached under bench/out/cold-load) a tulu-3-sft-mixture-like repo with Python `datasets`
//    (`Dataset.to_parquet`, as `push_to_hub` writes shards): `rows` rows of {id, messages: [{content, role}] ×2–4,
//    source}, about 2.2 kB of text per row drawn from a Zipf-weighted vocabulary (compresses like prose), `shards` files;
// 2. serves it with @crucible/mirror on 127.0.0.1;
// 3. each measurement runs in a fresh process (peak RSS = getrusage maxrss of that process, worker threads included):
//    - crucible cold: `loadDataset(repo, { split: "train" })` with an empty HF cache and store dir, then
//      `shuffle({ seed: 0 }).take(1024)`;
//    - crucible warm: the same call again (the row store is reopened by fingerprint);
//    - decode only, files already local: core's `writeParquetStore` with `workers: 0` (this thread) and default workers;
//    - Python cold: `load_dataset(repo, split="train")` with an empty cache (HF_ENDPOINT = the mirror), then
//      `shuffle(seed=0).select(range(1024))`. Python's import time is reported apart.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hasPythonDatasets, runJsonChild } from "./child.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    shards: { type: "string", default: "6" },
    runs: { type: "string", default: "1" },
    "no-python": { type: "boolean", default: false },
    child: { type: "string" },
    endpoint: { type: "string" },
    cache: { type: "string" },
    workers: { type: "string" },
  },
});
const REPO = "bench/tulu-like";
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

// ---------------------------------------------------------------- child processes (one measurement each)
if (values.child) {
  const { loadDataset } = await import("../packages/hub/dist/index.js");
  const { writeParquetStore } = await import("../packages/core/dist/index.js");
  const cacheDir = values.cache;
  const opts = { endpoint: values.endpoint, cacheDir, processedDir: path.join(cacheDir, "processed"), token: false, split: "train" };
  const out = {};
  if (values.child === "load") {
    const t0 = performance.now();
    const ds = await loadDataset(REPO, opts);
    out.loadMs = performance.now() - t0;
    const t1 = performance.now();
    const first = ds.shuffle({ seed: 0 }).take(1024).toArray();
    out.shuffleTakeMs = performance.now() - t1;
    out.rows = ds.length;
    out.firstIds = first.slice(0, 3).map((r) => r.id);
  } else if (values.child === "decode") {
    const files = [];
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory() || e.isSymbolicLink()) {
          if (e.isDirectory()) walk(p);
          else if (p.endsWith(".parquet")) files.push(p);
        } else if (p.endsWith(".parquet")) files.push(p);
      }
    };
    walk(path.join(cacheDir, "snapshots-src"));
    files.sort();
    const t0 = performance.now();
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    const store = await writeParquetStore(
      path.join(cacheDir, `decode-${values.workers ?? "default"}`),
      files.map((p) => ({ path: p, size: statSync(p).size })),
      {
        ...(workers !== undefined ? { workers } : {}),
      },
    );
    out.loadMs = performance.now() - t0;
    out.rows = store.numRows;
    store.close();
  }
  out.peakRssMB = maxRssMB();
  console.log(JSON.stringify(out));
  process.exit(0);
}

// ---------------------------------------------------------------- parent: data, mirror, runs
const nRows = Number(values.rows);
const nShards = Number(values.shards);
const runs = Number(values.runs);
const root = path.join(here, "out", "cold-load", `${nRows}x${nShards}`);
const repoDir = path.join(root, "datasets", ...REPO.split("/"));
const dataDir = path.join(repoDir, "data");

const python = !values["no-python"] && hasPythonDatasets();

const PY_WRITE = `
import sys, numpy as np, pyarrow as pa
from datasets import Dataset, Features, Value, List
n, shards, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(0)
letters = np.array(list("etaoinshrdlcumwfgypbvkjxqz"))
vocab = np.array(["".join(rng.choice(letters, size=int(k))) for k in rng.integers(2, 11, size=20000)])
weights = 1.0 / np.arange(1, len(vocab) + 1) ** 1.1
weights /= weights.sum()
sources = ["ai2-adapt-dev/flan_v2", "ai2-adapt-dev/oasst1", "ai2-adapt-dev/numinamath_tir", "ai2-adapt-dev/coconot", "ai2-adapt-dev/wildchat"]
features = Features({"id": Value("string"), "messages": List({"content": Value("string"), "role": Value("string")}), "source": Value("string")})
per = -(-n // shards)
for s in range(shards):
    lo, hi = s * per, min(n, (s + 1) * per)
    ids, msgs, srcs = [], [], []
    for i in range(lo, hi):
        turns = 2 + 2 * int(rng.integers(0, 2))
        words = rng.choice(len(vocab), size=int(rng.integers(150, 550)), p=weights)
        cuts = np.sort(rng.choice(np.arange(1, len(words)), size=turns - 1, replace=False))
        parts = np.split(vocab[words], cuts)
        msgs.append([{"content": " ".join(p), "role": "user" if k % 2 == 0 else "assistant"} for k, p in enumerate(parts)])
        ids.append(f"tulu_{i}")
        srcs.append(sources[i % len(sources)])
    Dataset.from_dict({"id": ids, "messages": msgs, "source": srcs}, features=features).to_parquet(f"{out}/train-{s:05d}-of-{shards:05d}.parquet")
    print(f"shard {s}: rows {lo}-{hi}", flush=True)
`;

if (!existsSync(path.join(dataDir, `train-${String(nShards - 1).padStart(5, "0")}-of-${String(nShards).padStart(5, "0")}.parquet`))) {
  if (!python) {
    console.error("Generating the data needs Python `datasets` (pip install datasets)");
    process.exit(1);
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(repoDir, "README.md"), "---\nlicense: odc-by\n---\n# tulu-like\n");
  const t = performance.now();
  execFileSync("python3", ["-c", PY_WRITE, String(nRows), String(nShards), dataDir], {
    stdio: "inherit",
    env: { ...process.env, HF_DATASETS_CACHE: path.join(root, ".hf-datasets") },
  });
  rmSync(path.join(root, ".hf-datasets"), { recursive: true, force: true });
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
const totalBytes = readdirSync(dataDir).reduce((n, f) => n + statSync(path.join(dataDir, f)).size, 0);
console.log(`data: ${nRows} rows, ${nShards} shards, ${(totalBytes / 1e6).toFixed(1)} MB`);

let startMirror;
try {
  ({ startMirror } = await import("../packages/mirror/dist/index.js"));
  await import("../packages/hub/dist/index.js");
} catch (err) {
  console.error(
    `Build first: pnpm --filter @crucible/types --filter @crucible/core --filter @crucible/hub --filter @crucible/mirror build\n${err.message}`,
  );
  process.exit(1);
}
const mirror = await startMirror({ root });

async function run(cmd, args, env = {}) {
  const t0 = performance.now();
  return { ...(await runJsonChild(cmd, args, env)), wallMs: performance.now() - t0 };
}
const node = (child, cache, extra = []) =>
  run(process.execPath, [fileURLToPath(import.meta.url), "--child", child, "--endpoint", mirror.url, "--cache", cache, ...extra]);

const PY_LOAD = `
import json, os, resource, time
t = time.perf_counter()
from datasets import load_dataset
t0 = time.perf_counter()
ds = load_dataset("${REPO}", split="train", cache_dir=os.environ["BENCH_CACHE"])
t1 = time.perf_counter()
first = ds.shuffle(seed=0).select(range(1024)).to_list()
t2 = time.perf_counter()
print(json.dumps({"importMs": (t0 - t) * 1000, "loadMs": (t1 - t0) * 1000, "shuffleTakeMs": (t2 - t1) * 1000, "rows": len(ds),
  "firstIds": [r["id"] for r in first[:3]], "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
os._exit(0)
`;

const results = [];
const fmt = (r) =>
  `${(r.loadMs / 1000).toFixed(2)} s load${r.shuffleTakeMs !== undefined ? ` + ${r.shuffleTakeMs.toFixed(0)} ms shuffle/take` : ""}, ${r.peakRssMB.toFixed(0)} MB peak${r.importMs !== undefined ? ` (+${(r.importMs / 1000).toFixed(1)} s import)` : ""}`;
for (let i = 0; i < runs; i++) {
  const cache = mkdtempSync(path.join(os.tmpdir(), "crucible-cold-load-"));
  try {
    const cold = await node("load", cache);
    results.push({ label: "crucible loadDataset cold", ...cold });
    console.log(`crucible cold: ${fmt(cold)}; rows ${cold.rows}; first ids ${cold.firstIds}`);
    const warm = await node("load", cache);
    results.push({ label: "crucible loadDataset warm", ...warm });
    console.log(`crucible warm: ${fmt(warm)}`);
    // decode only: the downloaded files, already local
    const src = path.join(cache, "snapshots-src");
    mkdirSync(src);
    for (const f of readdirSync(dataDir)) execFileSync("cp", [path.join(dataDir, f), src]);
    for (const w of ["0", undefined]) {
      const r = await node("decode", cache, w === undefined ? [] : ["--workers", w]);
      const label = `crucible writeParquetStore, local files, ${w === "0" ? "main thread only" : `default workers (${Math.min(os.availableParallelism(), 4)})`}`;
      results.push({ label, ...r });
      console.log(`${label}: ${fmt(r)}`);
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  if (python) {
    const pyCache = mkdtempSync(path.join(os.tmpdir(), "py-cold-load-"));
    try {
      const py = await run("python3", ["-c", PY_LOAD], {
        HF_ENDPOINT: mirror.url,
        HF_HOME: pyCache,
        BENCH_CACHE: path.join(pyCache, "datasets"),
        HF_HUB_DISABLE_TELEMETRY: "1",
        HF_UPDATE_DOWNLOAD_COUNTS: "0",
        HF_TOKEN: "",
      });
      results.push({ label: "Python datasets load_dataset cold", ...py });
      console.log(`python cold: ${fmt(py)}; rows ${py.rows}; first ids ${py.firstIds}`);
    } finally {
      rmSync(pyCache, { recursive: true, force: true });
    }
  }
}
await mirror.close();
console.log(
  `\n| ${nRows.toLocaleString("en-US")} rows, ${nShards} shards, ${(totalBytes / 1e6).toFixed(0)} MB | load | shuffle(0) + take(1024) | peak RSS | process wall |`,
);
console.log("|---|---|---|---|---|");
for (const r of results) {
  console.log(
    `| ${r.label} | ${(r.loadMs / 1000).toFixed(2)} s | ${r.shuffleTakeMs === undefined ? "—" : `${r.shuffleTakeMs.toFixed(0)} ms`} | ${r.peakRssMB.toFixed(0)} MB | ${(r.wallMs / 1000).toFixed(1)} s${r.importMs !== undefined ? ` (import ${(r.importMs / 1000).toFixed(1)} s)` : ""} |`,
  );
}

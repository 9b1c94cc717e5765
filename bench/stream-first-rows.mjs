#!/usr/bin/env node
// Streaming bench (on demand; not part of the test suite).
//   pnpm --filter @crucible/types --filter @crucible/core --filter @crucible/hub --filter @crucible/mirror build
//   node bench/stream-first-rows.mjs [--runs 3] [--rows 300000] [--no-python]
// 1. builds (once, cached in bench/out/stream-big) a ≥200 MB Parquet file with 3 row groups, written by Python
//    `datasets` (Dataset.from_generator(...).to_parquet(), 100k-row groups by default) when it is installed,
//    else by hyparquet-writer with the same shape: 300k rows of {id, messages: [{role, content}]};
// 2. serves it with @crucible/mirror as dataset `test/big` and measures, for the first 10 rows of
//    `streamDataset("test/big", { split: "train" })`: bytes the mirror sent, requests, wall time (fresh cache each run);
// 3. does the same with Python `datasets` streaming (`load_dataset(..., streaming=True)`) in the same run.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hasPythonDatasets } from "./child.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
let startMirror, streamDataset;
try {
  ({ startMirror } = await import("../packages/mirror/dist/index.js"));
  ({ streamDataset } = await import("../packages/hub/dist/index.js"));
} catch (err) {
  console.error(
    `Build first: pnpm --filter @crucible/types --filter @crucible/core --filter @crucible/hub --filter @crucible/mirror build\n${err.message}`,
  );
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    rows: { type: "string", default: "300000" },
    "no-python": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const nRows = Number(values.rows);

const root = path.join(here, "out", "stream-big");
const repoDir = path.join(root, "datasets", "test", "big");
const file = path.join(repoDir, "data", "train-00000-of-00001.parquet");

const python = !values["no-python"] && hasPythonDatasets();

const PY_WRITE = `
import random, sys
from datasets import Dataset
n, out = int(sys.argv[1]), sys.argv[2]
def gen():
    r = random.Random(0)
    for i in range(n):
        yield {"id": i, "messages": [
            {"role": "user", "content": "%0320x" % r.getrandbits(1280)},
            {"role": "assistant", "content": "%0320x" % r.getrandbits(1280)},
        ]}
Dataset.from_generator(gen).to_parquet(out)
`;

async function writeWithHyparquet() {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  let x = 1;
  const hex = () => {
    let s = "";
    while (s.length < 320) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      s += x.toString(16).padStart(8, "0");
    }
    return s;
  };
  const ids = new BigInt64Array(nRows);
  const messages = new Array(nRows);
  for (let i = 0; i < nRows; i++) {
    ids[i] = BigInt(i);
    messages[i] = [
      { role: "user", content: hex() },
      { role: "assistant", content: hex() },
    ];
  }
  const schema = [
    { name: "root", num_children: 2 },
    { name: "id", type: "INT64", repetition_type: "OPTIONAL" },
    { name: "messages", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
    { name: "role", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
    { name: "content", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  ];
  const size = Math.ceil(nRows / 3) + 1;
  const buf = parquetWriteBuffer({
    schema,
    columnData: [
      { name: "id", data: ids },
      { name: "messages", data: messages },
    ],
    rowGroupSize: [size, size, size],
  });
  writeFileSync(file, new Uint8Array(buf));
}

if (!existsSync(file)) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(path.join(repoDir, "README.md"), "---\nlicense: mit\n---\n# big\n");
  const t = performance.now();
  if (python)
    execFileSync("python3", ["-c", PY_WRITE, String(nRows), file], {
      stdio: "inherit",
      env: { ...process.env, HF_DATASETS_CACHE: path.join(root, ".hf-datasets") },
    });
  else await writeWithHyparquet();
  rmSync(path.join(root, ".hf-datasets"), { recursive: true, force: true });
  console.log(
    `wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) with ${python ? "Python datasets" : "hyparquet-writer"} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
const fileSize = statSync(file).size;
const { parquetMetadataAsync } = await import("hyparquet");
const { asyncBufferFromFile } = await import("../packages/core/dist/index.js");
const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
console.log(
  `file: ${fileSize} bytes, ${meta.num_rows} rows, row groups: ${meta.row_groups.map((g) => g.num_rows).join(", ")}, writer: ${meta.created_by}`,
);

const mirror = await startMirror({ root });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];

async function measure(label, fn) {
  const rows = [];
  for (let r = 0; r < runs; r++) {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "crucible-bench-cache-"));
    try {
      mirror.resetStats();
      const t = performance.now();
      const extra = await fn(cacheDir);
      const ms = performance.now() - t;
      const s = mirror.stats;
      rows.push({ ms: extra?.ms ?? ms, bytes: s.bytesSent, requests: s.requests, resolve: s.byRoute.resolve ?? 0 });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  const out = {
    label,
    runs: rows.length,
    medianMs: Math.round(median(rows.map((r) => r.ms))),
    medianBytes: median(rows.map((r) => r.bytes)),
    percentOfFile: ((100 * median(rows.map((r) => r.bytes))) / fileSize).toFixed(2),
    requests: median(rows.map((r) => r.requests)),
    dataRequests: median(rows.map((r) => r.resolve)),
  };
  results.push(out);
  console.log(JSON.stringify(out));
}

await measure("crucible streamDataset first 10 rows", async (cacheDir) => {
  const t = performance.now();
  const ds = await streamDataset("test/big", {
    endpoint: mirror.url,
    cacheDir,
    token: false,
    processedDir: path.join(cacheDir, "p"),
    split: "train",
  });
  let n = 0;
  for await (const row of ds) {
    if (n === 0 && row.id !== 0) throw new Error("wrong first row");
    if (++n >= 10) break;
  }
  return { ms: performance.now() - t };
});

if (python) {
  const PY_STREAM = `
import os, sys, time, json
t = time.perf_counter()
from datasets import load_dataset
t0 = time.perf_counter()
ds = load_dataset("test/big", split="train", streaming=True)
rows = []
for r in ds:
    rows.append(r)
    if len(rows) >= 10: break
print(json.dumps({"ms": (time.perf_counter() - t0) * 1000, "first": rows[0]["id"]}), flush=True)
os._exit(0)
`;
  await measure(
    "Python datasets streaming first 10 rows",
    (cacheDir) =>
      new Promise((resolve, reject) => {
        const child = spawn("python3", ["-c", PY_STREAM], {
          env: {
            ...process.env,
            HF_ENDPOINT: mirror.url,
            HF_HUB_CACHE: cacheDir,
            HF_DATASETS_CACHE: path.join(cacheDir, "ds"),
            HF_HUB_DISABLE_TELEMETRY: "1",
            HF_UPDATE_DOWNLOAD_COUNTS: "0",
            HF_TOKEN: "",
          },
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("close", (code) => {
          const line = out.trim().split("\n").pop();
          try {
            resolve(JSON.parse(line));
          } catch {
            reject(new Error(`python exited ${code}: ${err.slice(-500)}`));
          }
        });
      }),
  );
} else {
  console.log("Python datasets not installed: skipped the Python side (pip install datasets)");
}
await mirror.close();
console.log(
  `\n| client | first 10 rows: bytes fetched | % of ${(fileSize / 1e6).toFixed(1)} MB | requests (data file) | wall (median of ${runs}) |`,
);
console.log("|---|---|---|---|---|");
for (const r of results)
  console.log(
    `| ${r.label} | ${r.medianBytes.toLocaleString("en-US")} | ${r.percentOfFile} % | ${r.requests} (${r.dataRequests}) | ${r.medianMs} ms |`,
  );

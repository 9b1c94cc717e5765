#!/usr/bin/env node
// Million-row dataset: load + shuffle + take(1024) peak RSS, at(i) latency, shuffled full pass — crucible vs
// Python `datasets` on the same Parquet file, in the same run.
//
//   pnpm --filter @crucible/types --filter @crucible/core build     # the bench imports packages/core/dist
//   node bench/dataset-million.mjs [--rows 1000000] [--row-group 100000] [--dir /tmp/crucible-bench-million]
//                                  [--no-python] [--python /path/to/python] [--samples 100000]
//
// The file is generated once (hyparquet-writer, SNAPPY, --row-group rows per row group, seeded text: id int64, question
// ≈300 chars, answer ≈600 chars) and reused while its row count matches. Every measurement runs in its own child
// process so peak RSS (getrusage maxrss) belongs to that step alone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const coreDist = pathToFileURL(join(here, "../packages/core/dist/index.js")).href;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

// ---------------------------------------------------------------------------------------------------------------
// Workers
if (process.argv[2] === "--worker") {
  const [, , , step, file, home, samplesText] = process.argv;
  process.env.CRUCIBLE_HOME = home;
  const { Dataset, readParquet } = await import(coreDist);
  const fingerprint = "bench-million";
  const t0 = performance.now();
  const out = { step };
  if (step === "prepare" || step === "warm") {
    const ds = await Dataset.fromBatches(readParquet(file), { fingerprint });
    const loaded = performance.now();
    const sample = ds.shuffle({ seed: 0 }).take(1024).toArray();
    const done = performance.now();
    Object.assign(out, {
      rows: ds.length,
      onDisk: ds.onDisk,
      firstIds: sample.slice(0, 5).map((r) => r.id),
      loadMs: loaded - t0,
      shuffleTakeMs: done - loaded,
      totalMs: done - t0,
      peakRssMB: maxRssMB(),
    });
    if (step === "warm") {
      // at(i) latency on the shuffled dataset (random positions ⇒ random offsets on disk).
      const shuffled = ds.shuffle({ seed: 0 });
      const n = shuffled.length;
      const samples = Number(samplesText);
      let x = 12345;
      const lat = new Float64Array(samples);
      let sink = 0;
      for (let k = 0; k < samples; k++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const i = x % n;
        const s = process.hrtime.bigint();
        const row = shuffled.at(i);
        lat[k] = Number(process.hrtime.bigint() - s) / 1000;
        sink += row.question.length;
      }
      lat.sort();
      const pick = (q) => lat[Math.min(samples - 1, Math.floor(q * samples))];
      Object.assign(out, { atMedianUs: pick(0.5), atP99Us: pick(0.99), atMeanUs: lat.reduce((a, b) => a + b, 0) / samples, sink });
      // Shuffled full pass.
      const p0 = performance.now();
      let chars = 0;
      let count = 0;
      for (const row of shuffled) {
        chars += row.question.length + row.answer.length;
        count++;
      }
      const p1 = performance.now();
      Object.assign(out, {
        passRows: count,
        passChars: chars,
        passMs: p1 - p0,
        passRowsPerSec: count / ((p1 - p0) / 1000),
        peakRssAfterPassMB: maxRssMB(),
      });
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------------
// Fixture
async function writeFixture(path, rows, rowGroupSize) {
  const { fileWriter, parquetWriteRows } = await import("hyparquet-writer");
  const syll = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "ve", "zu", "an", "el", "is", "or", "ut", "qu", "th", "sh", "br", "st"];
  const vocab = [];
  for (let a = 0; a < syll.length; a++)
    for (let b = 0; b < syll.length; b++) for (let c = 0; c < 12; c++) vocab.push(syll[a] + syll[b] + syll[c]);
  let seed = 42;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed;
  };
  const text = (chars) => {
    let s = "";
    while (s.length < chars) s += `${vocab[rand() % vocab.length]} `;
    return s;
  };
  function* gen() {
    for (let i = 0; i < rows; i++) yield { id: BigInt(i), question: `Q${i}: ${text(300)}?`, answer: `A${i}: ${text(600)}` };
  }
  const tmp = `${path}.tmp`;
  const writer = fileWriter(tmp);
  await parquetWriteRows({
    writer,
    rows: gen(),
    columns: [
      { name: "id", type: "INT64" },
      { name: "question", type: "STRING" },
      { name: "answer", type: "STRING" },
    ],
    rowGroupSize,
  });
  renameSync(tmp, path);
}

function runNode(step, file, home, samples) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--worker", step, file, home, String(samples)], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`worker ${step} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const PY = String.raw`
import json, resource, sys, time
path, cache, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
from datasets import load_dataset
t_import = time.perf_counter()
ds = load_dataset("parquet", data_files=path, split="train", cache_dir=cache)
t_load = time.perf_counter()
sample = ds.shuffle(seed=0).select(range(1024)).to_list()
t_take = time.perf_counter()
out = {"rows": len(ds), "firstIds": [r["id"] for r in sample[:5]], "importMs": (t_import - t0) * 1e3,
       "loadMs": (t_load - t_import) * 1e3, "shuffleTakeMs": (t_take - t_load) * 1e3,
       "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
sh = ds.shuffle(seed=0)
x = 12345; n = len(sh); lat = []
for k in range(samples):
    x = (x * 1103515245 + 12345) % 2147483648
    i = x % n
    s = time.perf_counter_ns(); row = sh[i]; lat.append((time.perf_counter_ns() - s) / 1000)
lat.sort()
out.update({"atMedianUs": lat[len(lat) // 2], "atP99Us": lat[min(len(lat) - 1, int(0.99 * len(lat)))], "atMeanUs": sum(lat) / len(lat)})
p0 = time.perf_counter(); chars = 0; count = 0
for row in sh:
    chars += len(row["question"]) + len(row["answer"]); count += 1
p1 = time.perf_counter()
out.update({"passRows": count, "passChars": chars, "passMs": (p1 - p0) * 1e3, "passRowsPerSec": count / (p1 - p0),
            "peakRssAfterPassMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
print(json.dumps(out))
`;

function runPython(python, file, cache, samples) {
  const r = spawnSync(python, ["-c", PY, file, cache, String(samples)], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    env: { ...process.env, HF_DATASETS_DISABLE_PROGRESS_BARS: "1", HF_HUB_OFFLINE: "1" },
  });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

function dirSize(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    total += e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Main
const rows = Number(arg("rows", "1000000"));
const dir = arg("dir", join(tmpdir(), "crucible-bench-million"));
const samples = Number(arg("samples", "100000"));
const python = arg("python", "python3");
const rowGroup = Number(arg("row-group", "100000"));
mkdirSync(dir, { recursive: true });
const file = join(dir, rowGroup === 100000 ? `qa-${rows}.parquet` : `qa-${rows}-rg${rowGroup}.parquet`);
if (!existsSync(file)) {
  const g0 = performance.now();
  await writeFixture(file, rows, rowGroup);
  console.log(`wrote ${file} in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
}
const fileBytes = statSync(file).size;
console.log(`file: ${file} (${(fileBytes / 1e6).toFixed(1)} MB, ${rows} rows, ${rowGroup}-row row groups)`);

const home = join(dir, "crucible-home");
rmSync(home, { recursive: true, force: true });
const prepare = runNode("prepare", file, home, samples);
const storeBytes = existsSync(join(home, "stores")) ? dirSize(join(home, "stores")) : 0;
console.log("crucible prepare (cold: read Parquet, spill to the row store, shuffle, take 1024):", prepare);
const warm = runNode("warm", file, home, samples);
console.log("crucible warm (reopen store by fingerprint, shuffle, take 1024, at(i), shuffled pass):", warm);

let py;
if (!process.argv.includes("--no-python")) {
  const cache = join(dir, "py-cache");
  rmSync(cache, { recursive: true, force: true });
  py = runPython(python, file, cache, Math.min(samples, 20000));
  console.log("python datasets:", py);
  const same = JSON.stringify(py.firstIds) === JSON.stringify(warm.firstIds);
  console.log(`same first shuffled ids as Python: ${same}`);
}

const f = (x, d = 0) => (x === undefined ? "—" : Number(x).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
console.log(`\n| step | crucible | Python datasets |`);
console.log(`|---|---|---|`);
console.log(
  `| cold load (Parquet → store / Arrow cache) + shuffle + take(1024): wall | ${f(prepare.totalMs / 1000, 1)} s | ${py ? `${f((py.loadMs + py.shuffleTakeMs) / 1000, 1)} s` : "—"} |`,
);
console.log(`| … peak RSS | ${f(prepare.peakRssMB)} MB | ${py ? `${f(py.peakRssMB)} MB (whole Python run before the pass)` : "—"} |`);
console.log(`| warm load + shuffle + take(1024): wall | ${f(warm.totalMs, 0)} ms | — |`);
console.log(`| … peak RSS | ${f(warm.peakRssMB)} MB | — |`);
console.log(
  `| at(i) on the shuffled dataset, median / p99 / mean | ${f(warm.atMedianUs, 1)} / ${f(warm.atP99Us, 1)} / ${f(warm.atMeanUs, 1)} µs | ${py ? `${f(py.atMedianUs, 1)} / ${f(py.atP99Us, 1)} / ${f(py.atMeanUs, 1)} µs` : "—"} |`,
);
console.log(
  `| shuffled full pass | ${f(warm.passRowsPerSec)} rows/s (${f(warm.passMs / 1000, 1)} s) | ${py ? `${f(py.passRowsPerSec)} rows/s (${f(py.passMs / 1000, 1)} s)` : "—"} |`,
);
console.log(`| peak RSS after the pass | ${f(warm.peakRssAfterPassMB)} MB | ${py ? `${f(py.peakRssAfterPassMB)} MB` : "—"} |`);
console.log(`\nstore on disk: ${f(storeBytes / 1e6, 1)} MB; Parquet file: ${f(fileBytes / 1e6, 1)} MB`);

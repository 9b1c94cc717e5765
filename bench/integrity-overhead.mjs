#!/usr/bin/env node
// Cost of the integrity checks on warm reads, and of exact JSON integers — with Python `datasets` in the same run.
//
//   pnpm --filter @crucible/types --filter @crucible/core build     # the bench imports packages/core/dist
//   node bench/integrity-overhead.mjs [--rows 200000] [--runs 7] [--dir /tmp/crucible-bench-integrity] [--no-python]
//
// 1. Row store, warm page cache: a full sequential pass (`RowStore.get(i)` for every i, and `for (const row of ds)`
//    through `Dataset.openStore`) and a shuffled pass, each on a freshly opened store — so every 64 KiB chunk's
//    CRC-32 is computed once, as on any warm reload — against the same passes with checksums off (a store whose
//    chunks were all verified beforehand: no CRC work left, same reads and decoding).
// 2. JSON Lines: `readJsonl` (exact integers) against `JSON.parse` of the same lines (the parse step alone, the
//    reader's line splitting excluded, so the ratio is an upper bound of the reader's slowdown).
// 3. Python `datasets` 5.x: `load_from_disk` + a full pass over the same rows (Arrow, memory-mapped; no checksums).
// Times are CPU time of this process (user + system), median of --runs; rows are 900-byte question/answer records (id, question ≈300 chars, answer ≈600 chars).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const dist = (p) => pathToFileURL(join(here, "../packages/core/dist", p)).href;
let core, exact;
try {
  core = await import(dist("index.js"));
  exact = await import(dist("readers/exact-json.js"));
} catch (error) {
  console.error(`Build first: pnpm --filter @crucible/types --filter @crucible/core build\n${error.message}`);
  process.exit(1);
}
const { Dataset, RowStore, RowStoreWriter, readJsonl } = core;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const ROWS = Number(arg("rows", "200000"));
const RUNS = Number(arg("runs", "7"));
const DIR = arg("dir", join(tmpdir(), "crucible-bench-integrity"));
const PYTHON = !process.argv.includes("--no-python");
mkdirSync(DIR, { recursive: true });

/** CPU time (user + system) of this process in ms: the machine is shared, so wall time is mostly other jobs' noise. */
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const words = "the of and to in is that for it as was with be by on not he this are or his from at which but have an they".split(" ");
function text(seed, chars) {
  let x = seed >>> 0 || 1;
  let s = "";
  while (s.length < chars) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += `${words[x % words.length]} `;
  }
  return s.slice(0, chars);
}
const row = (i) => ({ id: i, question: text(i * 2 + 1, 300), answer: `${text(i * 2 + 2, 590)} #### ${i}` });

// --- 1. row store -------------------------------------------------------------------------------------------
const storeDir = join(DIR, `store-${ROWS}`);
if (!RowStore.isValid(storeDir)) {
  const w = RowStoreWriter.create(storeDir, { fsync: false });
  for (let i = 0; i < ROWS; i++) w.append(row(i));
  w.finish().close();
}
const warm = RowStore.open(storeDir);
for (let i = 0; i < warm.numRows; i++) warm.get(i); // page cache warm
warm.close();
const order = Array.from({ length: ROWS }, (_, i) => i);
let seed = 42;
for (let i = ROWS - 1; i > 0; i--) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  const j = seed % (i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}

let sink = 0;
function pass(store, indices) {
  const t0 = now();
  if (indices === undefined) for (let i = 0; i < store.numRows; i++) sink += store.get(i).id;
  else for (const i of indices) sink += store.get(i).id;
  return now() - t0;
}
const results = {};
// Interleave on/off per run so machine load hits both alike.
const seqOn = [], seqOff = [], shufOn = [], shufOff = [], dsOn = [], dsOff = [];
const preverified = RowStore.open(storeDir);
preverified.verify();
for (let r = 0; r < RUNS; r++) {
  {
    const t0 = now();
    const s = RowStore.open(storeDir);
    const t = pass(s);
    s.close();
    seqOn.push(t + (now() - t0 - t)); // open (manifest/offsets CRC) included
  }
  seqOff.push(pass(preverified));
  {
    const t0 = now();
    const s = RowStore.open(storeDir);
    pass(s, order);
    s.close();
    shufOn.push(now() - t0);
  }
  shufOff.push(pass(preverified, order));
  {
    const t0 = now();
    const ds = Dataset.openStore(storeDir);
    for (const row of ds) sink += row.id;
    dsOn.push(now() - t0);
  }
  {
    // Dataset over the pre-verified store: same iteration code, no CRC work.
    const ds = Dataset.openStore(storeDir);
    const src = ds.source?.store;
    if (src !== undefined) src.verify();
    const t0 = now();
    for (const row of ds) sink += row.id;
    dsOff.push(src !== undefined ? now() - t0 : Number.NaN);
  }
}
preverified.close();
Object.assign(results, {
  "sequential pass, checksums on": median(seqOn),
  "sequential pass, checksums off": median(seqOff),
  "shuffled pass, checksums on": median(shufOn),
  "shuffled pass, checksums off": median(shufOff),
  "Dataset for..of, checksums on": median(dsOn),
  "Dataset for..of, checksums off": median(dsOff),
});
const dataMB = RowStore.open(storeDir).dataBytes / 1e6;

// --- 2. JSON Lines ---------------------------------------------------------------------------------------------
const jsonlFile = join(DIR, `rows-${ROWS}.jsonl`);
const lines = [];
for (let i = 0; i < ROWS; i++) lines.push(JSON.stringify({ ...row(i), score: i / 7, tags: ["math", "gsm8k", i % 5] }));
if (!existsSync(jsonlFile)) writeFileSync(jsonlFile, `${lines.join("\n")}\n`);
const parseBase = [], parseExact = [], reader = [];
for (let r = 0; r < RUNS; r++) {
  let t0 = now();
  for (const l of lines) sink += JSON.parse(l).id;
  parseBase.push(now() - t0);
  t0 = now();
  for (const l of lines) sink += exact.parseJsonExact(l).id;
  parseExact.push(now() - t0);
  t0 = now();
  for await (const batch of readJsonl(jsonlFile)) sink += batch.length;
  reader.push(now() - t0);
}
Object.assign(results, {
  "JSONL lines: JSON.parse": median(parseBase),
  "JSONL lines: parseJsonExact": median(parseExact),
  "readJsonl (whole reader, exact ints)": median(reader),
});

// --- 3. Python datasets ------------------------------------------------------------------------------------------
let python;
if (PYTHON) {
  const script = `
import json, sys, time, os
import datasets
from datasets import load_from_disk, Dataset
d = sys.argv[1]; n = int(sys.argv[2]); runs = int(sys.argv[3]); src = sys.argv[4]
path = os.path.join(d, f"py-{n}")
if not os.path.exists(path):
    Dataset.from_json(src).save_to_disk(path)
times = []
for _ in range(runs):
    t = time.process_time()
    ds = load_from_disk(path)
    s = 0
    for r in ds:
        s += r["id"]
    times.append((time.process_time() - t) * 1000)
times.sort()
print(json.dumps({"version": datasets.__version__, "ms": times[len(times) // 2]}))
`;
  const res = spawnSync("python3", ["-c", script, DIR, String(ROWS), String(Math.min(RUNS, 3)), jsonlFile], { encoding: "utf8" });
  if (res.status === 0) python = JSON.parse(res.stdout.trim().split("\n").at(-1));
  else console.error(`python datasets not measured: ${res.stderr.trim().split("\n").at(-1)}`);
}

const pct = (a, b) => `${(((a - b) / b) * 100).toFixed(1)} %`;
console.log(`rows ${ROWS}, data.bin ${dataMB.toFixed(1)} MB, CPU ms, median of ${RUNS} (Node ${process.version})`);
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(40)} ${v.toFixed(1)} ms`);
console.log(`overhead sequential: ${pct(results["sequential pass, checksums on"], results["sequential pass, checksums off"])}`);
console.log(`overhead shuffled:   ${pct(results["shuffled pass, checksums on"], results["shuffled pass, checksums off"])}`);
console.log(`overhead Dataset:    ${pct(results["Dataset for..of, checksums on"], results["Dataset for..of, checksums off"])}`);
console.log(`JSONL exact ints vs JSON.parse: ${pct(results["JSONL lines: parseJsonExact"], results["JSONL lines: JSON.parse"])}`);
if (python) console.log(`python datasets ${python.version}: load_from_disk + full pass ${python.ms.toFixed(1)} ms`);
if (sink === 0.5) console.log(sink); // keeps the reads observable

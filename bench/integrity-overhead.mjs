#!/usr/bin/env node
// Cost of the integrity checks on warm reads, and of exact JSON integers — with Python `datasets` in the same run.
//
//   pnpm --filter @crucible/types --filter @crucible/core build     # the bench imports packages/core/dist
//   node bench/integrity-overhead.mjs [--rows 200000] [--runs 7] [--dir /tmp/crucible-bench-integrity] [--no-python]
//
// 1. Row store, warm page cache, every pass on a freshly opened store (so every 64 KiB chunk's CRC-32 is checked
//    once, as on any warm reload): a full sequential pass (`RowStore.get(i)` for every i, and `for (const row of ds)`
//    through `Dataset.openStore`) and a shuffled pass, with the checks done inline on the reading thread (the
//    behaviour before the background verifier), by the verifier thread (started by the open, or already running),
//    and with no checks at all (every chunk verified before the pass, outside the timing: same reads and decoding).
// 2. JSON Lines: `readJsonl` (exact integers) against `JSON.parse` of the same lines (the parse step alone, the
//    reader's line splitting excluded, so the ratio is an upper bound of the reader's slowdown).
// 3. Python `datasets` 5.x: `load_from_disk` + a full pass over the same rows (Arrow, memory-mapped; no checksums).
// Times: wall, CPU of the process (user + system, all threads: the verifier's work counts) and CPU of the main
// thread alone (Linux /proc schedstat), median of --runs; rows are 900-byte question/answer records (id, question ≈300 chars, answer ≈600 chars).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const dist = (p) => pathToFileURL(join(here, "../packages/core/dist", p)).href;
let core, exact, verifier;
try {
  core = await import(dist("index.js"));
  exact = await import(dist("readers/exact-json.js"));
  verifier = await import(dist("store/chunk-verifier.js"));
} catch (error) {
  console.error(`Build first: pnpm --filter @crucible/types --filter @crucible/core build\n${error.message}`);
  process.exit(1);
}
const { Dataset, RowStore, RowStoreWriter, readJsonl } = core;
const { verifierThread, setVerifierLinger } = verifier;

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
const warm = RowStore.open(storeDir, { verifyInBackground: false });
for (let i = 0; i < warm.numRows; i++) warm.get(i); // page cache warm
warm.close();
const order = Array.from({ length: ROWS }, (_, i) => i);
let seed = 42;
for (let i = ROWS - 1; i > 0; i--) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  const j = seed % (i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}

/** CPU time of the main thread alone in ms (Linux schedstat), or NaN elsewhere. */
const mainThreadFile = `/proc/self/task/${process.pid}/schedstat`;
const mainCpu = () => {
  try {
    return Number(readFileSync(mainThreadFile, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
};
/** A stopwatch of wall, process CPU (every thread, the verifier included) and main-thread CPU; pausable. */
function stopwatch() {
  const acc = { wall: 0, cpu: 0, main: 0 };
  let t;
  const sw = {
    start() {
      t = { wall: performance.now(), cpu: now(), main: mainCpu() };
      return sw;
    },
    stop() {
      acc.wall += performance.now() - t.wall;
      acc.cpu += now() - t.cpu;
      acc.main += mainCpu() - t.main;
      return acc;
    },
  };
  return sw;
}

let sink = 0;
function pass(store, indices) {
  if (indices === undefined) for (let i = 0; i < store.numRows; i++) sink += store.get(i).id;
  else for (const i of indices) sink += store.get(i).id;
}
async function threadGone() {
  const t = verifierThread();
  if (t === undefined) return;
  setVerifierLinger(0);
  // A store without chunks left to check releases the thread at once.
  const s = RowStore.open(storeDir, { verifyInBackground: true });
  s.close();
  await t.exited;
}
function threadUp() {
  setVerifierLinger(60_000);
  if (verifierThread() !== undefined) return Promise.resolve();
  const s = RowStore.open(storeDir, { verifyInBackground: true }); // start it, then wait until it answers
  return new Promise((resolve) => {
    const poll = () => (s.verificationStats().verified > 0 ? (s.close(), resolve()) : setTimeout(poll, 5));
    poll();
  });
}
/** A timed pass on a freshly opened store; "off" = every chunk verified before the pass, outside the timing. */
function measured(mode, indices) {
  const sw = stopwatch().start();
  const s = RowStore.open(storeDir, { verifyInBackground: mode === "worker" });
  if (mode === "off") {
    sw.stop();
    s.verify();
    sw.start();
  }
  pass(s, indices);
  const stats = s.verificationStats();
  s.close();
  return { ...sw.stop(), inline: mode === "off" ? Number.NaN : stats.inline / stats.chunks };
}
function measuredDataset(mode) {
  const sw = stopwatch().start();
  const ds = Dataset.openStore(storeDir); // the default: a worker for this 190 MB store
  if (mode === "off") {
    sw.stop();
    ds.source.store.verify();
    sw.start();
  }
  for (const r of ds) sink += r.id;
  const stats = ds.source.store.verificationStats();
  ds.source.store.close();
  return { ...sw.stop(), inline: mode === "off" ? Number.NaN : stats.inline / stats.chunks };
}

const series = {};
const record = (name, m) => (series[name] ??= []).push(m);
// Interleave the modes in every run so that machine load hits them alike.
for (let r = 0; r < RUNS; r++) {
  record("sequential get, no checksums", measured("off"));
  record("sequential get, CRC inline (before)", measured("inline"));
  await threadGone();
  record("sequential get, worker (thread started by this open)", measured("worker"));
  await threadUp();
  record("sequential get, worker (thread already running)", measured("worker"));
  record("Dataset for..of, no checksums", measuredDataset("off"));
  record("Dataset for..of, worker (thread already running)", measuredDataset("worker"));
  record("shuffled get, no checksums", measured("off", order));
  record("shuffled get, CRC inline (before)", measured("inline", order));
  record("shuffled get, worker (thread already running)", measured("worker", order));
}
const rowStore = {};
for (const [name, ms] of Object.entries(series)) {
  rowStore[name] = {
    wall: median(ms.map((m) => m.wall)),
    cpu: median(ms.map((m) => m.cpu)),
    main: median(ms.map((m) => m.main)),
    inline: median(ms.map((m) => m.inline)),
  };
}
const dataMB = RowStore.open(storeDir, { verifyInBackground: false }).dataBytes / 1e6;
const results = {};

// --- 2. JSON Lines ---------------------------------------------------------------------------------------------
const jsonlFile = join(DIR, `rows-${ROWS}.jsonl`);
const lines = [];
for (let i = 0; i < ROWS; i++) lines.push(JSON.stringify({ ...row(i), score: i / 7, tags: ["math", "gsm8k", i % 5] }));
if (!existsSync(jsonlFile)) writeFileSync(jsonlFile, `${lines.join("\n")}\n`);
const parseBase = [],
  parseExact = [],
  reader = [];
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
walls = []
for _ in range(runs):
    t = time.process_time()
    w = time.perf_counter()
    ds = load_from_disk(path)
    s = 0
    for r in ds:
        s += r["id"]
    times.append((time.process_time() - t) * 1000)
    walls.append((time.perf_counter() - w) * 1000)
times.sort()
walls.sort()
print(json.dumps({"version": datasets.__version__, "ms": times[len(times) // 2], "wall": walls[len(walls) // 2]}))
`;
  const res = spawnSync("python3", ["-c", script, DIR, String(ROWS), String(Math.min(RUNS, 3)), jsonlFile], { encoding: "utf8" });
  if (res.status === 0) python = JSON.parse(res.stdout.trim().split("\n").at(-1));
  else console.error(`python datasets not measured: ${res.stderr.trim().split("\n").at(-1)}`);
}

const pct = (a, b) => `${a >= b ? "+" : ""}${(((a - b) / b) * 100).toFixed(1)} %`;
console.log(
  `rows ${ROWS}, data.bin ${dataMB.toFixed(1)} MB, median of ${RUNS} (Node ${process.version}), load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(`${"".padEnd(56)}  wall ms   CPU ms  main ms  chunks CRC'd by the reader`);
const fmt = (m) =>
  `${m.wall.toFixed(1).padStart(8)} ${m.cpu.toFixed(1).padStart(8)} ${m.main.toFixed(1).padStart(8)}  ${Number.isNaN(m.inline) ? "    —" : `${(m.inline * 100).toFixed(1).padStart(5)} %`}`;
for (const [k, m] of Object.entries(rowStore)) console.log(`${k.padEnd(56)} ${fmt(m)}`);
const over = (on, off) => {
  const a = rowStore[on],
    b = rowStore[off];
  return `wall ${pct(a.wall, b.wall)}, CPU ${pct(a.cpu, b.cpu)}, main-thread CPU ${pct(a.main, b.main)}`;
};
for (const [label, on, off] of [
  ["sequential, inline", "sequential get, CRC inline (before)", "sequential get, no checksums"],
  ["sequential, worker started", "sequential get, worker (thread started by this open)", "sequential get, no checksums"],
  ["sequential, worker running", "sequential get, worker (thread already running)", "sequential get, no checksums"],
  ["Dataset, worker running", "Dataset for..of, worker (thread already running)", "Dataset for..of, no checksums"],
  ["shuffled, inline", "shuffled get, CRC inline (before)", "shuffled get, no checksums"],
  ["shuffled, worker running", "shuffled get, worker (thread already running)", "shuffled get, no checksums"],
])
  console.log(`overhead ${label.padEnd(28)} ${over(on, off)}`);
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(40)} ${v.toFixed(1)} ms`);
console.log(`JSONL exact ints vs JSON.parse: ${pct(results["JSONL lines: parseJsonExact"], results["JSONL lines: JSON.parse"])}`);
if (python)
  console.log(
    `python datasets ${python.version}: load_from_disk + full pass ${python.ms.toFixed(1)} ms CPU, ${python.wall.toFixed(1)} ms wall`,
  );
if (sink === 0.5) console.log(sink); // keeps the reads observable

#!/usr/bin/env node
// Parquet → row-store records: rows encoded straight from the decoded pages (the decode tasks of writeParquetStore)
// against building JS rows with readParquet and encoding them (what the tasks did before), and writeParquetStore
// end to end in this thread. Python `datasets` (Dataset.from_parquet into a fresh cache) is measured beside it.
//
//   pnpm --filter @crucible/types build && pnpm --filter @crucible/core build
//   node bench/parquet-direct.mjs FILE.parquet [FILE...] [--runs 3] [--before CORE_DIST]
//
// Each (mode, file) runs in its own child process: one warm-up, then --runs timed runs; the table shows the median
// wall time and CPU time (user + system) of a run, the lowest CPU time (steadier on a shared machine) and the
// child's peak RSS. `--before` points at the dist folder
// of another build of @crucible/core (e.g. the commit before this change) whose writeParquetStore is timed too.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { hasPythonDatasets, runJsonChild } from "./child.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const coreDist = join(here, "../packages/core/dist");

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

if (process.argv[2] === "--child") {
  const [, , , mode, file, runsText, dist] = process.argv;
  const lib = (p) => import(pathToFileURL(join(dist, p)).href);
  const { RecordChunkEncoder } = await lib("store/record-chunks.js");
  const { readParquet, readParquetInfo } = await lib("readers/parquet.js");
  const modes = {
    // readParquet's rows encoded one by one: the decode task before rows were written from pages.
    async object() {
      const spare = [];
      const encoder = new RecordChunkEncoder(undefined, spare);
      let rows = 0;
      for await (const batch of readParquet(file)) {
        for (const row of batch) {
          const full = encoder.push(row);
          if (full) spare.push(full.data.buffer);
        }
        rows += batch.length;
      }
      return rows;
    },
    // The decode task as it is now (direct from pages when the schema allows).
    async direct() {
      const { runDecodeTask } = await lib("readers/parquet-store-task.js");
      const { metadata, numRows } = await readParquetInfo(file);
      const spare = [];
      const reasons = [];
      const rows = await runDecodeTask(
        { id: 0, path: file, name: file, rowStart: 0, rowEnd: numRows },
        (chunk) => void spare.push(chunk.data.buffer),
        new Map([[file, metadata]]),
        spare,
        (why) => reasons.push(why),
      );
      if (reasons.length) console.error(`fell back: ${reasons.join("; ")}`);
      return rows;
    },
    async store() {
      const { writeParquetStore } = await lib("readers/parquet-store.js");
      const dir = mkdtempSync(join(tmpdir(), "crucible-direct-"));
      try {
        const store = await writeParquetStore(join(dir, "store"), [{ path: file }], { workers: 0 });
        const n = store.numRows ?? store.length;
        await store.close?.();
        return n;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  const times = [];
  let rows = 0;
  for (let r = 0; r <= Number(runsText); r++) {
    globalThis.gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    rows = await modes[mode]();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (r > 0) times.push({ wall, cpu: (cpu.user + cpu.system) / 1000 });
  }
  times.sort((a, b) => a.wall - b.wall);
  const mid = times[Math.floor(times.length / 2)];
  const best = times.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  console.log(JSON.stringify({ rows, wall: mid.wall, cpu: mid.cpu, bestCpu: best.cpu, rss: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const PY = `
import json, resource, shutil, sys, tempfile, time
from datasets import Dataset
file, runs = sys.argv[1], int(sys.argv[2])
times = []
for r in range(runs + 1):
    d = tempfile.mkdtemp()
    c0 = time.process_time(); t0 = time.perf_counter()
    ds = Dataset.from_parquet(file, cache_dir=d)
    n = len(ds)
    wall = time.perf_counter() - t0; cpu = time.process_time() - c0
    del ds
    shutil.rmtree(d)
    if r > 0: times.append((wall, cpu))
times.sort()
w, c = times[len(times) // 2]
best = min(t[1] for t in times)
print(json.dumps({"rows": n, "wall": w * 1000, "cpu": c * 1000, "bestCpu": best * 1000, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"));
const runs = Number(arg("runs", "3"));
const before = arg("before", undefined);
const python = hasPythonDatasets();
const rows = [];
for (const file of files) {
  const cases = [
    ["object (readParquet + push)", "object", coreDist],
    ["direct (runDecodeTask)", "direct", coreDist],
    ...(before ? [["writeParquetStore, before", "store", before]] : []),
    ["writeParquetStore, now", "store", coreDist],
  ];
  for (const [label, mode, dist] of cases) {
    const r = await runJsonChild("node", ["--expose-gc", fileURLToPath(import.meta.url), "--child", mode, file, String(runs), dist]);
    rows.push({ file: basename(file), label, ...r });
  }
  if (python) {
    const r = await runJsonChild("python3", ["-c", PY, file, String(runs)], { HF_DATASETS_DISABLE_PROGRESS_BARS: "1" });
    rows.push({ file: basename(file), label: "Python datasets Dataset.from_parquet", ...r });
  } else {
    rows.push({ file: basename(file), label: "Python datasets: not installed (skipped)", rows: 0, wall: NaN, cpu: NaN, rss: NaN });
  }
}
console.log("| file | mode | rows | wall s | CPU s | best CPU s | peak RSS MB |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const best = r.bestCpu === undefined ? "" : (r.bestCpu / 1000).toFixed(2);
  const cells = [r.file, r.label, r.rows, (r.wall / 1000).toFixed(2), (r.cpu / 1000).toFixed(2), best, Math.round(r.rss)];
  console.log(`| ${cells.join(" | ")} |`);
}

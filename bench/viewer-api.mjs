#!/usr/bin/env node
// Dataset-viewer API bench (on demand; not part of the test suite).
//   pnpm --filter @crucible/types --filter @crucible/core --filter @crucible/mirror build
//   node bench/viewer-api.mjs [--rows 1000000] [--row-group 100000] [--samples 200] [--no-python] [--no-duckdb] [--no-paint]
// 1. writes (once, cached in bench/out/viewer-<rows>) a Parquet split of `rows` rows {id, text, score, label}
//    with pyarrow (`text`: 8–20 words from a 5,000-word Zipf vocabulary);
// 2. serves it with the built mirror (a child process) and times, from one keep-alive client:
//    `/rows` (length 100) at random offsets, the first `/search` (builds the index: time and size), then searches
//    and a `/filter`;
// 3. peers in the same run: Python `datasets` (`Dataset.from_parquet`, slices `ds[o:o+100]`, `ds.filter` for the
//    same words) and DuckDB over the same file (`LIMIT 100 OFFSET o`, `ILIKE` search — the Hub's viewer runs DuckDB);
// 4. first paint of `/viewer` in headless Chromium on the sample hub (../shared/hub when present, else the bench split).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, "../packages/mirror/dist/cli.js");
if (!existsSync(BIN) || !existsSync(path.join(here, "../packages/mirror/page-dist/index.html"))) {
  console.error("Build first: pnpm --filter @crucible/types --filter @crucible/core --filter @crucible/mirror build");
  process.exit(1);
}
const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    "row-group": { type: "string", default: "100000" },
    samples: { type: "string", default: "200" },
    "no-python": { type: "boolean", default: false },
    "no-duckdb": { type: "boolean", default: false },
    "no-paint": { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const RG = Number(values["row-group"]);
const SAMPLES = Number(values.samples);
const out = path.join(here, "out", `viewer-${ROWS}-${RG}`);
const root = path.join(out, "root");
const file = path.join(root, "datasets", "bench", "viewer", "data", "train-00000-of-00001.parquet");
const indexDir = path.join(out, "index");

if (!existsSync(file)) {
  mkdirSync(path.dirname(file), { recursive: true });
  const t0 = Date.now();
  execFileSync(
    "python3",
    [
      "-c",
      `
import numpy as np, pyarrow as pa, pyarrow.parquet as pq, sys
rows, rg, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(0)
letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
vocab = ["".join(rng.choice(letters, size=rng.integers(3, 9))) for _ in range(5000)]
ranks = np.arange(1, 5001); p = 1 / ranks; p /= p.sum()
lens = rng.integers(8, 21, size=rows)
words = rng.choice(5000, size=int(lens.sum()), p=p)
texts, at = [], 0
for n in lens:
    texts.append(" ".join(vocab[w] for w in words[at:at + n])); at += n
table = pa.table({"id": pa.array(np.arange(rows), pa.int64()), "text": pa.array(texts, pa.string()),
                  "score": pa.array(rng.random(rows), pa.float64()), "label": pa.array(rng.integers(0, 10, size=rows), pa.int64())})
pq.write_table(table, path, row_group_size=rg, compression="snappy")
print(" ".join(vocab[i] for i in [3, 40, 400, 2000]))
`,
      String(ROWS),
      String(RG),
      file,
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  console.log(`wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${Date.now() - t0} ms`);
}
const vocabWords = execFileSync("python3", [
  "-c",
  `
import numpy as np
rng = np.random.default_rng(0)
letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
vocab = ["".join(rng.choice(letters, size=rng.integers(3, 9))) for _ in range(5000)]
print(" ".join(vocab[i] for i in [3, 40, 400, 2000, 4500]))`,
])
  .toString()
  .trim()
  .split(" ");
const QUERIES = [
  [vocabWords[1]],
  [vocabWords[2]],
  [vocabWords[3]],
  [vocabWords[4]],
  [vocabWords[1], vocabWords[2]],
  [vocabWords[0], vocabWords[3]],
];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;
const rnd = (() => {
  let x = 12345;
  return () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
})();
const offsets = Array.from({ length: SAMPLES }, () => Math.floor(rnd() * (ROWS - 100)));

// --- crucible mirror
rmSync(indexDir, { recursive: true, force: true });
const child = spawn(process.execPath, [BIN, "--root", root, "--index-dir", indexDir], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  let buf = "";
  child.stdout.on("data", (c) => {
    buf += c;
    const m = /listening on (\S+)\n/.exec(buf);
    if (m) resolve(m[1]);
  });
  child.on("exit", (code) => reject(new Error(`mirror exited ${code}`)));
});
const q = (p) => new URLSearchParams({ dataset: "bench/viewer", config: "default", split: "train", ...p });
async function timed(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { t: performance.now() - t0, body };
}
const results = {};
{
  // the first /rows also starts the split's index build in the background (the timings below share the CPU with it)
  const buildStart = performance.now();
  const first = await timed(`${base}/rows?${q({ offset: 0, length: 100 })}`);
  results.rowsFirst = first.t;
  const times = [];
  for (const o of offsets) {
    const r = await timed(`${base}/rows?${q({ offset: o, length: 100 })}`);
    if (r.body.rows.length !== 100 || r.body.rows[0].row.id !== o) throw new Error(`wrong rows at ${o}`);
    times.push(r.t);
  }
  results.rows = { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
  console.log(
    `crucible /rows from Parquet while the index builds (100 rows, ${SAMPLES} random offsets): first ${ms(first.t)}, p50 ${ms(results.rows.p50)}, p95 ${ms(results.rows.p95)}, max ${ms(results.rows.max)}`,
  );

  await timed(`${base}/search?${q({ query: QUERIES[0].join(" ") })}`);
  const idx = readdirSync(indexDir)
    .filter((f) => f.endsWith(".sqlite"))
    .map((f) => statSync(path.join(indexDir, f)).size)[0];
  const idxAll = readdirSync(indexDir, { recursive: true })
    .map((f) => path.join(indexDir, String(f)))
    .filter((f) => statSync(f).isFile())
    .reduce((n, f) => n + statSync(f).size, 0);
  results.build = { ms: performance.now() - buildStart, bytes: idx, all: idxAll };
  console.log(
    `crucible index build (from the first /rows to the first /search answered): ${(results.build.ms / 1000).toFixed(1)} s, SQLite ${(idx / 1e6).toFixed(1)} MB, with the row store ${(idxAll / 1e6).toFixed(1)} MB (Parquet ${(statSync(file).size / 1e6).toFixed(1)} MB)`,
  );
  {
    const times = [];
    for (const o of offsets) {
      const r = await timed(`${base}/rows?${q({ offset: o, length: 100 })}`);
      if (r.body.rows.length !== 100 || r.body.rows[0].row.id !== o) throw new Error(`wrong rows at ${o}`);
      times.push(r.t);
    }
    results.rowsPrepared = { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
    console.log(
      `crucible /rows after the split's index and row store exist (same offsets): p50 ${ms(results.rowsPrepared.p50)}, p95 ${ms(results.rowsPrepared.p95)}, max ${ms(results.rowsPrepared.max)}`,
    );
  }
  const st = [];
  results.searchHits = [];
  for (let round = 0; round < 3; round++) {
    for (const words of QUERIES) {
      const r = await timed(`${base}/search?${q({ query: words.join(" "), offset: 0, length: 100 })}`);
      st.push(r.t);
      if (round === 0) results.searchHits.push(`${words.join(" ")}: ${r.body.num_rows_total}`);
    }
  }
  results.search = { p50: pct(st, 50), p95: pct(st, 95), max: Math.max(...st) };
  console.log(
    `crucible /search over ${ROWS} rows (${st.length} queries; hits ${results.searchHits.join(", ")}): p50 ${ms(results.search.p50)}, p95 ${ms(results.search.p95)}, max ${ms(results.search.max)}`,
  );
  const deep = await timed(`${base}/search?${q({ query: QUERIES[0].join(" "), offset: 50000, length: 100 })}`);
  console.log(`crucible /search page at offset 50,000: ${ms(deep.t)}`);
  const ft = [];
  for (const where of [`"label" = 3 AND "score" > 0.5`, `"score" BETWEEN 0.1 AND 0.2`, `"text" LIKE '${vocabWords[2]}%'`]) {
    const r = await timed(`${base}/filter?${q({ where, orderby: `"score" DESC`, length: 100 })}`);
    ft.push(r.t);
    console.log(`crucible /filter ${where} ORDER BY score DESC: ${r.body.num_rows_total} rows, ${ms(r.t)}`);
  }
  const stats = await timed(`${base}/statistics?${q({})}`);
  console.log(`crucible /statistics (first, computed): ${ms(stats.t)}`);
}

// --- first paint
if (!values["no-paint"]) {
  const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  const shared = process.env.CRUCIBLE_SHARED_DIR ?? path.resolve(here, "../../shared"); // ../shared beside the repo
  const sampleRoot = existsSync(path.join(shared, "hub", "datasets")) ? path.join(shared, "hub") : undefined;
  if (!chromiumPath) console.log("first paint: skipped (no Chromium)");
  else {
    let paintBase = base;
    let sample;
    if (sampleRoot) {
      sample = spawn(process.execPath, [BIN, "--root", sampleRoot, "--index-dir", path.join(out, "sample-index")], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      paintBase = await new Promise((resolve) => {
        let buf = "";
        sample.stdout.on("data", (c) => {
          buf += c;
          const m = /listening on (\S+)\n/.exec(buf);
          if (m) resolve(m[1]);
        });
      });
    }
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
    const list = await (await fetch(`${paintBase}/viewer-api/datasets`)).json();
    const targets = list.datasets.slice(0, 21);
    const fcp = { cold: [], warm: [] };
    const ready = { cold: [], warm: [] };
    for (const ds of targets) {
      for (const run of ["cold", "warm"]) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const t0 = Date.now();
        await page.goto(`${paintBase}/viewer?dataset=${encodeURIComponent(ds)}`);
        await page.waitForSelector("#app[data-ready=true]", { timeout: 120_000 });
        const done = Date.now() - t0;
        const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1);
        const shown = await page.locator(".row-item").count();
        fcp[run].push(paint);
        ready[run].push(done);
        console.log(`first paint ${ds} (${run}): FCP ${paint.toFixed(0)} ms, ${shown} rows shown after ${done} ms`);
        await page.close();
      }
    }
    results.paint = { fcp, ready, n: targets.length, where: sampleRoot ? "sample hub" : "bench split" };
    for (const run of ["cold", "warm"]) {
      console.log(
        `first paint on the ${results.paint.where} (${targets.length} repos, ${run}): FCP median ${pct(fcp[run], 50).toFixed(0)} ms, max ${Math.max(...fcp[run]).toFixed(0)} ms; page ready median ${pct(ready[run], 50)} ms, max ${Math.max(...ready[run])} ms`,
      );
    }
    await browser.close();
    sample?.kill("SIGTERM");
  }
}
child.kill("SIGTERM");

// --- DuckDB peer
if (!values["no-duckdb"]) {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const f = file.replace(/'/g, "''");
  const t = [];
  for (const o of offsets.slice(0, 100)) {
    const t0 = performance.now();
    const r = await con.runAndReadAll(`SELECT * FROM read_parquet('${f}') LIMIT 100 OFFSET ${o}`);
    if (r.getRowObjects().length !== 100) throw new Error("duckdb rows");
    t.push(performance.now() - t0);
  }
  console.log(`duckdb LIMIT 100 OFFSET (100 random offsets): p50 ${ms(pct(t, 50))}, p95 ${ms(pct(t, 95))}`);
  const st = [];
  for (const words of QUERIES) {
    const cond = words.map((w) => `text ILIKE '%${w}%'`).join(" AND ");
    const t0 = performance.now();
    await con.runAndReadAll(`SELECT count(*) FROM read_parquet('${f}') WHERE ${cond}`);
    await con.runAndReadAll(`SELECT * FROM read_parquet('${f}') WHERE ${cond} LIMIT 100`);
    st.push(performance.now() - t0);
  }
  console.log(
    `duckdb ILIKE search over the Parquet file (count + first 100, ${QUERIES.length} queries; substring, not word, matches): p50 ${ms(pct(st, 50))}, max ${ms(Math.max(...st))}`,
  );
}

// --- Python datasets peer
if (!values["no-python"]) {
  const py = execFileSync(
    "python3",
    [
      "-c",
      `
import json, random, re, sys, tempfile, time
import datasets
datasets.disable_progress_bars()
path, queries = sys.argv[1], json.loads(sys.argv[2])
cache = tempfile.mkdtemp()
t0 = time.perf_counter(); ds = datasets.Dataset.from_parquet(path, cache_dir=cache); load = time.perf_counter() - t0
random.seed(1); n = len(ds); ts = []
for _ in range(200):
    o = random.randrange(n - 100); t = time.perf_counter(); b = ds[o:o + 100]; ts.append(time.perf_counter() - t)
ts.sort()
st = []
for words in queries:
    pats = [re.compile(r"\\b" + re.escape(w) + r"\\b", re.I) for w in words]
    t = time.perf_counter()
    hits = ds.filter(lambda b: [all(p.search(x) for p in pats) for x in b["text"]], batched=True, batch_size=10000)
    first = hits[:100]
    st.append(time.perf_counter() - t)
print(json.dumps({"load": load, "p50": ts[len(ts) // 2], "p95": ts[int(len(ts) * 0.95)], "search": st}))
`,
      file,
      JSON.stringify(QUERIES),
    ],
    { maxBuffer: 1 << 20 },
  ).toString();
  const r = JSON.parse(py.trim().split("\n").pop());
  console.log(
    `python datasets: from_parquet ${(r.load).toFixed(1)} s; ds[o:o+100] p50 ${ms(r.p50 * 1000)}, p95 ${ms(r.p95 * 1000)}; ds.filter search (${QUERIES.length} queries) median ${ms(pct(r.search, 50) * 1000)}, max ${ms(Math.max(...r.search) * 1000)}`,
  );
}

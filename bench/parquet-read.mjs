#!/usr/bin/env node
// Parquet → rows: crucible readParquet vs raw hyparquet vs duckdb vs nodejs-polars, on the same files, one run.
//
//   pnpm --filter @crucible/core build          # the bench imports the built reader (packages/core/dist)
//   node bench/parquet-read.mjs [--runs 3] [--qa-rows 200000] [--chat-rows 300000] [--dir /tmp/crucible-bench]
//
// Each (tool, file) pair runs in its own child process (node --expose-gc), one warm-up then --runs timed runs;
// the table shows the median wall time, rows/s and the child's peak RSS. Files are generated once with
// hyparquet-writer (SNAPPY, 50k-row row groups, seeded text) and reused while their parameters match.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const coreReader = join(here, "../packages/core/dist/readers/parquet.js");

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

// ---------------------------------------------------------------------------------------------------------------
// Worker: time one tool on one file.
if (process.argv[2] === "--worker") {
  const [, , , tool, file, runsText] = process.argv;
  const runs = Number(runsText);
  const { asyncBufferFromFile, parquetReadObjects } = await import("hyparquet");
  const { compressors } = await import("hyparquet-compressors");
  const { asyncBufferFromFile: nodeBuffer } = await import("hyparquet/src/node.js").catch(() => ({}));
  let duck;
  const tools = {
    async crucible() {
      const { readParquet } = await import(pathToFileURL(coreReader).href);
      const rows = [];
      for await (const batch of readParquet(file)) for (const r of batch) rows.push(r);
      return rows.length;
    },
    async "hyparquet+compressors"() {
      const rows = await parquetReadObjects({ file: await (asyncBufferFromFile ?? nodeBuffer)(file), compressors, utf8: false });
      return rows.length;
    },
    async hyparquet() {
      const rows = await parquetReadObjects({ file: await (asyncBufferFromFile ?? nodeBuffer)(file) });
      return rows.length;
    },
    async duckdb() {
      if (!duck) {
        const { DuckDBInstance } = await import("@duckdb/node-api");
        duck = await (await DuckDBInstance.create(":memory:")).connect();
      }
      const reader = await duck.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
      return reader.getRowObjectsJS().length;
    },
    async "duckdb (columnar)"() {
      if (!duck) {
        const { DuckDBInstance } = await import("@duckdb/node-api");
        duck = await (await DuckDBInstance.create(":memory:")).connect();
      }
      const reader = await duck.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
      return reader.currentRowCount;
    },
    async polars() {
      const pl = (await import("nodejs-polars")).default;
      return pl.readParquet(file).toRecords().length;
    },
    async "polars (columnar)"() {
      const pl = (await import("nodejs-polars")).default;
      return pl.readParquet(file).height;
    },
  };
  const fn = tools[tool];
  if (typeof fn !== "function") throw new Error(`unknown tool ${tool}`);
  const times = [];
  const cpus = [];
  let rows = 0;
  for (let i = 0; i <= runs; i++) {
    global.gc?.();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    rows = await fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    if (i > 0) {
      // run 0 is the warm-up
      times.push(ms);
      cpus.push((c.user + c.system) / 1000);
    }
  }
  process.stdout.write(JSON.stringify({ tool, rows, times, cpus, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------------
// Data: seeded, realistic-length text.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS = (
  "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were " +
  "her she there been one all we their has would when if so no will can more about up said out what its into them than " +
  "compute solve equation integer prime answer total number each value function model train data step reason proof " +
  "therefore because first then finally python code return list string sum average probability triangle circle area " +
  "assistant user please explain example result variable matrix vector gradient loss token sequence dataset"
).split(" ");
function text(rand, minChars, maxChars) {
  const target = minChars + Math.floor(rand() * (maxChars - minChars));
  let out = "";
  while (out.length < target) {
    out += WORDS[Math.floor(rand() * WORDS.length)];
    out += rand() < 0.08 ? ". " : rand() < 0.05 ? ", " : " ";
    if (rand() < 0.03) out += String(Math.floor(rand() * 10000)) + " ";
  }
  return out.trim();
}

async function ensureFiles(dir, qaRows, chatRows) {
  const { parquetWriteFile } = await import("hyparquet-writer");
  mkdirSync(dir, { recursive: true });
  const qa = join(dir, `qa-${qaRows}.snappy.parquet`);
  const chat = join(dir, `chat-${chatRows}.snappy.parquet`);
  if (!existsSync(qa)) {
    const rand = rng(1);
    const id = new Array(qaRows);
    const question = new Array(qaRows);
    const answer = new Array(qaRows);
    for (let i = 0; i < qaRows; i++) {
      id[i] = BigInt(i);
      question[i] = text(rand, 80, 600); // GSM8K/MATH-like prompts
      answer[i] = text(rand, 100, 1200); // worked solutions
    }
    parquetWriteFile({
      filename: qa,
      codec: "SNAPPY",
      rowGroupSize: 50_000,
      columnData: [
        { name: "id", data: id, type: "INT64" },
        { name: "question", data: question, type: "STRING" },
        { name: "answer", data: answer, type: "STRING" },
      ],
    });
  }
  if (!existsSync(chat)) {
    const rand = rng(2);
    const schema = [
      { name: "root", num_children: 2 },
      { name: "id", type: "INT64", repetition_type: "REQUIRED" },
      { name: "messages", repetition_type: "OPTIONAL", num_children: 1, converted_type: "LIST" },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
      { name: "role", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      { name: "content", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
    ];
    const id = new Array(chatRows);
    const messages = new Array(chatRows);
    for (let i = 0; i < chatRows; i++) {
      id[i] = BigInt(i);
      const turns = 2 + 2 * Math.floor(rand() * 3); // 2, 4 or 6 messages
      const m = [];
      if (rand() < 0.3) m.push({ role: "system", content: text(rand, 30, 200) });
      for (let t = 0; t < turns; t++)
        m.push(t % 2 ? { role: "assistant", content: text(rand, 100, 900) } : { role: "user", content: text(rand, 20, 400) });
      messages[i] = m;
    }
    parquetWriteFile({
      filename: chat,
      codec: "SNAPPY",
      rowGroupSize: 50_000,
      schema,
      columnData: [
        { name: "id", data: id },
        { name: "messages", data: messages },
      ],
    });
  }
  return { qa, chat };
}

// ---------------------------------------------------------------------------------------------------------------
const runs = Number(arg("runs", "3"));
const qaRows = Number(arg("qa-rows", "200000"));
const chatRows = Number(arg("chat-rows", "300000"));
const dir = arg("dir", join(tmpdir(), "crucible-bench"));
const only = arg("tools", "crucible,hyparquet+compressors,hyparquet,duckdb,duckdb (columnar),polars,polars (columnar)").split(",");
if (!existsSync(coreReader)) {
  console.error(`Build @crucible/core first (missing ${coreReader}): pnpm --filter @crucible/core build`);
  process.exit(1);
}
console.log(`generating/reusing files in ${dir} …`);
const files = await ensureFiles(dir, qaRows, chatRows);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const [label, file] of Object.entries(files)) {
  const mb = statSync(file).size / 1e6;
  for (const tool of only) {
    const child = spawnSync(
      process.execPath,
      ["--expose-gc", "--max-old-space-size=12000", fileURLToPath(import.meta.url), "--worker", tool, file, String(runs)],
      {
        encoding: "utf8",
        maxBuffer: 1 << 24,
      },
    );
    if (child.status !== 0) {
      console.log(`${label.padEnd(5)} ${tool.padEnd(22)} FAILED: ${(child.stderr || child.stdout).split("\n").slice(0, 3).join(" | ")}`);
      results.push({ file: label, tool, error: (child.stderr || "").slice(0, 500) });
      continue;
    }
    const r = JSON.parse(child.stdout);
    const ms = median(r.times);
    const row = {
      file: label,
      sizeMB: Number(mb.toFixed(1)),
      tool,
      rows: r.rows,
      medianMs: Math.round(ms),
      rowsPerSec: Math.round(r.rows / (ms / 1000)),
      medianCpuMs: Math.round(median(r.cpus)),
      runsMs: r.times.map(Math.round),
      maxRssMB: r.maxRssMB,
    };
    results.push(row);
    console.log(
      `${label.padEnd(5)} ${tool.padEnd(22)} ${String(row.medianMs).padStart(7)} ms  ${String(row.rowsPerSec).padStart(9)} rows/s  cpu ${String(row.medianCpuMs).padStart(6)} ms  rss ${r.maxRssMB} MB  runs ${row.runsMs.join("/")}`,
    );
  }
}
const out = join(dir, "parquet-read-results.json");
writeFileSync(out, JSON.stringify({ node: process.version, date: new Date().toISOString(), runs, results }, null, 2));
console.log(`results: ${out}`);

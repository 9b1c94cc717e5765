#!/usr/bin/env node
// @crucible/hub bench (on demand; not part of the test suite): warm reload of a downloaded snapshot.
//   pnpm --filter @crucible/types --filter @crucible/mirror --filter @crucible/hub build && node bench/hub-warm-reload.mjs [--runs 20] [--repo openai/gsm8k] [--shared ../shared]
// 1. serves ../shared/hub with @crucible/mirror (or, without shared/, a generated 3-file repo);
// 2. cold snapshotDownload into a fresh HF cache (requests, bytes, time);
// 3. warm online snapshotDownload (expect 1 request: the revision's sha);
// 4. warm offline snapshotDownload and downloadFile per file with offline: true AND a fetch that throws, and once
//    more with HF_HUB_OFFLINE=1 from the environment: HTTP requests seen by the mirror (expect 0) and time.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
let startMirror, snapshotDownload, downloadFile, listFiles;
try {
  ({ startMirror } = await import("../packages/mirror/dist/index.js"));
  ({ snapshotDownload } = await import("../packages/hub/dist/download/snapshot.js"));
  ({ downloadFile } = await import("../packages/hub/dist/download/file.js"));
  ({ listFiles } = await import("../packages/hub/dist/api/tree.js"));
} catch (err) {
  console.error(`Build first: pnpm --filter @crucible/types --filter @crucible/mirror --filter @crucible/hub build\n${err.message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    repo: { type: "string", default: "openai/gsm8k" },
    shared: { type: "string", default: process.env.CRUCIBLE_SHARED_DIR ?? path.resolve(here, "../../shared") },
  },
});
const RUNS = Number(values.runs);
const tmp = mkdtempSync(path.join(os.tmpdir(), "crucible-hub-bench-"));
let root = path.join(values.shared, "hub");
let repo = values.repo;
if (!existsSync(path.join(root, "datasets", ...repo.split("/")))) {
  root = path.join(tmp, "root");
  repo = "bench/generated";
  const d = path.join(root, "datasets", "bench", "generated");
  mkdirSync(path.join(d, "data"), { recursive: true });
  writeFileSync(path.join(d, "README.md"), "---\nlicense: mit\n---\n");
  writeFileSync(path.join(d, "data", "train.bin"), Buffer.alloc(2_000_000, 7));
  writeFileSync(path.join(d, "data", "test.jsonl"), '{"a":1}\n'.repeat(1000));
  console.error(`shared/ not found: using a generated repo ${repo}`);
}

const mirror = await startMirror({ root });
const cacheDir = path.join(tmp, "cache");
const throwingFetch = () => {
  throw new Error("network used in offline mode");
};
const base = { endpoint: mirror.url, cacheDir, token: false };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function measure(label, fn, runs = RUNS) {
  const times = [];
  mirror.resetStats();
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(ms(t0));
  }
  const row = {
    label,
    runs,
    requests: mirror.stats.requests / runs,
    bytes: mirror.stats.bytesSent / runs,
    medianMs: median(times),
    minMs: Math.min(...times),
  };
  return row;
}

const rows = [];
rows.push(await measure("cold snapshotDownload (fresh cache)", () => snapshotDownload(repo, base), 1));
const files = [];
for await (const e of listFiles(repo, { ...base, recursive: true })) if (e.type === "file") files.push(e.path);
rows.push(await measure("warm snapshotDownload, online", () => snapshotDownload(repo, base)));
rows.push(
  await measure("warm snapshotDownload, offline: true + throwing fetch", () =>
    snapshotDownload(repo, { ...base, offline: true, fetch: throwingFetch }),
  ),
);
rows.push(
  await measure(`warm downloadFile × ${files.length} files, offline: true + throwing fetch`, async () => {
    for (const f of files) await downloadFile(repo, f, { ...base, offline: true, fetch: throwingFetch });
  }),
);
process.env.HF_HUB_OFFLINE = "1";
rows.push(
  await measure(`warm downloadFile × ${files.length} files, HF_HUB_OFFLINE=1`, async () => {
    for (const f of files) await downloadFile(repo, f, { cacheDir, token: false, endpoint: mirror.url });
  }),
);
delete process.env.HF_HUB_OFFLINE;
rows.push(
  await measure(`warm downloadFile × ${files.length} files, online (HEAD each)`, async () => {
    for (const f of files) await downloadFile(repo, f, base);
  }),
);

await mirror.close();
rmSync(tmp, { recursive: true, force: true });
console.log(`repo ${repo} (${files.length} files), Node ${process.version}, ${os.cpus().length} cores`);
console.log("| case | runs | HTTP requests per run | bytes per run | median ms | min ms |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.runs} | ${r.requests} | ${Math.round(r.bytes).toLocaleString("en-US")} | ${r.medianMs.toFixed(2)} | ${r.minMs.toFixed(2)} |`,
  );

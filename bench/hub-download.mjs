#!/usr/bin/env node
// @crucible/hub bench (on demand): download throughput, range reads, resume after cut bodies, and lock costs.
//   pnpm --filter @crucible/types --filter @crucible/mirror --filter @crucible/hub build && node bench/hub-download.mjs [--size-mb 200] [--runs 3]
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

let startMirror, downloadFile, openRemoteFile, streamFile, acquireLock;
try {
  ({ startMirror } = await import("../packages/mirror/dist/index.js"));
  ({ downloadFile } = await import("../packages/hub/dist/download/file.js"));
  ({ openRemoteFile, streamFile } = await import("../packages/hub/dist/download/remote.js"));
  ({ acquireLock } = await import("../packages/hub/dist/cache/lock.js"));
} catch (err) {
  console.error(`Build first: pnpm --filter @crucible/types --filter @crucible/mirror --filter @crucible/hub build\n${err.message}`);
  process.exit(1);
}
const { values } = parseArgs({ options: { "size-mb": { type: "string", default: "200" }, runs: { type: "string", default: "3" } } });
const SIZE = Number(values["size-mb"]) * 1024 * 1024;
const RUNS = Number(values.runs);
const tmp = mkdtempSync(path.join(os.tmpdir(), "crucible-hub-dl-"));
const repoDir = path.join(tmp, "root", "datasets", "bench", "big");
mkdirSync(repoDir, { recursive: true });
const fd = openSync(path.join(repoDir, "big.bin"), "w");
for (let off = 0; off < SIZE; off += 8 << 20) writeSync(fd, randomBytes(Math.min(8 << 20, SIZE - off)));
closeSync(fd);
writeFileSync(path.join(repoDir, "README.md"), "# big\n");

const mirror = await startMirror({ root: path.join(tmp, "root") });
const base = { endpoint: mirror.url, token: false, retryBaseMs: 10, retryMaxMs: 50 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const mbps = (bytes, ms) => (bytes / 1048576 / (ms / 1000)).toFixed(0);
const rows = [];
async function timeIt(label, fn, bytes = SIZE) {
  const times = [];
  mirror.resetStats();
  for (let i = 0; i < RUNS; i++) {
    const t0 = now();
    await fn(i);
    times.push(now() - t0);
  }
  const ms = median(times);
  rows.push([label, `${ms.toFixed(0)} ms`, `${mbps(bytes, ms)} MB/s`, String(mirror.stats.requests / RUNS)]);
}

// warm the mirror's hash cache (its first request hashes the file)
await downloadFile("bench/big", "README.md", { ...base, cacheDir: path.join(tmp, "warm") });
await openRemoteFile("bench/big", "big.bin", { ...base });

await timeIt("downloadFile, cold cache (HEAD + GET + sha256 + write + rename)", (i) =>
  downloadFile("bench/big", "big.bin", { ...base, cacheDir: path.join(tmp, `c${i}`) }),
);
for (let i = 0; i < RUNS; i++) rmSync(path.join(tmp, `c${i}`), { recursive: true, force: true });
mirror.setFaults({ cutBodyAfterBytes: 16 << 20 });
await timeIt("downloadFile, body cut every 16 MiB (resumes with Range)", (i) =>
  downloadFile("bench/big", "big.bin", { ...base, cacheDir: path.join(tmp, `d${i}`) }),
);
mirror.setFaults({});
for (let i = 0; i < RUNS; i++) rmSync(path.join(tmp, `d${i}`), { recursive: true, force: true });
await timeIt("streamFile, whole file (no disk)", async () => {
  for await (const _ of streamFile("bench/big", "big.bin", base));
});
const remote = await openRemoteFile("bench/big", "big.bin", { ...base });
await timeIt(
  "openRemoteFile: 100 concurrent 1 MiB slices at random offsets",
  () =>
    Promise.all(
      Array.from({ length: 100 }, () => {
        const s = Math.floor(Math.random() * (SIZE - (1 << 20)));
        return remote.buffer.slice(s, s + (1 << 20));
      }),
    ),
  100 << 20,
);
let curl = "";
try {
  const t0 = now();
  // async: the mirror runs in this process and must keep serving while curl downloads
  await promisify(execFile)("curl", ["-s", "-o", "/dev/null", `${mirror.url}/datasets/bench/big/resolve/main/big.bin`]);
  curl = `${(now() - t0).toFixed(0)} ms (${mbps(SIZE, now() - t0)} MB/s)`;
} catch {
  curl = "curl not installed";
}
await mirror.close();

// lock costs
const lockFile = path.join(tmp, "locks", "x.lock");
let t0 = now();
for (let i = 0; i < 1000; i++) await (await acquireLock(lockFile)).release();
const lockUs = ((now() - t0) / 1000) * 1000;
writeFileSync(lockFile, JSON.stringify({ pid: 4194000, host: os.hostname(), nonce: "dead" }));
t0 = now();
await (await acquireLock(lockFile)).release();
const breakMs = now() - t0;
rmSync(tmp, { recursive: true, force: true });

console.log(`file ${SIZE.toLocaleString("en-US")} bytes, median of ${RUNS}, Node ${process.version}, ${os.cpus().length} cores`);
console.log("| case | median | throughput | requests per run |\n|---|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(`\ncurl, same URL: ${curl}`);
console.log(`lock: uncontended acquire+release ${lockUs.toFixed(0)} µs; breaking a lock left by a dead pid: ${breakMs.toFixed(1)} ms`);

#!/usr/bin/env node
// Mirror throughput bench (on demand; not part of the test suite).
//   pnpm --filter @crucible/mirror build && node bench/mirror-throughput.mjs [--size-mb 500] [--concurrency 100] [--keep]
// 1. writes a ~500 MB file into a temp mirror root;
// 2. times the first request (hashing the file for its ETag and the commit sha), then full downloads over
//    loopback with fetch (undici), node:http, and curl when installed;
// The server is the built bin in a child process. 3. fires 100 concurrent 1 MiB Range requests at random offsets and checks every byte against the file.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// The server runs as its own process (the built bin), so client and server do not share an event loop.
const BIN = fileURLToPath(new URL("../packages/mirror/dist/cli.js", import.meta.url));
if (!existsSync(BIN)) {
  console.error(`Build the mirror first: pnpm --filter @crucible/types --filter @crucible/mirror build (missing ${BIN})`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    "size-mb": { type: "string", default: "500" },
    concurrency: { type: "string", default: "100" },
    "range-kb": { type: "string", default: "1024" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const SIZE = Number(values["size-mb"]) * 1024 * 1024;
const CONC = Number(values.concurrency);
const RANGE = Number(values["range-kb"]) * 1024;
const RUNS = Number(values.runs);

const tmp = mkdtempSync(path.join(os.tmpdir(), "crucible-mirror-bench-"));
const dir = path.join(tmp, "datasets", "bench", "big");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, "data.bin");
{
  const block = randomBytes(8 * 1024 * 1024);
  const fd = openSync(file, "w");
  for (let written = 0; written < SIZE; written += block.length) writeSync(fd, block, 0, Math.min(block.length, SIZE - written));
  closeSync(fd);
}

const child = spawn(process.execPath, [BIN, "--root", tmp], { stdio: ["ignore", "pipe", "inherit"] });
const mirrorUrl = await new Promise((resolve, reject) => {
  let buf = "";
  child.stdout.on("data", (c) => {
    buf += c;
    const m = /listening on (\S+)\n/.exec(buf);
    if (m) resolve(m[1]);
  });
  child.on("exit", (code) => reject(new Error(`mirror exited with ${code}`)));
});
const url = `${mirrorUrl}/datasets/bench/big/resolve/main/data.bin`;
const mb = SIZE / 1e6;
const results = { sizeBytes: SIZE, node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model };

const pct = (arr, p) => {
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// 1. first request: hashes the file (sha256 + git sha1) for ETag and commit sha
{
  const t0 = performance.now();
  const r = await fetch(url, { method: "HEAD" });
  results.coldHeadMs = round(performance.now() - t0);
  results.etag = r.headers.get("etag");
  const t1 = performance.now();
  await fetch(url, { method: "HEAD" });
  results.warmHeadMs = round(performance.now() - t1, 2);
}

// 2. full downloads
async function viaFetch() {
  const t0 = performance.now();
  const r = await fetch(url);
  let n = 0;
  for await (const c of r.body) n += c.length;
  if (n !== SIZE) throw new Error(`fetch got ${n} bytes`);
  return performance.now() - t0;
}
function viaHttp() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, (res) => {
        let n = 0;
        res.on("data", (c) => (n += c.length));
        res.on("end", () => (n === SIZE ? resolve(performance.now() - t0) : reject(new Error(`http got ${n}`))));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}
// curl runs as a child process: it must be async, the mirror lives in this process's event loop
async function viaCurl() {
  try {
    const { stdout: out } = await promisify(execFile)("curl", ["-s", "-o", "/dev/null", "-w", "%{time_total} %{size_download}", url]);
    const [t, n] = out.split(" ").map(Number);
    if (n !== SIZE) throw new Error(`curl got ${n}`);
    return t * 1000;
  } catch (err) {
    if (err.code === "ENOENT") return undefined;
    throw err;
  }
}
for (const [name, fn] of [
  ["fetch", viaFetch],
  ["node:http", viaHttp],
  ["curl", viaCurl],
]) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const ms = await fn();
    if (ms === undefined) break;
    times.push(ms);
  }
  if (times.length)
    results[`download_${name}`] = {
      runs: times.map((t) => round(t)),
      bestMBps: round(mb / (Math.min(...times) / 1000)),
      medianMBps: round(mb / (pct(times, 50) / 1000)),
    };
}

// baseline: a bare node:http server streaming the same file (no routing, hashing or headers), via curl
{
  const { createReadStream } = await import("node:fs");
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Length": String(SIZE) });
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
  });
  await new Promise((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${bare.address().port}/`;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    try {
      const { stdout } = await promisify(execFile)("curl", ["-s", "-o", "/dev/null", "-w", "%{time_total}", bareUrl]);
      times.push(Number(stdout) * 1000);
    } catch {
      break;
    }
  }
  bare.close();
  if (times.length)
    results.baseline_bare_node_http_curl = {
      runs: times.map((t) => round(t)),
      bestMBps: round(mb / (Math.min(...times) / 1000)),
      medianMBps: round(mb / (pct(times, 50) / 1000)),
    };
}

// 3. concurrent ranges
{
  const fd = openSync(file, "r");
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const jobs = Array.from({ length: CONC }, () => Math.floor(rand() * (SIZE - RANGE)));
  const lat = [];
  let errors = 0;
  let mismatches = 0;
  const t0 = performance.now();
  // node:http with a fresh agent allowing CONC sockets, so all requests are truly concurrent
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
  await Promise.all(
    jobs.map(
      (start) =>
        new Promise((resolve) => {
          const s = performance.now();
          http
            .get(url, { agent, headers: { range: `bytes=${start}-${start + RANGE - 1}` } }, (res) => {
              const chunks = [];
              res.on("data", (c) => chunks.push(c));
              res.on("end", () => {
                lat.push(performance.now() - s);
                const body = Buffer.concat(chunks);
                const expect = Buffer.alloc(RANGE);
                readSync(fd, expect, 0, RANGE, start);
                if (res.statusCode !== 206 || !body.equals(expect)) mismatches++;
                resolve();
              });
              res.on("error", () => {
                errors++;
                resolve();
              });
            })
            .on("error", () => {
              errors++;
              resolve();
            });
        }),
    ),
  );
  const wall = performance.now() - t0;
  agent.destroy();
  closeSync(fd);
  results.ranges = {
    concurrency: CONC,
    rangeBytes: RANGE,
    errors,
    mismatches,
    wallMs: round(wall),
    aggregateMBps: round((CONC * RANGE) / 1e6 / (wall / 1000)),
    latencyMs: { p50: round(pct(lat, 50)), p90: round(pct(lat, 90)), p99: round(pct(lat, 99)), max: round(Math.max(...lat)) },
  };
}

child.kill("SIGTERM");
await new Promise((resolve) => child.on("exit", resolve));
if (!values.keep) rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify(results, null, 2));

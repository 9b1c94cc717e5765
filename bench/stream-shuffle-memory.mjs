#!/usr/bin/env node
// Streaming shuffle buffer memory (on demand; not part of the test suite): crucible vs Python `datasets`.
//   pnpm --filter @crucible/types --filter @crucible/core build
//   node bench/stream-shuffle-memory.mjs [--rows 1200000] [--buffer 384000] [--no-python] [--no-objects]
// An OpenThoughts3-like stream — `rows` rows of {difficulty, source, domain, conversations: [{from, value}] ×2},
// about 2.5 kB of text per row, generated on the fly the same way in both languages (slices of one random
// text) — goes through `shuffle({ seed: 0, bufferSize: buffer })` (the OpenThoughts3 cookbook's 384,000 rows) and
// is consumed to the end. Each measurement runs in a fresh process; peak RSS = getrusage maxrss.
//   - crucible: `IterableDataset.fromIterable(gen).shuffle(...)` (buffered rows held as binary records);
//   - crucible, rows as objects: the same algorithm over a plain JS array (what the buffer held before), for scale;
//   - Python: `IterableDataset.from_generator(gen).shuffle(seed=0, buffer_size=buffer)`.
// The first shuffled row ids of the three are printed: crucible and Python agree for one shard.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hasPythonDatasets, runJsonChild } from "./child.mjs";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1200000" },
    buffer: { type: "string", default: "384000" },
    "no-python": { type: "boolean", default: false },
    "no-objects": { type: "boolean", default: false },
    child: { type: "string" },
  },
});
const nRows = Number(values.rows);
const bufferSize = Number(values.buffer);

// One pseudo-random text of 4 MB; row i takes slices of it at offsets from an LCG (same in Python below).
const TEXT_LEN = 4_000_000;
function text() {
  let x = 12345;
  const words = [];
  let len = 0;
  while (len < TEXT_LEN) {
    x = (x * 48271) % 2147483647;
    const w = (x >>> 8).toString(36);
    words.push(w);
    len += w.length + 1;
  }
  return words.join(" ").slice(0, TEXT_LEN);
}
// Values are decoded from UTF-8 bytes, as a Parquet reader produces them (fresh strings, not slices of `big`).
const utf8 = new TextDecoder();
function* rows(bigText) {
  const big = { slice: (from, to) => utf8.decode(bigBytes.subarray(from, to)) };
  const bigBytes = new TextEncoder().encode(bigText);
  let x = 1;
  for (let i = 0; i < nRows; i++) {
    x = (x * 48271) % 2147483647;
    const a = x % (TEXT_LEN - 3000);
    const q = 300 + (x % 400);
    const r = 1500 + ((x >>> 4) % 1000);
    yield {
      id: i,
      difficulty: x % 10,
      source: "ai2-adapt-dev/openmath-2-math",
      domain: "math",
      conversations: [
        { from: "human", value: big.slice(a, a + q) },
        { from: "gpt", value: `<think>${big.slice(a + q, a + q + r)}</think>` },
      ],
    };
  }
}

if (values.child) {
  const { IterableDataset, NumpyGenerator } = await import("../packages/core/dist/index.js");
  const big = text();
  const t0 = performance.now();
  let n = 0;
  let chars = 0;
  const first = [];
  const consume = (row) => {
    if (first.length < 5) first.push(row.id);
    n++;
    chars += row.conversations[1].value.length;
  };
  if (values.child === "compact") {
    for await (const row of IterableDataset.fromIterable(() => rows(big)).shuffle({ seed: 0, bufferSize })) consume(row);
  } else {
    // The buffer as a plain array of row objects (the algorithm of Python's BufferShuffledExamplesIterable).
    const rng = new NumpyGenerator(0);
    const buffer = [];
    let block = [];
    let next = 0;
    for (const row of rows(big)) {
      if (buffer.length === bufferSize) {
        if (next === block.length) {
          block = rng.integersArray(1000, 0, bufferSize);
          next = 0;
        }
        const i = block[next++];
        consume(buffer[i]);
        buffer[i] = row;
      } else buffer.push(row);
    }
    rng.shuffle(buffer);
    for (const row of buffer) consume(row);
  }
  console.log(JSON.stringify({ rows: n, chars, first, ms: performance.now() - t0, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const PY = `
import json, os, resource, time
from datasets import IterableDataset
n, buffer_size, TEXT_LEN = ${nRows}, ${bufferSize}, ${TEXT_LEN}
def text():
    x, words, length = 12345, [], 0
    while length < TEXT_LEN:
        x = (x * 48271) % 2147483647
        w = "".join("0123456789abcdefghijklmnopqrstuvwxyz"[d] for d in digits(x >> 8))
        words.append(w)
        length += len(w) + 1
    return " ".join(words)[:TEXT_LEN]
def digits(v):
    out = []
    while True:
        out.append(v % 36)
        v //= 36
        if v == 0: return reversed(out)
big = text()
def gen():
    x = 1
    for i in range(n):
        x = (x * 48271) % 2147483647
        a = x % (TEXT_LEN - 3000)
        q = 300 + x % 400
        r = 1500 + (x >> 4) % 1000
        yield {"id": i, "difficulty": x % 10, "source": "ai2-adapt-dev/openmath-2-math", "domain": "math",
               "conversations": [{"from": "human", "value": big[a:a + q]}, {"from": "gpt", "value": "<think>" + big[a + q:a + q + r] + "</think>"}]}
t0 = time.perf_counter()
count, chars, first = 0, 0, []
for row in IterableDataset.from_generator(gen).shuffle(seed=0, buffer_size=buffer_size):
    if len(first) < 5: first.append(row["id"])
    count += 1
    chars += len(row["conversations"][1]["value"])
print(json.dumps({"rows": count, "chars": chars, "first": first, "ms": (time.perf_counter() - t0) * 1000,
                  "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
os._exit(0)
`;

const run = (cmd, args) => runJsonChild(cmd, args, { HF_DATASETS_CACHE: undefined });
const python = !values["no-python"] && hasPythonDatasets();
if (!values["no-python"] && !python) console.log("Python datasets not installed: skipped the Python side");
const self = fileURLToPath(import.meta.url);
const common = ["--rows", String(nRows), "--buffer", String(bufferSize)];
const results = [];
for (const [label, go] of [
  ["crucible IterableDataset.shuffle (binary records)", () => run(process.execPath, [self, "--child", "compact", ...common])],
  ...(values["no-objects"]
    ? []
    : [["crucible, buffer of row objects (before)", () => run(process.execPath, [self, "--child", "objects", ...common])]]),
  ...(python ? [["Python datasets IterableDataset.shuffle", () => run("python3", ["-c", PY])]] : []),
]) {
  const r = await go();
  results.push({ label, ...r });
  console.log(`${label}: ${JSON.stringify(r)}`);
}
console.log(`\n| ${nRows.toLocaleString("en-US")} rows, buffer ${bufferSize.toLocaleString("en-US")} | peak RSS | full pass | first ids |`);
console.log("|---|---|---|---|");
for (const r of results)
  console.log(`| ${r.label} | ${r.peakRssMB.toFixed(0)} MB | ${(r.ms / 1000).toFixed(1)} s | ${r.first.join(", ")} |`);

#!/usr/bin/env node
// Row-store record encoding: v8.serialize vs JSON (the two candidates for the on-disk row store), plus the
// store's own tagged encoding (JSON when JSON-safe, v8 otherwise). Measures encode/decode µs per row and bytes.
//
//   pnpm --filter @crucible/types --filter @crucible/core build
//   node bench/dataset-encoding.mjs [--rows 100000]
import v8 from "node:v8";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const { encodeRecord, decodeRecord } = await import(pathToFileURL(join(here, "../packages/core/dist/store/encoding.js")).href);
const i = process.argv.indexOf("--rows");
const n = i === -1 ? 100_000 : Number(process.argv[i + 1]);

let seed = 7;
const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0);
const words = "the quick brown fox jumps over a lazy dog while solving for x in the equation".split(" ");
const text = (chars, extra = "") => {
  let s = "";
  while (s.length < chars) s += `${words[rand() % words.length]}${extra} `;
  return s;
};
const shapes = {
  "qa ascii (id, 300 + 600 chars)": () => ({ id: rand(), question: text(300), answer: text(600) }),
  "qa non-ASCII (é, 中)": () => ({ id: rand(), question: text(300, "é"), answer: text(600, "中") }),
  "chat (messages list of 4 structs)": () => ({
    id: rand(),
    messages: Array.from({ length: 4 }, (_, k) => ({ role: k % 2 ? "assistant" : "user", content: text(200) })),
  }),
  "bigint + bytes (v8 path)": () => ({ id: BigInt(rand()) << 40n, image: { bytes: new Uint8Array(256).fill(rand() & 255), path: null } }),
};

function bench(rows, enc, dec) {
  const t0 = performance.now();
  const bufs = rows.map(enc);
  const t1 = performance.now();
  let s = 0;
  for (const b of bufs) s += dec(b) ? 1 : 0;
  const t2 = performance.now();
  const bytes = bufs.reduce((a, b) => a + b.length, 0);
  return { enc: ((t1 - t0) * 1000) / rows.length, dec: ((t2 - t1) * 1000) / rows.length, bytes: bytes / rows.length, s };
}
const codecs = {
  "v8.serialize": [(r) => v8.serialize(r), (b) => v8.deserialize(b)],
  JSON: [
    (r) => Buffer.from(JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
    (b) => JSON.parse(b.toString("utf8")),
  ],
  "store (tagged JSON|v8)": [(r) => encodeRecord(r), (b) => decodeRecord(b, 0, b.length)],
};
console.log(`| shape | codec | encode µs/row | decode µs/row | bytes/row |`);
console.log(`|---|---|---|---|---|`);
for (const [shape, make] of Object.entries(shapes)) {
  const rows = Array.from({ length: n }, make);
  for (const [name, [enc, dec]] of Object.entries(codecs)) {
    bench(rows.slice(0, 5000), enc, dec); // warm-up
    const r = bench(rows, enc, dec);
    const note = name === "JSON" && shape.startsWith("bigint") ? " (lossy: bigint→string, bytes→object)" : "";
    console.log(`| ${shape} | ${name}${note} | ${r.enc.toFixed(2)} | ${r.dec.toFixed(2)} | ${r.bytes.toFixed(0)} |`);
  }
}

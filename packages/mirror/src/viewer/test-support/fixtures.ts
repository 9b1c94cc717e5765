import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { Dataset, featuresToHfJson } from "@crucible/core";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { Features } from "@crucible/types";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = (CRC_TABLE[(c ^ x) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A solid-colour RGB PNG of the given size (an independent encoder, for fixtures). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const line = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => line));
  return Buffer.concat([
    Buffer.from("89504e470d0a1a0a", "hex"),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Hostile strings: none may ever run as script or become markup in the page. */
export const HOSTILE = {
  script: `<script>window.__pwned = "script"</script>`,
  img: `<img src=x onerror="window.__pwned='img'">`,
  svg: `<svg onload="window.__pwned='svg'"><circle r="5"/></svg>`,
  js: "javascript:window.__pwned='href'",
  tex: String.raw`\href{javascript:window.__pwned='tex'}{click} $x$`,
};

/** An SVG payload stored as "image" bytes. */
export const SVG_BYTES = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned='svgimg'"><rect width="9" height="9"/></svg>`,
);

/** A mirror root holding one small dataset of each row type the viewer renders. */
export interface ViewerFixture {
  root: string;
  cleanup(): void;
}

async function write(
  root: string,
  repo: string,
  file: string,
  rows: Array<Record<string, unknown>>,
  features?: Features,
  rowGroupSize?: number,
): Promise<void> {
  const p = path.join(root, "datasets", ...repo.split("/"), ...file.split("/"));
  mkdirSync(path.dirname(p), { recursive: true });
  await Dataset.fromRows(rows, features ? { features } : {}).toParquet(p, rowGroupSize ? { rowGroupSize } : {});
}

type WriteOptions = Parameters<typeof parquetWriteBuffer>[0];

/** Rows with an `image` column as the `{bytes: binary, path: string}` struct Python `datasets` writes; other columns strings or int64. */
function writeImageParquet(root: string, repo: string, file: string, rows: Array<Record<string, unknown>>, features: Features): void {
  const schema: Array<Record<string, unknown>> = [{ name: "root", num_children: Object.keys(features).length }];
  const columnData: WriteOptions["columnData"] = [];
  for (const [name, f] of Object.entries(features)) {
    if (f.kind === "image") {
      schema.push({ name, repetition_type: "OPTIONAL", num_children: 2 });
      schema.push({ name: "bytes", type: "BYTE_ARRAY", repetition_type: "OPTIONAL" });
      schema.push({ name: "path", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" });
      columnData.push({ name, data: rows.map((r) => r[name]) });
    } else if (f.kind === "class_label") {
      schema.push({ name, type: "INT64", repetition_type: "OPTIONAL" });
      columnData.push({ name, data: BigInt64Array.from(rows, (r) => BigInt(r[name] as number)) });
    } else {
      schema.push({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" });
      columnData.push({ name, data: rows.map((r) => r[name]) });
    }
  }
  const p = path.join(root, "datasets", ...repo.split("/"), ...file.split("/"));
  mkdirSync(path.dirname(p), { recursive: true });
  const bytes = parquetWriteBuffer({
    schema: schema as unknown as WriteOptions["schema"],
    columnData,
    codec: "SNAPPY",
    kvMetadata: [{ key: "huggingface", value: JSON.stringify({ info: { features: featuresToHfJson(features) } }) }],
  });
  writeFileSync(p, new Uint8Array(bytes));
}

/**
 * Write the viewer fixture: `viewer/table` (mixed scalar columns, two shards, 250 + 40 rows), `viewer/chat`,
 * `viewer/prefs`, `viewer/math`, `viewer/code`, `viewer/images`, `viewer/hostile`, `viewer/jsonl` (JSON Lines, converted) and `viewer/empty` (no data file).
 */
export async function buildViewerFixture(): Promise<ViewerFixture> {
  const root = mkdtempSync(path.join(os.tmpdir(), "crucible-viewer-"));
  const table = (start: number, n: number): Array<Record<string, unknown>> =>
    Array.from({ length: n }, (_, k) => {
      const i = start + k;
      return {
        id: i,
        text: `row ${i} ${["alpha", "beta", "gamma", "delta"][i % 4]} ${i % 7 === 0 ? "seven" : "plain"}`,
        score: i % 10 === 9 ? null : i / 4,
        flag: i % 3 === 0,
        label: i % 5,
        tags: Array.from({ length: i % 4 }, (_, t) => `t${t}`),
        kind: ["cat", "dog"][i % 2],
      };
    });
  const tableFeatures: Features = {
    id: { kind: "value", dtype: "int64" },
    text: { kind: "value", dtype: "string" },
    score: { kind: "value", dtype: "float64" },
    flag: { kind: "value", dtype: "bool" },
    label: { kind: "class_label", names: ["zero", "one", "two", "three", "four"] },
    tags: { kind: "list", feature: { kind: "value", dtype: "string" }, length: -1 },
    kind: { kind: "value", dtype: "string" },
  };
  await write(root, "viewer/table", "data/train-00000-of-00002.parquet", table(0, 130), tableFeatures, 50);
  await write(root, "viewer/table", "data/train-00001-of-00002.parquet", table(130, 120), tableFeatures, 50);
  await write(root, "viewer/table", "data/test-00000-of-00001.parquet", table(1000, 40), tableFeatures);

  await write(root, "viewer/chat", "data/train-00000-of-00001.parquet", [
    {
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "4" },
      ],
      source: "arith",
    },
    {
      messages: [
        { role: "user", content: "Name a colour." },
        { role: "assistant", content: "Teal." },
      ],
      source: "misc",
    },
  ]);
  await write(root, "viewer/prefs", "data/train-00000-of-00001.parquet", [
    { prompt: "Say hello politely.", chosen: "Hello, nice to meet you.", rejected: "What do you want?" },
    { prompt: "Sum 3 and 4.", chosen: "7", rejected: "34" },
  ]);
  await write(root, "viewer/math", "data/train-00000-of-00001.parquet", [
    {
      problem: String.raw`Compute $\frac{1}{2} + \frac{1}{3}$.`,
      solution: String.raw`The sum is $\frac{5}{6}$, so the answer is $\boxed{\frac{5}{6}}$.`,
      answer: String.raw`\frac{5}{6}`,
    },
    { problem: String.raw`Find $x$ if $x^2 = 9$ and $x > 0$.`, solution: String.raw`$x = 3$. \boxed{3}`, answer: "3" },
    { problem: HOSTILE.tex, solution: `${HOSTILE.script} $\\href{javascript:alert(1)}{x}$`, answer: HOSTILE.tex },
  ]);
  await write(root, "viewer/code", "data/train-00000-of-00001.parquet", [
    {
      question: "Write add(a, b) returning the sum.",
      solution: "def add(a, b):\n    return a + b\n",
      tests: ["assert add(1, 2) == 3", "assert add(-1, 1) == 0"],
    },
  ]);
  const imageFeatures: Features = { image: { kind: "image" }, label: { kind: "class_label", names: ["red", "green", "blue"] } };
  writeImageParquet(
    root,
    "viewer/images",
    "data/train-00000-of-00001.parquet",
    [
      { image: { bytes: solidPng(32, 24, [220, 30, 30]), path: "red.png" }, label: 0 },
      { image: { bytes: solidPng(32, 24, [30, 200, 30]), path: "green.png" }, label: 1 },
      { image: { bytes: solidPng(32, 24, [30, 30, 220]), path: "blue.png" }, label: 2 },
    ],
    imageFeatures,
  );
  writeImageParquet(
    root,
    "viewer/hostile",
    `data/train-<svg onload=alert(1)>.parquet`,
    [
      {
        [HOSTILE.img]: HOSTILE.script,
        text: HOSTILE.svg,
        url: HOSTILE.js,
        image: { bytes: SVG_BYTES, path: `<svg onload=alert(1)>.svg` },
        problem: HOSTILE.tex,
        answer: HOSTILE.tex,
      },
      {
        [HOSTILE.img]: HOSTILE.js,
        text: HOSTILE.script,
        url: HOSTILE.img,
        image: { bytes: solidPng(8, 8, [0, 0, 0]), path: "ok.png" },
        problem: "1+1",
        answer: "2",
      },
    ],
    {
      [HOSTILE.img]: { kind: "value", dtype: "string" },
      text: { kind: "value", dtype: "string" },
      url: { kind: "value", dtype: "string" },
      image: { kind: "image" },
      problem: { kind: "value", dtype: "string" },
      answer: { kind: "value", dtype: "string" },
    },
  );
  // a repo shaped like the dataset-viewer documentation's example (ibm/duorc): two configs declared in the README
  const duorc = (config: string, n: number): Array<Record<string, unknown>> =>
    Array.from({ length: n }, (_, i) => ({
      plot_id: `${config}-${Math.floor(i / 4)}`,
      plot: i % 9 === 0 ? `A kid and a dog walk home (${i}).` : `A quiet story number ${i}.`,
      title: `Title ${Math.floor(i / 4)}`,
      question_id: `q${String(i).padStart(4, "0")}`,
      question: `What happens in part ${i}?`,
      answers: i % 5 === 0 ? [] : [`answer ${i}`],
      no_answer: i % 5 === 0,
    }));
  await write(root, "ibm/duorc", "ParaphraseRC/train-00000-of-00001.parquet", duorc("ParaphraseRC", 200));
  await write(root, "ibm/duorc", "SelfRC/train-00000-of-00001.parquet", duorc("SelfRC", 120));
  writeFileSync(
    path.join(root, "datasets", "ibm", "duorc", "README.md"),
    "---\nconfigs:\n- config_name: ParaphraseRC\n  data_files:\n  - split: train\n    path: ParaphraseRC/train-*.parquet\n- config_name: SelfRC\n  data_files:\n  - split: train\n    path: SelfRC/train-*.parquet\n---\n# duorc-like fixture\n",
  );
  const jsonl = path.join(root, "datasets", "viewer", "jsonl", "train.jsonl");
  mkdirSync(path.dirname(jsonl), { recursive: true });
  writeFileSync(jsonl, '{"a": 1}\n{"a": 2, "b": "two words"}\n');
  mkdirSync(path.join(root, "datasets", "viewer", "empty"), { recursive: true });
  writeFileSync(path.join(root, "datasets", "viewer", "empty", "README.md"), "# nothing here\n");
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

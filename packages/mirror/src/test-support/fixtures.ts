import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";

import { pseudoRandomBytes } from "../testing/bytes.js";

export { gitSha1, pseudoRandomBytes, sha256 } from "../testing/bytes.js";

/** A temp folder that removes itself. */
export interface TempDir {
  dir: string;
  cleanup(): void;
}

/** Make a temp dir. */
export function tempDir(prefix = "crucible-mirror-"): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function write(file: string, data: string | Uint8Array): Buffer {
  mkdirSync(path.dirname(file), { recursive: true });
  const buf = Buffer.from(data);
  writeFileSync(file, buf);
  return buf;
}

/** GSM8K-like rows. */
export function mathRows(n: number, offset = 0): Array<{ question: string; answer: string }> {
  return Array.from({ length: n }, (_, i) => ({
    question: `What is ${i + offset} + ${i + offset}?`,
    answer: `${i + offset} + ${i + offset} = ${2 * (i + offset)}\n#### ${2 * (i + offset)}`,
  }));
}

/** Parquet bytes with `question`/`answer` string columns. */
export function mathParquet(rows: Array<{ question: string; answer: string }>): Buffer {
  return Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: "question", data: rows.map((r) => r.question), type: "STRING" },
        { name: "answer", data: rows.map((r) => r.answer), type: "STRING" },
      ],
    }),
  );
}

/** What {@link buildFixtureRoot} wrote, for assertions. */
export interface FixtureRoot extends TempDir {
  /** The mirror root. */
  root: string;
  /** Bytes of every file of `test-org/tiny` by repo path. */
  tiny: Record<string, Buffer>;
  /** Bytes of every file of `openai/gsm8k` by repo path. */
  gsm8k: Record<string, Buffer>;
  /** A file outside the root that symlinks point at. */
  outsideFile: string;
}

export const TINY_README = `---
license: mit
pretty_name: Tiny
configs:
- config_name: default
  data_files:
  - split: train
    path: data/train-*.parquet
  - split: test
    path: data/test-*.parquet
- config_name: jsonl
  data_files:
  - split: train
    path: extra/train.jsonl.gz
---

# Tiny
A small repo for mirror tests.
`;

export const GSM8K_README = `---
license: mit
configs:
- config_name: main
  data_files:
  - split: train
    path: main/train-*
  - split: test
    path: main/test-*
dataset_info:
- config_name: main
  features:
  - name: question
    dtype: string
  - name: answer
    dtype: string
  splits:
  - name: train
    num_examples: 40
  - name: test
    num_examples: 10
---

# GSM8K (fixture)
`;

/**
 * Build a temp mirror root:
 * - `datasets/test-org/tiny`: README with two configs, Parquet train/test shards, a JSONL.gz, a text file
 *   with spaces and `#` in its path, a binary `.dat` (LFS by content), a 1.5 MB `big/random.bin`,
 *   25 files in `many/` for pagination,
 *   and a symlink pointing outside the root;
 * - `datasets/openai/gsm8k`: README with `configs:` main (train 40 rows, test 10 rows) in Parquet;
 * - `datasets/test-org/escape`: a symlink repo folder pointing outside the root.
 */
export function buildFixtureRoot(): FixtureRoot {
  const t = tempDir();
  const root = path.join(t.dir, "root");
  const outside = path.join(t.dir, "outside");
  mkdirSync(outside, { recursive: true });
  const outsideFile = path.join(outside, "secret.txt");
  writeFileSync(outsideFile, "TOP SECRET outside the root\n");
  const tinyDir = path.join(root, "datasets", "test-org", "tiny");
  const tiny: Record<string, Buffer> = {};
  const put = (p: string, data: string | Uint8Array): void => {
    tiny[p] = write(path.join(tinyDir, p), data);
  };
  put("README.md", TINY_README);
  put("data/train-00000-of-00001.parquet", mathParquet(mathRows(30)));
  put("data/test-00000-of-00001.parquet", mathParquet(mathRows(5, 100)));
  put(
    "extra/train.jsonl.gz",
    gzipSync(
      mathRows(3)
        .map((r) => JSON.stringify(r))
        .join("\n") + "\n",
    ),
  );
  put("docs/a b/c#d.txt", "hello with spaces\n");
  put("blob.dat", Buffer.from([0, 1, 2, 3, 0, 255, 10, 13]));
  put("empty.txt", "");
  put("big/random.bin", pseudoRandomBytes(1_500_000, 7));
  for (let i = 0; i < 25; i++) put(`many/f${String(i).padStart(2, "0")}.txt`, `file ${i}\n`);
  symlinkSync(outsideFile, path.join(tinyDir, "leak.txt"));
  symlinkSync(outside, path.join(tinyDir, "leakdir"));
  const gsmDir = path.join(root, "datasets", "openai", "gsm8k");
  const gsm8k: Record<string, Buffer> = {};
  const putG = (p: string, data: string | Uint8Array): void => {
    gsm8k[p] = write(path.join(gsmDir, p), data);
  };
  putG("README.md", GSM8K_README);
  putG("main/train-00000-of-00001.parquet", mathParquet(mathRows(40)));
  putG("main/test-00000-of-00001.parquet", mathParquet(mathRows(10, 1000)));
  mkdirSync(path.join(root, "datasets", "test-org"), { recursive: true });
  symlinkSync(outside, path.join(root, "datasets", "test-org", "escape"));
  return { ...t, root, tiny, gsm8k, outsideFile };
}

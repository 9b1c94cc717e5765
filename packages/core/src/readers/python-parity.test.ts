import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFiles } from "../load-files.js";
import { tempDir } from "./__tests__/helpers.js";

/**
 * Small files and the rows Python `datasets` 5.0.1 returned for them (`load_dataset("csv" | "json" | "text",
 * data_files=name, split="train")`, pandas 3.0.6, pyarrow 25; recorded 2026-11-25; float NaN written as "NaN").
 */
const CASES: Array<{ name: string; content: string; rows: unknown[]; field?: string }> = [
  {
    name: "t.csv",
    content:
      'i,f,b,s,e,mixed,q\n1,1.5,True,x,,1,"a ""q"""\n2,NaN,false,NA,,b,"multi\nline"\n-3,2,TRUE,7,,3.5,plain\n\n4,1e3,False,None,,,"x"\n',
    rows: [
      {
        i: 1,
        f: 1.5,
        b: true,
        s: "x",
        e: null,
        mixed: "1",
        q: 'a "q"',
      },
      {
        i: 2,
        f: null,
        b: false,
        s: null,
        e: null,
        mixed: "b",
        q: "multi\nline",
      },
      {
        i: -3,
        f: 2.0,
        b: true,
        s: "7",
        e: null,
        mixed: "3.5",
        q: "plain",
      },
      {
        i: 4,
        f: 1000.0,
        b: false,
        s: null,
        e: null,
        mixed: null,
        q: "x",
      },
    ],
  },
  {
    name: "dup.csv",
    content: "a,a,\n1,2,3\n",
    rows: [
      {
        a: 1,
        "a.1": 2,
        "Unnamed: 2": 3,
      },
    ],
  },
  {
    name: "lines.jsonl",
    content: '{"a": 1, "b": "x"}\n{"a": 2}\n\n{"a": 3, "c": [1,2]}\n',
    rows: [
      {
        a: 1,
        b: "x",
        c: null,
      },
      {
        a: 2,
        b: null,
        c: null,
      },
      {
        a: 3,
        b: null,
        c: [1, 2],
      },
    ],
  },
  {
    name: "arr.json",
    content: '[{"a": 1}, {"a": 2, "b": null}]',
    rows: [
      {
        a: 1,
        b: null,
      },
      {
        a: 2,
        b: null,
      },
    ],
  },
  {
    name: "cols.json",
    content: '{\n"a": [1, 2],\n"b": ["x", "y"]\n}',
    rows: [
      {
        a: [1, 2],
        b: ["x", "y"],
      },
    ],
  },
  {
    name: "field.json",
    content: '{"version": 1, "data": [{"q": "a"}, {"q": "b"}]}',
    rows: [
      {
        q: "a",
      },
      {
        q: "b",
      },
    ],
    field: "data",
  },
  {
    name: "t.txt",
    content: "one\n\ntwo\r\nthree",
    rows: [
      {
        text: "one",
      },
      {
        text: "",
      },
      {
        text: "two",
      },
      {
        text: "three",
      },
    ],
  },
  {
    name: "t.tsv",
    content: "x\ty\n1\ta,b\n",
    rows: [
      {
        x: 1,
        y: "a,b",
      },
    ],
  },
  {
    name: "r2-big.csv",
    content: "big,flag\n9007199254740993,True\n1,NA\n",
    rows: [
      {
        // biome-ignore lint/correctness/noPrecisionLoss: Python's output (2^53 + 1); the test compares Numbers, which round alike
        big: 9007199254740993,
        flag: true,
      },
      {
        big: 1,
        flag: null,
      },
    ],
  },
  {
    name: "r2-blank.csv",
    content: "a\n1\n\n  \n2\n",
    rows: [
      {
        a: 1,
      },
      {
        a: 2,
      },
    ],
  },
  {
    name: "r2-bom.csv",
    content: "﻿n,m\r\n1,\r\n,2\r\n3,4\r\n",
    rows: [
      {
        n: 1.0,
        m: null,
      },
      {
        n: null,
        m: 2.0,
      },
      {
        n: 3.0,
        m: 4.0,
      },
    ],
  },
  {
    name: "r2-bom.jsonl",
    content: '﻿{"a": 1}\r\n{"a": 2}\r\n',
    rows: [
      {
        a: 1,
      },
      {
        a: 2,
      },
    ],
  },
  {
    name: "r2-conflict.jsonl",
    content: '{"a": 1}\n{"a": "x"}\n',
    rows: [
      {
        a: 1,
      },
      {
        a: "x",
      },
    ],
  },
  {
    name: "r2-nested.jsonl",
    content: '{"a": {"x": 1}}\n{"a": {"y": 2}}\n',
    rows: [
      {
        a: {
          x: 1,
        },
      },
      {
        a: {
          y: 2,
        },
      },
    ],
  },
  {
    name: "r2-pretty.json",
    content: '{\n  "a": 1\n}\n{\n  "a": 2\n}\n',
    rows: [
      {
        a: 1,
      },
      {
        a: 2,
      },
    ],
  },
  {
    name: "r2-scalars.json",
    content: '["x", "y"]',
    rows: [
      {
        text: "x",
      },
      {
        text: "y",
      },
    ],
  },
];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("crucible-parity-"));
  for (const c of CASES) await writeFile(join(dir, c.name), c.content);
});
afterAll(async () => cleanup());

describe("loadFiles gives the rows Python datasets gives", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (name, c) => {
    const dd = await loadFiles(name, { baseDir: dir, fingerprint: false, ...(c.field ? { field: c.field } : {}) });
    const rows = dd
      .get("train")
      .toArray()
      .map((r) => Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
    expect(rows).toEqual(c.rows);
  });
});

/**
 * Optional live conformance against the real Python stack. Each block runs only when `python3` can import what it
 * needs (numpy; datasets; scikit-learn) and is skipped with a message otherwise. The self-contained suite checks
 * the same behaviour against committed fixtures (see __fixtures__/generate.py), so these add breadth, not coverage.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { kFold } from "../sampler/index.js";
import { resolveSplit, trainTestSplitIndices } from "../split/index.js";
import { NumpyRandomState } from "./random-state.js";
import { PythonRandom, defaultRng, permutation } from "./index.js";

function pythonHas(module: string): boolean {
  const r = spawnSync("python3", ["-c", `import ${module}`], { encoding: "utf8", timeout: 60_000 });
  return r.status === 0;
}

function runPython(script: string, input: unknown): unknown {
  const r = spawnSync("python3", ["-c", script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const sha = (a: Uint32Array) =>
  createHash("sha256")
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest("hex");

// Python start-up plus datasets import can be slow on a loaded machine.
const LIVE_TIMEOUT_MS = 180_000;
const HAS_NUMPY = pythonHas("numpy");
const HAS_DATASETS = HAS_NUMPY && pythonHas("datasets");
const HAS_SKLEARN = HAS_NUMPY && pythonHas("sklearn");

const SEEDS = [0n, 1n, 42n, 2n ** 32n - 1n, 2n ** 40n, 123456789n];
const SIZES = [...Array.from({ length: 1001 }, (_, i) => i), 12345, 100000];

describe.skipIf(!HAS_NUMPY)("live numpy conformance (skipped: python3 cannot import numpy)", () => {
  it(
    "default_rng(seed).permutation(n) for n = 0..1000, 12345, 100000 and 6 seeds",
    () => {
      const script = `
import sys, json, hashlib, numpy as np
req = json.load(sys.stdin)
out = {}
for s in req["seeds"]:
    for n in req["sizes"]:
        p = np.random.default_rng(int(s)).permutation(n).astype("<u4")
        out[f"{s}:{n}"] = hashlib.sha256(p.tobytes()).hexdigest()
print(json.dumps(out))`;
      const seeds = SEEDS.map(String);
      const py = runPython(script, { seeds, sizes: SIZES }) as Record<string, string>;
      let checked = 0;
      for (const s of SEEDS) {
        for (const n of SIZES) {
          expect(sha(permutation(n, s)), `seed ${s} n ${n}`).toBe(py[`${s}:${n}`]);
          checked++;
        }
      }
      expect(checked).toBe(6 * 1003);
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    "integers / random / choice / legacy RandomState streams",
    () => {
      const script = `
import sys, json, numpy as np
req = json.load(sys.stdin)
out = []
for s in req["seeds"]:
    g = np.random.default_rng(int(s))
    ints = [str(int(g.integers(lo, hi))) for lo, hi in req["bounds"] for _ in range(3)]
    dbl = [repr(g.random()) for _ in range(5)]
    ch = [np.random.default_rng(int(s)).choice(n, k, replace=r).tolist() for n, k, r in req["choices"]]
    rs = np.random.RandomState(int(s) % 2**32).permutation(777).tolist()
    out.append({"ints": ints, "dbl": dbl, "ch": ch, "rs": rs})
print(json.dumps(out))`;
      const bounds: Array<[number, number]> = [
        [0, 3],
        [0, 1000],
        [-100, 100],
        [0, 2 ** 32],
        [7, 2 ** 45],
      ];
      const choices: Array<[number, number, boolean]> = [
        [10, 10, false],
        [5000, 17, false],
        [60000, 5000, false],
        [30, 50, true],
      ];
      const py = runPython(script, { seeds: SEEDS.map(String), bounds, choices }) as Array<{
        ints: string[];
        dbl: string[];
        ch: number[][];
        rs: number[];
      }>;
      SEEDS.forEach((s, i) => {
        const g = defaultRng(s);
        const ints = bounds.flatMap(([lo, hi]) => [0, 1, 2].map(() => String(g.integers(lo, hi))));
        expect(ints).toEqual(py[i]!.ints);
        expect([0, 1, 2, 3, 4].map(() => g.random())).toEqual(py[i]!.dbl.map(Number));
        expect(choices.map(([n, k, r]) => Array.from(defaultRng(s).choice(n, k, { replace: r })))).toEqual(py[i]!.ch);
        expect(Array.from(new NumpyRandomState(Number(s % 2n ** 32n)).permutation(777))).toEqual(py[i]!.rs);
      });
    },
    LIVE_TIMEOUT_MS,
  );

  it(
    "CPython random.Random: shuffle for n = 0..1000 and random()/getrandbits for many seeds",
    () => {
      const script = `
import sys, json, random, hashlib
req = json.load(sys.stdin)
out = {}
for s in req["seeds"]:
    r = random.Random(int(s))
    out[s + ":rand"] = [repr(r.random()) for _ in range(3)] + [str(r.getrandbits(k)) for k in (5, 32, 77, 300)]
    for n in req["sizes"]:
        xs = list(range(n)); random.Random(int(s)).shuffle(xs)
        out[f"{s}:{n}"] = hashlib.sha256(b"".join(x.to_bytes(4, "little") for x in xs)).hexdigest()
print(json.dumps(out))`;
      const seeds = [...SEEDS, -1n, -(2n ** 64n), 2n ** 200n + 12345n].map(String);
      const sizes = Array.from({ length: 1001 }, (_, i) => i);
      const py = runPython(script, { seeds, sizes }) as Record<string, string[] | string>;
      for (const s of seeds) {
        const r = new PythonRandom(BigInt(s));
        const got = [r.random(), r.random(), r.random()].map((v) => String(v));
        got.push(...[5, 32, 77, 300].map((k) => String(r.getrandbits(k))));
        expect(got, `seed ${s}`).toEqual((py[`${s}:rand`] as string[]).map((v, i) => (i < 3 ? String(Number(v)) : v)));
        for (const n of sizes) {
          const xs = new Uint32Array(n);
          for (let i = 0; i < n; i++) xs[i] = i;
          new PythonRandom(BigInt(s)).shuffle(xs);
          expect(sha(xs), `seed ${s} n ${n}`).toBe(py[`${s}:${n}`]);
        }
      }
    },
    LIVE_TIMEOUT_MS,
  );
});

describe.skipIf(!HAS_DATASETS)("live datasets conformance (skipped: python3 cannot import datasets)", () => {
  it(
    "train_test_split indices (plain and stratified) and split-string resolution",
    () => {
      const cases: Array<{ n: number; test?: number; train?: number; seed: number }> = [];
      const rng = new PythonRandom(99);
      for (let i = 0; i < 40; i++) {
        const n = rng.randint(2, 3000);
        const kind = rng.randrange(4);
        const frac = Math.round(rng.uniform(0.01, 0.6) * 1000) / 1000;
        const count = rng.randint(1, Math.max(1, Math.floor(n / 3)));
        const c = { n, seed: rng.randrange(2 ** 32) } as (typeof cases)[number];
        if (kind === 0 && !Number.isInteger(frac)) c.test = frac;
        else if (kind === 1 && !Number.isInteger(frac)) c.train = frac;
        else if (kind === 2) c.test = count;
        cases.push(c);
      }
      const specs: string[] = [];
      for (let i = 0; i < 200; i++) {
        const a = rng.randint(-120, 120);
        const b = rng.randint(-120, 120);
        const pct = rng.random() < 0.5;
        const u = pct ? "%" : "";
        const r = pct && rng.random() < 0.3 ? "(pct1_dropremainder)" : "";
        specs.push(`train[${rng.random() < 0.2 ? "" : a + u}:${rng.random() < 0.2 ? "" : b + u}]${r}`);
      }
      const lengths = { train: 4321, test: 250 };
      const strat: Array<{ labels: number[]; test: number; seed: number }> = [];
      for (let i = 0; i < 15; i++) {
        const k = rng.randint(2, 6);
        const n = rng.randint(k * 4, 800);
        strat.push({
          labels: Array.from({ length: n }, () => rng.randrange(k)),
          test: rng.randint(k, Math.floor(n / 2)),
          seed: rng.randrange(1000),
        });
      }
      const script = `
import sys, json, datasets
from datasets.arrow_reader import ReadInstruction
datasets.disable_progress_bars()
req = json.load(sys.stdin)
tts = []
for c in req["cases"]:
    ds = datasets.Dataset.from_dict({"i": list(range(c["n"]))})
    try:
        d = ds.train_test_split(test_size=c.get("test"), train_size=c.get("train"), seed=c["seed"])
        tts.append({"train": list(d["train"]["i"]), "test": list(d["test"]["i"])})
    except ValueError as e:
        tts.append({"error": str(e)})
sp = []
for s in req["specs"]:
    try:
        sp.append([[a.splitname, a.from_, a.to] for a in ReadInstruction.from_spec(s).to_absolute(req["lengths"])])
    except ValueError as e:
        sp.append({"error": str(e)})
st = []
for c in req["strat"]:
    names = [str(k) for k in range(max(c["labels"]) + 1)]
    f = datasets.Features({"i": datasets.Value("int64"), "label": datasets.ClassLabel(names=names)})
    ds = datasets.Dataset.from_dict({"i": list(range(len(c["labels"]))), "label": c["labels"]}, features=f)
    try:
        d = ds.train_test_split(test_size=c["test"], seed=c["seed"], stratify_by_column="label")
        st.append({"train": list(d["train"]["i"]), "test": list(d["test"]["i"])})
    except ValueError as e:
        st.append({"error": str(e)})
print(json.dumps({"tts": tts, "sp": sp, "st": st}))`;
      const py = runPython(script, { cases, specs, lengths, strat }) as {
        st: Array<{ train?: number[]; test?: number[]; error?: string }>;
        tts: Array<{ train?: number[]; test?: number[]; error?: string }>;
        sp: Array<Array<[string, number, number]> | { error: string }>;
      };
      cases.forEach((c, i) => {
        const want = py.tts[i]!;
        const run = () => trainTestSplitIndices(c.n, { testSize: c.test, trainSize: c.train, seed: c.seed });
        if (want.error) expect(run).toThrow(want.error);
        else {
          const got = run();
          expect(Array.from(got.train)).toEqual(want.train);
          expect(Array.from(got.test)).toEqual(want.test);
        }
      });
      strat.forEach((c, i) => {
        const want = py.st[i]!;
        const run = () => trainTestSplitIndices(c.labels.length, { testSize: c.test, seed: c.seed, stratify: c.labels });
        if (want.error) expect(run).toThrow(want.error);
        else {
          const got = run();
          expect(Array.from(got.train)).toEqual(want.train);
          expect(Array.from(got.test)).toEqual(want.test);
        }
      });
      specs.forEach((s, i) => {
        const want = py.sp[i]!;
        if ("error" in want) expect(() => resolveSplit(s, lengths), s).toThrow();
        else
          expect(
            resolveSplit(s, lengths).map((r) => [r.split, r.start, r.end]),
            s,
          ).toEqual(want);
      });
    },
    LIVE_TIMEOUT_MS,
  );
});

describe.skipIf(!HAS_SKLEARN)("live scikit-learn conformance (skipped: python3 cannot import sklearn)", () => {
  it(
    "KFold(shuffle=True, random_state=seed) folds",
    () => {
      const cases = [
        [13, 2, 0],
        [100, 7, 5],
        [1000, 10, 4294967295],
        [37, 37, 11],
      ];
      const script = `
import sys, json, numpy as np
from sklearn.model_selection import KFold
req = json.load(sys.stdin)
print(json.dumps([[[tr.tolist(), te.tolist()] for tr, te in KFold(k, shuffle=True, random_state=s).split(np.arange(n))] for n, k, s in req]))`;
      const py = runPython(script, cases) as number[][][][];
      cases.forEach(([n, k, s], i) => {
        expect(kFold(n!, { k: k!, seed: s }).map((f) => [Array.from(f.train), Array.from(f.test)])).toEqual(py[i]);
      });
    },
    LIVE_TIMEOUT_MS,
  );
});

#!/usr/bin/env node
// Metric throughput bench for @crucible/eval (on demand; not part of the test suite).
//   pnpm --filter @crucible/types --filter @crucible/eval build && node bench/eval-metrics.mjs [--pairs 10000] [--runs 3]
// Times, on the same deterministic random prediction/reference pairs:
//   corpus BLEU (one call over all pairs), sentence BLEU per pair, ROUGE-L with the Porter stemmer per pair,
//   ROUGE-1/2/L/Lsum (no stemmer) per pair, SQuAD F1 per pair;
// and, when a python3 with sacrebleu / rouge_score is installed, the same work in Python, checking the values agree.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

let m;
try {
  const dist = new URL("../packages/eval/dist/", import.meta.url);
  const load = (p) => import(new URL(p, dist).href);
  const [bleu, rouge, squad, corpus] = await Promise.all([
    load("metrics/bleu/bleu.js"),
    load("metrics/rouge/rouge.js"),
    load("metrics/squad.js"),
    load("conformance/corpus.js"),
  ]);
  m = { ...bleu, ...rouge, ...squad, ...corpus };
} catch (err) {
  console.error(`Build first: pnpm --filter @crucible/types --filter @crucible/eval build\n${err.message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    pairs: { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
    python: { type: "string", default: "python3" },
  },
});
const N = Number(values.pairs);
const RUNS = Number(values.runs);

const r = m.rng(12345);
const pairs = Array.from({ length: N }, () => m.pair(r));
const hyps = pairs.map((p) => p[0]);
const refs = pairs.map((p) => p[1]);

function time(fn) {
  const ms = [];
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    out = fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[Math.floor(ms.length / 2)], out };
}

const js = {
  corpusBleu: time(() => m.corpusBleu(hyps, [refs]).score),
  sentenceBleu: time(() => hyps.map((h, i) => m.sentenceBleu(h, [refs[i]]).score)),
  rougeLStem: time(() => hyps.map((h, i) => m.rougeScore(refs[i], h, { rougeTypes: ["rougeL"], useStemmer: true }).rougeL.fmeasure)),
  rougeAll: time(() =>
    hyps.map((h, i) => m.rougeScore(refs[i], h, { rougeTypes: ["rouge1", "rouge2", "rougeL", "rougeLsum"] }).rougeLsum.fmeasure),
  ),
  squadF1: time(() => hyps.map((h, i) => m.squadF1(h, refs[i]))),
};

const PY = String.raw`
import json, sys, time
d = json.load(open(sys.argv[1])); runs = int(sys.argv[2])
hyps, refs = d['hyps'], d['refs']
def timeit(fn):
    ms = []; out = None
    for _ in range(runs):
        t0 = time.perf_counter(); out = fn(); ms.append((time.perf_counter() - t0) * 1000)
    ms.sort(); return {'ms': ms[len(ms) // 2], 'out': out}
res = {}
try:
    import sacrebleu
    from sacrebleu.metrics import BLEU
    res['version_sacrebleu'] = sacrebleu.__version__
    res['corpusBleu'] = timeit(lambda: BLEU().corpus_score(hyps, [refs]).score)
    # A fresh BLEU object per call, as sacrebleu.sentence_bleu does.
    res['sentenceBleu'] = timeit(lambda: [sacrebleu.sentence_bleu(h, [r]).score for h, r in zip(hyps, refs)])
except ImportError:
    pass
try:
    from rouge_score import rouge_scorer
    s1 = rouge_scorer.RougeScorer(['rougeL'], use_stemmer=True)
    res['rougeLStem'] = timeit(lambda: [s1.score(r, h)['rougeL'].fmeasure for h, r in zip(hyps, refs)])
    s2 = rouge_scorer.RougeScorer(['rouge1', 'rouge2', 'rougeL', 'rougeLsum'])
    res['rougeAll'] = timeit(lambda: [s2.score(r, h)['rougeLsum'].fmeasure for h, r in zip(hyps, refs)])
except ImportError:
    pass
print(json.dumps(res))
`;
let py = {};
const dir = mkdtempSync(path.join(os.tmpdir(), "crucible-bench-eval-"));
try {
  const inFile = path.join(dir, "pairs.json");
  writeFileSync(inFile, JSON.stringify({ hyps, refs }));
  const res = spawnSync(values.python, ["-c", PY, inFile, String(RUNS)], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (res.status === 0) py = JSON.parse(res.stdout);
  else console.error(`python run skipped: ${res.stderr.split("\n").slice(-3).join(" ")}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const maxDiff = (a, b) => {
  if (typeof a === "number") return Math.abs(a - b);
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
  return w;
};
const rows = [
  ["corpus BLEU (13a, exp), 1 call", "corpusBleu"],
  ["sentence BLEU (13a, exp, eff. order)", "sentenceBleu"],
  ["ROUGE-L, Porter stemmer", "rougeLStem"],
  ["ROUGE-1/2/L/Lsum, no stemmer", "rougeAll"],
  ["SQuAD F1", "squadF1"],
];
console.log(`${N} prediction/reference pairs, median of ${RUNS} runs, Node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"}`);
console.log(
  `python: ${py.version_sacrebleu ? `sacrebleu ${py.version_sacrebleu}` : "no sacrebleu"}, ${py.rougeAll ? "rouge_score" : "no rouge_score"}\n`,
);
console.log("| metric | crucible ms | crucible pairs/s | python ms | python pairs/s | speed-up | max |Δ| vs python |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [label, key] of rows) {
  const j = js[key];
  const p = py[key];
  const rate = (ms) => Math.round((N / ms) * 1000).toLocaleString("en-US");
  console.log(
    `| ${label} | ${j.ms.toFixed(1)} | ${rate(j.ms)} | ${p ? p.ms.toFixed(1) : "—"} | ${p ? rate(p.ms) : "—"} | ${p ? `${(p.ms / j.ms).toFixed(1)}×` : "—"} | ${p ? maxDiff(j.out, p.out).toExponential(1) : "—"} |`,
  );
}

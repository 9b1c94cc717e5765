// OPTIONAL conformance against the Python reference implementations on random corpora. It runs only where a
// Python with the packages is installed (sacrebleu; rouge_score; nltk) and skips each part, naming what is missing,
// otherwise. Python is never a runtime dependency of @crucible/eval.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { corpusBleu, sentenceBleu, type BleuOptions } from "../metrics/bleu/bleu.js";
import { tokenize13a, tokenizeChar, tokenizeIntl } from "../metrics/bleu/tokenizers.js";
import { porterStem } from "../metrics/rouge/porter.js";
import { rougeScore, type RougeType } from "../metrics/rouge/rouge.js";
import { multiSentence, pair, rng } from "./corpus.js";

const PYTHON = process.env.CRUCIBLE_PYTHON ?? "python3";
const has = (mod: string) => spawnSync(PYTHON, ["-c", `import ${mod}`], { encoding: "utf8" }).status === 0;
const hasSacrebleu = has("sacrebleu");
const hasRouge = has("rouge_score.rouge_scorer");
const hasNltk = has("nltk.stem.porter");
const dir = mkdtempSync(join(tmpdir(), "crucible-conformance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runPython(script: string, input: unknown): any {
  const inFile = join(dir, `in-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(inFile, JSON.stringify(input));
  const res = spawnSync(PYTHON, ["-c", script, inFile], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`python failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

const r = rng(20260525);
const PAIRS = Array.from({ length: 400 }, () => pair(r));
const HYPS = PAIRS.map((p) => p[0]);
const REFS1 = PAIRS.map((p) => p[1]);
const REFS2 = PAIRS.map(() => pair(r)[1]);

const BLEU_CONFIGS: BleuOptions[] = [];
for (const tokenize of ["13a", "intl", "char", "none"] as const) {
  for (const smoothMethod of ["exp", "none", "floor", "add-k"] as const) BLEU_CONFIGS.push({ tokenize, smoothMethod });
}
BLEU_CONFIGS.push(
  { lowercase: true },
  { smoothMethod: "floor", smoothValue: 0.5, effectiveOrder: true },
  { smoothMethod: "add-k", smoothValue: 2 },
  { maxNgramOrder: 6 },
);

const SACREBLEU_SCRIPT = String.raw`
import json, sys
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
from sacrebleu.tokenizers.tokenizer_intl import TokenizerV14International
from sacrebleu.tokenizers.tokenizer_char import TokenizerChar
d = json.load(open(sys.argv[1]))
def kw(c):
    out = {}
    if 'tokenize' in c: out['tokenize'] = c['tokenize']
    if 'smoothMethod' in c: out['smooth_method'] = c['smoothMethod']
    if 'smoothValue' in c: out['smooth_value'] = c['smoothValue']
    if 'lowercase' in c: out['lowercase'] = c['lowercase']
    if 'maxNgramOrder' in c: out['max_ngram_order'] = c['maxNgramOrder']
    return out
res = {'corpus': [], 'sentence': [], 'tok': {}}
for c in d['configs']:
    b = BLEU(effective_order=c.get('effectiveOrder', False), **kw(c))
    s = b.corpus_score(d['hyps'], [d['refs1'], d['refs2']])
    res['corpus'].append({'score': s.score, 'counts': list(s.counts), 'totals': list(s.totals), 'bp': s.bp, 'sig': str(b.get_signature())})
for c in d['sentenceConfigs']:
    b = BLEU(effective_order=True, **kw(c))
    res['sentence'].append([b.sentence_score(h, [r1, r2]).score for h, r1, r2 in zip(d['hyps'], d['refs1'], d['refs2'])])
lines = d['hyps'] + d['refs1']
res['tok'] = {'13a': [Tokenizer13a()(l) for l in lines], 'intl': [TokenizerV14International()(l) for l in lines], 'char': [TokenizerChar()(l) for l in lines]}
print(json.dumps(res))
`;

describe.skipIf(!hasSacrebleu)(`BLEU vs sacrebleu on 400 random segments (skipped: ${PYTHON} cannot import sacrebleu)`, () => {
  const sentenceConfigs: BleuOptions[] = [
    {},
    { tokenize: "intl" },
    { smoothMethod: "floor" },
    { smoothMethod: "add-k" },
    { tokenize: "char" },
  ];
  const py = hasSacrebleu
    ? runPython(SACREBLEU_SCRIPT, { hyps: HYPS, refs1: REFS1, refs2: REFS2, configs: BLEU_CONFIGS, sentenceConfigs })
    : undefined;

  it("tokenizers 13a, intl, char give identical strings", () => {
    const lines = [...HYPS, ...REFS1];
    expect(lines.map(tokenize13a)).toEqual(py.tok["13a"]);
    expect(lines.map(tokenizeIntl)).toEqual(py.tok.intl);
    expect(lines.map(tokenizeChar)).toEqual(py.tok.char);
  });

  BLEU_CONFIGS.forEach((c, i) => {
    it(`corpus BLEU ${JSON.stringify(c)}: score within 1e-9, same counts, totals, signature`, () => {
      const ours = corpusBleu(HYPS, [REFS1, REFS2], c);
      const theirs = py.corpus[i];
      expect(Math.abs(ours.score - theirs.score)).toBeLessThan(1e-9);
      expect(ours.counts).toEqual(theirs.counts);
      expect(ours.totals).toEqual(theirs.totals);
      expect(Math.abs(ours.bp - theirs.bp)).toBeLessThan(1e-12);
      expect(ours.signature).toBe(theirs.sig);
    });
  });

  sentenceConfigs.forEach((c, i) => {
    it(`sentence BLEU ${JSON.stringify(c)} on every segment within 1e-9`, () => {
      const theirs: number[] = py.sentence[i];
      let worst = 0;
      HYPS.forEach((h, k) => {
        worst = Math.max(worst, Math.abs(sentenceBleu(h, [REFS1[k]!, REFS2[k]!], c).score - theirs[k]!));
      });
      expect(worst).toBeLessThan(1e-9);
    });
  });
});

const ROUGE_SCRIPT = String.raw`
import json, sys
from rouge_score import rouge_scorer
d = json.load(open(sys.argv[1]))
out = {}
for stem in (False, True):
    sc = rouge_scorer.RougeScorer(['rouge1', 'rouge2', 'rouge3', 'rougeL', 'rougeLsum'], use_stemmer=stem)
    single = [{k: list(v) for k, v in sc.score(t, p).items()} for t, p in zip(d['targets'], d['preds'])]
    multi = [{k: list(v) for k, v in sc.score_multi([t, u], p).items()} for t, u, p in zip(d['targets'], d['targets2'], d['preds'])]
    out[str(stem)] = {'single': single, 'multi': multi}
print(json.dumps(out))
`;

describe.skipIf(!hasRouge)(`ROUGE vs rouge-score on 400 random texts (skipped: ${PYTHON} cannot import rouge_score)`, () => {
  const rr = rng(7);
  const targets = Array.from({ length: 400 }, () => multiSentence(rr));
  const targets2 = Array.from({ length: 400 }, () => multiSentence(rr));
  const preds = targets.map((t) => pair(rr)[0] + "\n" + t.split("\n").slice(0, 2).join(" ").replace(/ing\b/g, "ed"));
  const py = hasRouge ? runPython(ROUGE_SCRIPT, { targets, targets2, preds }) : undefined;
  const types: RougeType[] = ["rouge1", "rouge2", "rouge3", "rougeL", "rougeLsum"];
  for (const stem of [false, true]) {
    it(`single and multi-reference, useStemmer=${stem}: P/R/F within 1e-12`, () => {
      let worst = 0;
      for (let i = 0; i < targets.length; i++) {
        const ours = rougeScore(targets[i]!, preds[i]!, { rougeTypes: types, useStemmer: stem });
        const oursMulti = rougeScore([targets[i]!, targets2[i]!], preds[i]!, { rougeTypes: types, useStemmer: stem });
        for (const t of types) {
          const [p, rc, f] = py[String(stem === true ? "True" : "False")].single[i][t];
          const [pm, rm, fm] = py[String(stem === true ? "True" : "False")].multi[i][t];
          worst = Math.max(worst, Math.abs(ours[t]!.precision - p), Math.abs(ours[t]!.recall - rc), Math.abs(ours[t]!.fmeasure - f));
          worst = Math.max(
            worst,
            Math.abs(oursMulti[t]!.precision - pm),
            Math.abs(oursMulti[t]!.recall - rm),
            Math.abs(oursMulti[t]!.fmeasure - fm),
          );
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }
});

const PORTER_SCRIPT = String.raw`
import json, sys
from nltk.stem import porter
s = porter.PorterStemmer()
print(json.dumps([s.stem(w) for w in json.load(open(sys.argv[1]))]))
`;

describe.skipIf(!hasNltk)(`Porter stemmer vs NLTK word for word (skipped: ${PYTHON} cannot import nltk)`, () => {
  it("every generated word stems identically", () => {
    const rw = rng(3);
    const words = new Set<string>();
    while (words.size < 20000) {
      const s =
        pair(rw)[1]
          .toLowerCase()
          .match(/[a-z]+/g) ?? [];
      for (const w of s) words.add(w);
      // glue random suffix chains onto stems to reach rare rules
      words.add(s.join("").slice(0, 4 + Math.floor(rw() * 10)));
    }
    const list = [...words];
    const theirs: string[] = runPython(PORTER_SCRIPT, list);
    const bad = list.filter((w, i) => porterStem(w) !== theirs[i]);
    expect(bad).toEqual([]);
  });
});

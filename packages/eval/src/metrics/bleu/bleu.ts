/**
 * BLEU exactly as sacrebleu 2.x computes it (`sacrebleu.metrics.BLEU`): corpus BLEU and sentence BLEU on a
 * 0–100 scale, with sacrebleu's tokenizers, smoothing methods, effective order and signature string.
 */
import { InvalidArgumentError } from "@crucible/types";
import { pyRstrip, pySplit } from "@crucible/core";
import { bleuTokenizer, type BleuTokenizerName } from "./tokenizers.js";

/** sacrebleu smoothing methods (Chen & Cherry 2014): `none`, `floor` (method 1), `add-k` (method 2), `exp` (method 3, NIST). */
export type BleuSmoothMethod = "none" | "floor" | "add-k" | "exp";

/** Options of {@link corpusBleu} and {@link sentenceBleu}; the defaults are sacrebleu's. */
export interface BleuOptions {
  /** Tokenizer. Default `"13a"`. */
  tokenize?: BleuTokenizerName;
  /** Smoothing method. Default `"exp"`. */
  smoothMethod?: BleuSmoothMethod;
  /** Value for `floor` (default 0.1) and `add-k` (default 1); ignored otherwise. */
  smoothValue?: number;
  /** Lower-case hypotheses and references first. Default `false`. */
  lowercase?: boolean;
  /** Maximum n-gram order. Default 4. */
  maxNgramOrder?: number;
  /**
   * Stop at the highest n-gram order that the hypotheses contain (sacrebleu `effective_order`).
   * Default `false` for corpus BLEU, `true` for sentence BLEU (as sacrebleu's `sentence_bleu`).
   */
  effectiveOrder?: boolean;
  /** Version shown in the signature. Default `"2.6.0"`, the sacrebleu release this implementation matches. */
  signatureVersion?: string;
}

/** A BLEU result with sacrebleu's fields. */
export interface BleuScore {
  /** BLEU on sacrebleu's 0–100 scale. */
  score: number;
  /** Matched n-grams per order (1..maxNgramOrder). */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
  /** n-gram precisions in percent (smoothed as the method says). */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** Total hypothesis length in tokens. */
  sysLen: number;
  /** Total (closest) reference length in tokens. */
  refLen: number;
  /** `sysLen / refLen` (0 when refLen is 0). */
  ratio: number;
  /** sacrebleu signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`. */
  signature: string;
  /** sacrebleu's one-line rendering, e.g. `BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`. */
  formatted: string;
}

const SMOOTH_DEFAULTS: Record<BleuSmoothMethod, number | undefined> = { none: undefined, floor: 0.1, "add-k": 1, exp: undefined };
const TOKENIZERS = new Set(["13a", "intl", "char", "none"]);

/** sacrebleu `my_log`: log with log(0) floored to -9999999999. */
function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/** Reference n-gram info of one segment: per order, max count of each n-gram over the references; their lengths. */
interface RefInfo {
  ngrams: Array<Map<string, number>>;
  lens: number[];
}

/** n-gram counts per order (index n-1), keys are the tokens joined by spaces (tokens never contain whitespace). */
function extractNgrams(line: string, maxOrder: number): { ngrams: Array<Map<string, number>>; len: number } {
  const tokens = pySplit(line);
  const ngrams = Array.from({ length: maxOrder }, () => new Map<string, number>());
  for (let i = 0; i < tokens.length; i++) {
    let key = tokens[i]!;
    const top = Math.min(maxOrder, tokens.length - i);
    for (let n = 1; n <= top; n++) {
      if (n > 1) key += " " + tokens[i + n - 1]!;
      const m = ngrams[n - 1]!;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  return { ngrams, len: tokens.length };
}

function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const refLen of refLens) {
    const diff = Math.abs(hypLen - refLen);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = refLen;
    } else if (diff === closestDiff && refLen < closestLen) {
      closestLen = refLen;
    }
  }
  return closestLen;
}

interface Resolved {
  tokenize: (s: string) => string;
  tokName: BleuTokenizerName;
  smoothMethod: BleuSmoothMethod;
  smoothValue: number | undefined;
  lowercase: boolean;
  maxOrder: number;
  effectiveOrder: boolean;
  version: string;
}

function resolve(options: BleuOptions, effectiveDefault: boolean): Resolved {
  const tokName = options.tokenize ?? "13a";
  if (!TOKENIZERS.has(tokName)) {
    throw new InvalidArgumentError(`Unknown BLEU tokenizer "${String(tokName)}"`, { hint: "Use one of 13a, intl, char, none" });
  }
  const smoothMethod = options.smoothMethod ?? "exp";
  if (!(smoothMethod in SMOOTH_DEFAULTS)) {
    throw new InvalidArgumentError(`Unknown BLEU smoothing method "${String(smoothMethod)}"`, {
      hint: "Use one of none, floor, add-k, exp",
    });
  }
  const maxOrder = options.maxNgramOrder ?? 4;
  if (!Number.isInteger(maxOrder) || maxOrder < 1) {
    throw new InvalidArgumentError(`maxNgramOrder must be a positive integer, got ${maxOrder}`);
  }
  return {
    tokenize: bleuTokenizer(tokName),
    tokName,
    smoothMethod,
    smoothValue: options.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod],
    lowercase: options.lowercase ?? false,
    maxOrder,
    effectiveOrder: options.effectiveOrder ?? effectiveDefault,
    version: options.signatureVersion ?? "2.6.0",
  };
}

function preprocess(r: Resolved, sent: string): string {
  return r.tokenize(pyRstrip(r.lowercase ? sent.toLowerCase() : sent));
}

/**
 * Computes BLEU from sufficient statistics, as sacrebleu's `BLEU.compute_bleu`.
 * @param correct - Matched n-gram counts per order.
 * @param total - Hypothesis n-gram counts per order.
 * @param sysLen - Hypothesis length.
 * @param refLen - Reference length.
 * @param options - Smoothing method/value (default `none`, as sacrebleu's static method), effective order, max order.
 * @returns Score (0–100), precisions, brevity penalty (counts and totals include add-k's additions, as in sacrebleu).
 */
export function computeBleu(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  options: { smoothMethod?: BleuSmoothMethod; smoothValue?: number; effectiveOrder?: boolean; maxNgramOrder?: number } = {},
): { score: number; counts: number[]; totals: number[]; precisions: number[]; bp: number } {
  const smoothMethod = options.smoothMethod ?? "none";
  const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod] ?? 0;
  const maxOrder = options.maxNgramOrder ?? 4;
  const counts = correct.slice();
  const totals = total.slice();
  let bp = 1.0;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0.0;
  const precisions = new Array<number>(maxOrder).fill(0);
  if (!counts.some((c) => c !== 0)) return { score: 0, counts, totals, precisions, bp };
  let smoothMteval = 1;
  let effOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (smoothMethod === "add-k" && n > 1) {
      counts[n - 1] = (counts[n - 1] ?? 0) + smoothValue;
      totals[n - 1] = (totals[n - 1] ?? 0) + smoothValue;
    }
    const t = totals[n - 1] ?? 0;
    const c = counts[n - 1] ?? 0;
    if (t === 0) break;
    if (options.effectiveOrder) effOrder = n;
    if (c === 0) {
      if (smoothMethod === "exp") {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (smoothMethod === "floor") {
        precisions[n - 1] = (100 * smoothValue) / t;
      }
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }
  let sum = 0;
  for (let i = 0; i < effOrder; i++) sum += myLog(precisions[i]!);
  return { score: bp * Math.exp(sum / effOrder), counts, totals, precisions, bp };
}

function fmt(x: number, digits: number): string {
  return x.toFixed(digits);
}

function signatureOf(r: Resolved, nrefs: number | "var"): string {
  const def = SMOOTH_DEFAULTS[r.smoothMethod];
  let smooth: string = r.smoothMethod;
  if (def !== undefined) smooth += `[${fmt(r.smoothValue ?? def, 2)}]`;
  return `nrefs:${nrefs}|case:${r.lowercase ? "lc" : "mixed"}|eff:${r.effectiveOrder ? "yes" : "no"}|tok:${r.tokName}|smooth:${smooth}|version:${r.version}`;
}

function scoreFromStats(r: Resolved, stats: number[], nrefs: number | "var"): BleuScore {
  const m = r.maxOrder;
  const sysLen = stats[0]!;
  const refLen = stats[1]!;
  const res = computeBleu(stats.slice(2, 2 + m), stats.slice(2 + m, 2 + 2 * m), sysLen, refLen, {
    smoothMethod: r.smoothMethod,
    ...(r.smoothValue !== undefined ? { smoothValue: r.smoothValue } : {}),
    effectiveOrder: r.effectiveOrder,
    maxNgramOrder: m,
  });
  const ratio = refLen ? sysLen / refLen : 0;
  const precStr = res.precisions.map((p) => fmt(p, 1)).join("/");
  return {
    ...res,
    sysLen,
    refLen,
    ratio,
    signature: signatureOf(r, nrefs),
    formatted: `BLEU = ${fmt(res.score, 2)} ${precStr} (BP = ${fmt(res.bp, 3)} ratio = ${fmt(ratio, 3)} hyp_len = ${sysLen} ref_len = ${refLen})`,
  };
}

function refInfo(r: Resolved, refs: readonly string[]): RefInfo {
  let ngrams: Array<Map<string, number>> | undefined;
  const lens: number[] = [];
  for (const ref of refs) {
    const e = extractNgrams(preprocess(r, ref), r.maxOrder);
    lens.push(e.len);
    if (ngrams === undefined) ngrams = e.ngrams;
    else {
      for (let n = 0; n < r.maxOrder; n++) {
        const into = ngrams[n]!;
        for (const [k, c] of e.ngrams[n]!) if (c > (into.get(k) ?? 0)) into.set(k, c);
      }
    }
  }
  return { ngrams: ngrams ?? Array.from({ length: r.maxOrder }, () => new Map<string, number>()), lens };
}

function segmentStats(r: Resolved, hyp: string, info: RefInfo, into: number[]): void {
  const m = r.maxOrder;
  const { ngrams, len } = extractNgrams(preprocess(r, hyp), m);
  const refLen = closestRefLen(len, info.lens);
  into[0]! += len;
  into[1]! += refLen;
  for (let n = 0; n < m; n++) {
    const refMap = info.ngrams[n]!;
    let total = 0;
    let correct = 0;
    for (const [k, c] of ngrams[n]!) {
      total += c;
      const rc = refMap.get(k);
      if (rc !== undefined) correct += Math.min(c, rc);
    }
    into[2 + m + n]! += total;
    into[2 + n]! += correct;
  }
}

/**
 * Corpus BLEU, equal to `sacrebleu.corpus_bleu(hypotheses, referenceStreams, **options)`.
 * @param hypotheses - One hypothesis per segment.
 * @param referenceStreams - One or more reference streams, each with one reference per segment
 *   (sacrebleu's layout: `[[ref1 of seg1, ref1 of seg2, …], [ref2 of seg1, …]]`). A `null`/`undefined`
 *   entry means that segment has fewer references.
 * @param options - Tokenizer (default 13a), smoothing (default exp), lowercase (default false), effective order (default false).
 * @returns The BLEU score on sacrebleu's 0–100 scale with counts, precisions, brevity penalty and signature.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  referenceStreams: ReadonlyArray<ReadonlyArray<string | null | undefined>>,
  options: BleuOptions = {},
): BleuScore {
  const r = resolve(options, false);
  if (referenceStreams.length === 0) throw new InvalidArgumentError("corpusBleu needs at least one reference stream");
  for (const [i, stream] of referenceStreams.entries()) {
    if (stream.length !== hypotheses.length) {
      throw new InvalidArgumentError(`Reference stream ${i} has ${stream.length} segments but there are ${hypotheses.length} hypotheses`, {
        hint: "Each reference stream must have exactly one entry per hypothesis (use null for a missing reference)",
      });
    }
  }
  const stats = new Array<number>(2 + 2 * r.maxOrder).fill(0);
  const nrefSet = new Set<number>();
  for (let i = 0; i < hypotheses.length; i++) {
    const refs: string[] = [];
    for (const stream of referenceStreams) {
      const ref = stream[i];
      if (ref !== null && ref !== undefined) refs.push(ref);
    }
    nrefSet.add(refs.length);
    segmentStats(r, hypotheses[i]!, refInfo(r, refs), stats);
  }
  const nrefs = nrefSet.size === 1 ? [...nrefSet][0]! : "var";
  return scoreFromStats(r, stats, nrefs);
}

/**
 * Sentence BLEU, equal to `sacrebleu.sentence_bleu(hypothesis, references, **options)`
 * (exp smoothing and effective order by default).
 * @param hypothesis - The hypothesis.
 * @param references - One or more references for it.
 * @param options - As {@link corpusBleu}; `effectiveOrder` defaults to `true`.
 * @returns The BLEU score (0–100) with its statistics and signature.
 */
export function sentenceBleu(hypothesis: string, references: readonly string[], options: BleuOptions = {}): BleuScore {
  const r = resolve(options, true);
  const stats = new Array<number>(2 + 2 * r.maxOrder).fill(0);
  segmentStats(r, hypothesis, refInfo(r, references), stats);
  return scoreFromStats(r, stats, references.length);
}

/**
 * ROUGE-N, ROUGE-L and ROUGE-Lsum exactly as Google's `rouge-score` package (`rouge_scorer.RougeScorer`) computes
 * them: its tokenizer (lower case, non-`[a-z0-9]` → space, optional Porter stemming of tokens longer than 3 chars),
 * clipped n-gram overlap, LCS, summary-level union-LCS on newline-split sentences, and `score_multi`'s
 * max-F over several targets.
 */
import { pySplit } from "@crucible/core";
import { InvalidArgumentError } from "@crucible/types";
import { porterStem } from "./porter.js";

/** A rouge-score `Score` tuple. */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** ROUGE type names as rouge-score spells them: `rouge1`…`rouge9`, `rougeL`, `rougeLsum`. */
export type RougeType = `rouge${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | "rougeL" | "rougeLsum";

/** Options of {@link rougeScore}. */
export interface RougeOptions {
  /** Which scores to compute. Default `["rouge1", "rouge2", "rougeL", "rougeLsum"]`. */
  rougeTypes?: readonly RougeType[];
  /** Porter-stem tokens longer than 3 characters (rouge-score `use_stemmer`). Default `false`. */
  useStemmer?: boolean;
}

const NON_ALNUM = /[^a-z0-9]+/g;
const VALID = /^[a-z0-9]+$/;

// Stemming is the hot path; memoise per word (bounded).
const stemCache = new Map<string, string>();
function cachedStem(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    s = porterStem(w);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

/**
 * rouge-score's default tokenizer (`tokenize.tokenize`).
 * @param text - Any text.
 * @param useStemmer - Porter-stem tokens longer than 3 characters. Default `false`.
 * @returns The tokens.
 */
export function rougeTokenize(text: string, useStemmer = false): string[] {
  const replaced = text.toLowerCase().replace(NON_ALNUM, " ");
  const out: string[] = [];
  for (let tok of pySplit(replaced)) {
    if (useStemmer && tok.length > 3) tok = cachedStem(tok);
    if (VALID.test(tok)) out.push(tok);
  }
  return out;
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(" ");
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

function scoreNgrams(target: Map<string, number>, prediction: Map<string, number>): RougeScore {
  let inter = 0;
  let tCount = 0;
  let pCount = 0;
  for (const [k, c] of target) {
    inter += Math.min(c, prediction.get(k) ?? 0);
    tCount += c;
  }
  for (const c of prediction.values()) pCount += c;
  const precision = inter / Math.max(pCount, 1);
  const recall = inter / Math.max(tCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence, O(n·m) time and O(m) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

function scoreLcs(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const l = lcsLength(target, prediction);
  const precision = l / prediction.length;
  const recall = l / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** rouge-score `_lcs_table` + `_backtrack_norec`: indices into `ref` of one LCS (same tie-breaking). */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const rows = ref.length;
  const cols = can.length;
  const w = cols + 1;
  const t = new Uint32Array((rows + 1) * w);
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= cols; j++) {
      t[i * w + j] = ref[i - 1] === can[j - 1] ? t[(i - 1) * w + j - 1]! + 1 : Math.max(t[(i - 1) * w + j]!, t[i * w + j - 1]!);
    }
  }
  const out: number[] = [];
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (t[i * w + j - 1]! > t[(i - 1) * w + j]!) j--;
    else i--;
  }
  return out.reverse();
}

function summaryLevelLcs(refSents: readonly string[][], canSents: readonly string[][]): RougeScore {
  if (refSents.length === 0 || canSents.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  let m = 0;
  let n = 0;
  for (const s of refSents) m += s.length;
  for (const s of canSents) n += s.length;
  if (!n || !m) return { precision: 0, recall: 0, fmeasure: 0 };
  const cntR = new Map<string, number>();
  const cntC = new Map<string, number>();
  for (const s of refSents) for (const t of s) cntR.set(t, (cntR.get(t) ?? 0) + 1);
  for (const s of canSents) for (const t of s) cntC.set(t, (cntC.get(t) ?? 0) + 1);
  let hits = 0;
  for (const r of refSents) {
    const union = new Set<number>();
    for (const c of canSents) for (const idx of lcsIndices(r, c)) union.add(idx);
    const sorted = [...union].sort((a, b) => a - b);
    for (const idx of sorted) {
      const t = r[idx]!;
      const c = cntC.get(t) ?? 0;
      const rr = cntR.get(t) ?? 0;
      if (c > 0 && rr > 0) {
        hits++;
        cntC.set(t, c - 1);
        cntR.set(t, rr - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

const DEFAULT_TYPES: readonly RougeType[] = ["rouge1", "rouge2", "rougeL", "rougeLsum"];

function checkTypes(types: readonly string[]): void {
  for (const t of types) {
    if (!(t === "rougeL" || t === "rougeLsum" || /^rouge[1-9]$/.test(t))) {
      throw new InvalidArgumentError(`Invalid rouge type: ${t}`, { hint: "Use rouge1…rouge9, rougeL or rougeLsum" });
    }
  }
}

function sentences(text: string): string[] {
  return text.split("\n").filter((s) => s.length > 0);
}

function scoreOne(target: string, prediction: string, types: readonly RougeType[], stem: boolean): Record<string, RougeScore> {
  const needTokens = types.some((t) => t !== "rougeLsum");
  const tt = needTokens ? rougeTokenize(target, stem) : [];
  const pt = needTokens ? rougeTokenize(prediction, stem) : [];
  const result: Record<string, RougeScore> = {};
  for (const type of types) {
    if (type === "rougeL") result[type] = scoreLcs(tt, pt);
    else if (type === "rougeLsum") {
      result[type] = summaryLevelLcs(
        sentences(target).map((s) => rougeTokenize(s, stem)),
        sentences(prediction).map((s) => rougeTokenize(s, stem)),
      );
    } else {
      const n = Number(type.slice(5));
      result[type] = scoreNgrams(ngramCounts(tt, n), ngramCounts(pt, n));
    }
  }
  return result;
}

/**
 * ROUGE scores of a prediction against one target (rouge-score `RougeScorer(types, use_stemmer).score(target, prediction)`)
 * or several targets (`score_multi`: per type, the target with the highest F-measure, first on ties).
 * Note the argument order is rouge-score's: target (reference) first.
 * @param target - The reference text, or several references.
 * @param prediction - The predicted text. For `rougeLsum`, sentences are separated by newlines.
 * @param options - `rougeTypes` (default rouge1, rouge2, rougeL, rougeLsum), `useStemmer` (default false).
 * @returns precision/recall/fmeasure per requested type.
 */
export function rougeScore(target: string | readonly string[], prediction: string, options: RougeOptions = {}): Record<string, RougeScore> {
  const types = options.rougeTypes ?? DEFAULT_TYPES;
  checkTypes(types);
  const stem = options.useStemmer ?? false;
  if (typeof target === "string") return scoreOne(target, prediction, types, stem);
  if (target.length === 0) throw new InvalidArgumentError("rougeScore needs at least one target");
  const all = target.map((t) => scoreOne(t, prediction, types, stem));
  const best: Record<string, RougeScore> = {};
  for (const type of types) {
    let bi = 0;
    for (let i = 1; i < all.length; i++) if (all[i]![type]!.fmeasure > all[bi]![type]!.fmeasure) bi = i;
    best[type] = all[bi]![type]!;
  }
  return best;
}

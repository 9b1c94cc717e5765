/**
 * Each metric function wrapped as a {@link Metric} for `evaluate`. Per-item scores are the function's value;
 * corpus BLEU is a true corpus statistic (`corpus`), not the mean of sentence scores.
 */
import { InvalidArgumentError, type Metric, type MultipleChoiceQuestion } from "@crucible/types";
import { corpusBleu, sentenceBleu, type BleuOptions } from "./bleu/bleu.js";
import { choiceIndex, extractChoiceLetter } from "./choice-letter.js";
import { exactMatch, type ExactMatchOptions } from "./exact-match.js";
import { passAtK } from "./pass-at-k.js";
import { rougeScore, type RougeType } from "./rouge/rouge.js";
import { squadExactMatch, squadF1 } from "./squad.js";

/** A reference: one string or several acceptable strings. */
export type TextReference = string | readonly string[];

function refsOf(ref: unknown, metric: string): readonly string[] {
  if (typeof ref === "string") return [ref];
  if (Array.isArray(ref) && ref.every((r) => typeof r === "string")) return ref as string[];
  if (typeof ref === "number" || typeof ref === "bigint") return [String(ref)];
  throw new InvalidArgumentError(`Metric ${metric} needs a string or string[] reference, got ${describe(ref)}`, {
    hint: "Pass evaluate({ reference: (item) => … }) to pick the reference text from each item",
  });
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v;
}

/**
 * Exact match as a metric (name `exact_match`, 0/1 per item, mean).
 * @param options - Normalisation; defaults: ignore case, collapse whitespace.
 */
export function exactMatchMetric(options: ExactMatchOptions & { name?: string } = {}): Metric<TextReference> {
  const name = options.name ?? "exact_match";
  return { name, score: (p, r) => exactMatch(p, refsOf(r, name), options) };
}

/** SQuAD v2 exact match as a metric (name `squad_exact_match`, 0/1 per item, mean; ×100 for the script's scale). */
export function squadExactMatchMetric(): Metric<TextReference> {
  return { name: "squad_exact_match", score: (p, r) => squadExactMatch(p, refsOf(r, "squad_exact_match")) };
}

/** SQuAD v2 token F1 as a metric (name `squad_f1`, 0..1 per item, mean). */
export function squadF1Metric(): Metric<TextReference> {
  return { name: "squad_f1", score: (p, r) => squadF1(p, refsOf(r, "squad_f1")) };
}

/**
 * BLEU as a metric (name `bleu`): per item sacrebleu sentence BLEU, and as the aggregate sacrebleu corpus BLEU
 * over all items (0–100 scale). Items with several references may have different counts.
 * @param options - sacrebleu options (tokenizer 13a, exp smoothing by default); `effectiveOrder` applies to sentence scores.
 */
export function bleuMetric(options: BleuOptions & { name?: string } = {}): Metric<TextReference> {
  const name = options.name ?? "bleu";
  const { effectiveOrder: _sentenceOnly, ...corpusOptions } = options;
  return {
    name,
    score: (p, r) => sentenceBleu(p, refsOf(r, name), options).score,
    corpus: (preds, refs) => {
      const lists = refs.map((r) => refsOf(r, name));
      const width = Math.max(1, ...lists.map((l) => l.length));
      const streams = Array.from({ length: width }, (_, k) => lists.map((l) => l[k] ?? null));
      return corpusBleu(preds, streams, corpusOptions).score;
    },
  };
}

/** Options of {@link rougeMetric}. */
export interface RougeMetricOptions {
  /** ROUGE type. Default `"rougeL"`. */
  rougeType?: RougeType;
  /** Porter stemming. Default `false`. */
  useStemmer?: boolean;
  /** Which value to report. Default `"fmeasure"`. */
  measure?: "precision" | "recall" | "fmeasure";
  /** Metric name. Default the rouge type (e.g. `rougeL`), suffixed `_precision`/`_recall` for those measures. */
  name?: string;
}

/**
 * ROUGE as a metric: rouge-score's value per item (max over several references), mean over items.
 * @param options - Type (default rougeL), stemmer (default off), measure (default fmeasure).
 */
export function rougeMetric(options: RougeMetricOptions = {}): Metric<TextReference> {
  const type = options.rougeType ?? "rougeL";
  const measure = options.measure ?? "fmeasure";
  const name = options.name ?? (measure === "fmeasure" ? type : `${type}_${measure}`);
  return {
    name,
    score: (p, r) => {
      const refs = refsOf(r, name);
      const s = rougeScore(refs.length === 1 ? refs[0]! : refs, p, { rougeTypes: [type], useStemmer: options.useStemmer ?? false });
      return s[type]![measure];
    },
  };
}

/** Reference accepted by {@link multipleChoiceAccuracy}: the question, the answer index, or the answer letter. */
export type ChoiceReference = MultipleChoiceQuestion | number | string;

/**
 * Multiple-choice accuracy (name `accuracy`): the letter extracted from the output (see `extractChoiceLetter`)
 * against the correct choice. 1 or 0 per item; an output with no letter scores 0.
 * @param options - `numChoices` when the reference is a bare index or letter (default 4; a question uses its own count).
 */
export function multipleChoiceAccuracy(options: { numChoices?: number; name?: string } = {}): Metric<ChoiceReference> {
  return {
    name: options.name ?? "accuracy",
    score: (p, r) => {
      let answer: number;
      let numChoices = options.numChoices ?? 4;
      if (typeof r === "number") answer = r;
      else if (typeof r === "string") answer = choiceIndex(r);
      else {
        answer = r.answer;
        numChoices = r.choices.length;
      }
      const letter = extractChoiceLetter(p, { numChoices });
      return letter !== undefined && choiceIndex(letter) === answer ? 1 : 0;
    },
  };
}

/**
 * pass@k as a metric (name `pass@k`). The prediction's output carries the sample outcomes of one problem, as JSON:
 * either `{ "n": 10, "c": 3 }` or an array of booleans / 0-1 numbers (one per sample), with at least `k` samples.
 * The reference is unused.
 * @param k - k (default 1).
 */
export function passAtKMetric(k = 1): Metric<unknown> {
  const name = `pass@${k}`;
  return {
    name,
    score: (p) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(p);
      } catch (cause) {
        throw new InvalidArgumentError(`Metric ${name} expects JSON sample outcomes, got ${JSON.stringify(p.slice(0, 40))}`, {
          cause,
          hint: 'Set the prediction output to e.g. {"n":10,"c":3} or [true,false,…]',
        });
      }
      if (Array.isArray(parsed)) {
        const c = parsed.filter((x) => x === true || x === 1).length;
        return passAtK(parsed.length, c, k);
      }
      const o = parsed as { n?: unknown; c?: unknown };
      if (typeof o?.n === "number" && typeof o.c === "number") return passAtK(o.n, o.c, k);
      throw new InvalidArgumentError(`Metric ${name} expects {"n","c"} or an array, got ${JSON.stringify(p.slice(0, 40))}`);
    },
  };
}

/**
 * Exact match and token F1 exactly as the official SQuAD v2.0 evaluation script
 * (`evaluate-v2.0.py`) computes them: `normalize_answer` lower-cases, removes ASCII punctuation
 * (`string.punctuation`), removes the articles a/an/the as whole words, and collapses whitespace; F1 is computed
 * on the bag (multiset) of normalised tokens.
 */
import { pySplit } from "@crucible/core";

// Python's string.punctuation.
const PUNCT_RE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// Python 3 `\b(a|an|the)\b` on str patterns: word characters are Unicode letters, digits and underscore.
const ARTICLES_RE = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/**
 * The SQuAD `normalize_answer`: lower case, drop punctuation, drop articles, collapse whitespace.
 * @param s - Answer text.
 * @returns The normalised text.
 */
export function squadNormalize(s: string): string {
  const lower = s.toLowerCase();
  const noPunc = lower.replace(PUNCT_RE, "");
  const noArticles = noPunc.replace(ARTICLES_RE, " ");
  return pySplit(noArticles).join(" ");
}

/** The SQuAD `get_tokens`: normalised whitespace tokens (empty for an empty answer). */
export function squadTokens(s: string): string[] {
  if (!s) return [];
  return pySplit(squadNormalize(s));
}

function asGolds(gold: string | readonly string[]): readonly string[] {
  if (typeof gold === "string") return [gold];
  // SQuAD v2: an unanswerable question has no gold answers; the only correct prediction is "".
  return gold.length === 0 ? [""] : gold;
}

function exactOne(prediction: string, gold: string): number {
  return squadNormalize(gold) === squadNormalize(prediction) ? 1 : 0;
}

function f1One(prediction: string, gold: string): number {
  const goldToks = squadTokens(gold);
  const predToks = squadTokens(prediction);
  if (goldToks.length === 0 || predToks.length === 0) {
    // If either is no-answer, F1 is 1 if they agree, 0 otherwise.
    return goldToks.length === predToks.length ? 1 : 0;
  }
  const counts = new Map<string, number>();
  for (const t of goldToks) counts.set(t, (counts.get(t) ?? 0) + 1);
  let numSame = 0;
  for (const t of predToks) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      numSame++;
      counts.set(t, c - 1);
    }
  }
  if (numSame === 0) return 0;
  const precision = numSame / predToks.length;
  const recall = numSame / goldToks.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * SQuAD exact match: 1 when the normalised prediction equals a normalised gold answer, else 0.
 * With several gold answers the maximum is taken; an empty gold list means "unanswerable" (gold = `""`).
 * @param prediction - The predicted answer text.
 * @param gold - One gold answer or the list of gold answers.
 * @returns 0 or 1 (the script's value divided by 100).
 */
export function squadExactMatch(prediction: string, gold: string | readonly string[]): number {
  let best = 0;
  for (const g of asGolds(gold)) best = Math.max(best, exactOne(prediction, g));
  return best;
}

/**
 * SQuAD token F1 over the bag of normalised tokens, maximised over the gold answers.
 * @param prediction - The predicted answer text.
 * @param gold - One gold answer or the list of gold answers (empty list = unanswerable).
 * @returns F1 in [0, 1] (the script's value divided by 100).
 */
export function squadF1(prediction: string, gold: string | readonly string[]): number {
  let best = 0;
  for (const g of asGolds(gold)) best = Math.max(best, f1One(prediction, g));
  return best;
}

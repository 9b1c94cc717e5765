import { mulberry32 } from "@crucible/core";
/**
 * Deterministic random text for conformance tests and benchmarks: English-like words with inflections, casing,
 * punctuation, numbers, HTML entities, non-ASCII letters and symbols, and newlines (sentence breaks).
 * @internal
 */

/** The seeded PRNG of the corpus (core's mulberry32): floats in [0, 1). */
export const rng: (seed: number) => () => number = mulberry32;

const STEMS = [
  "run",
  "walk",
  "nation",
  "relate",
  "happy",
  "general",
  "connect",
  "agree",
  "hope",
  "cat",
  "pony",
  "sky",
  "die",
  "fly",
  "study",
  "sensation",
  "rational",
  "digit",
  "conform",
  "adjust",
  "electric",
  "formal",
  "predict",
  "sing",
  "care",
  "possible",
  "operate",
  "control",
  "feed",
  "argue",
  "build",
  "the",
  "a",
  "an",
  "of",
  "to",
  "and",
  "model",
  "data",
  "train",
  "evaluate",
  "score",
  "token",
  "summary",
  "report",
  "compute",
  "measure",
  "differ",
  "probable",
  "excel",
];
const SUFFIXES = [
  "",
  "",
  "",
  "s",
  "es",
  "ed",
  "ing",
  "ly",
  "er",
  "ness",
  "ation",
  "ational",
  "ize",
  "ization",
  "ful",
  "ment",
  "ible",
  "iveness",
  "alli",
  "ies",
];
const EXTRAS = [
  ",",
  ".",
  "!",
  "?",
  ";",
  ":",
  "'s",
  "n't",
  "(",
  ")",
  '"',
  "-",
  "3.14",
  "1,000",
  "2026",
  "42-fold",
  "&amp;",
  "&quot;",
  "<skipped>",
  "é",
  "naïve",
  "«",
  "»",
  "€",
  "中文",
  "—",
  "…",
  "x²",
  "#tag",
  "@user",
  "$5",
  "100%",
];

/** One random sentence (a few words with punctuation). */
export function sentence(r: () => number, words = 4 + Math.floor(r() * 18)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    if (r() < 0.12) out.push(EXTRAS[Math.floor(r() * EXTRAS.length)]!);
    else {
      let w = STEMS[Math.floor(r() * STEMS.length)]! + SUFFIXES[Math.floor(r() * SUFFIXES.length)]!;
      if (r() < 0.1) w = w[0]!.toUpperCase() + w.slice(1);
      if (r() < 0.02) w = w.toUpperCase();
      out.push(w);
    }
    if (r() < 0.08) out[out.length - 1] += EXTRAS[Math.floor(r() * 5)]!;
  }
  return out.join(r() < 0.1 ? "  " : " ");
}

/** A reference and a noisy hypothesis derived from it (words dropped, swapped, replaced). */
export function pair(r: () => number): [hypothesis: string, reference: string] {
  const ref = sentence(r);
  const words = ref.split(" ");
  const hyp: string[] = [];
  for (const w of words) {
    const x = r();
    if (x < 0.1) continue;
    if (x < 0.25) hyp.push(sentence(r, 1));
    else hyp.push(w);
    if (r() < 0.05) hyp.push(sentence(r, 1));
  }
  return [hyp.join(" "), ref];
}

/** A multi-sentence text (newline-separated) for ROUGE-Lsum. */
export function multiSentence(r: () => number): string {
  const n = 1 + Math.floor(r() * 4);
  return Array.from({ length: n }, () => sentence(r)).join(r() < 0.2 ? "\n\n" : "\n");
}

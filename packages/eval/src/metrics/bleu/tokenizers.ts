/**
 * sacrebleu's BLEU tokenizers, ported rule by rule: `13a` (mteval-v13a, the default), `intl`
 * (mteval-v14 international, Unicode categories), `char` and `none`.
 */
import { pySplit } from "@crucible/core";

/** Names of the supported tokenizers (sacrebleu's `tokenize=` values). */
export type BleuTokenizerName = "13a" | "intl" | "char" | "none";

// sacrebleu TokenizerRegexp (post-tokenizer of 13a): the four rules, in order.
const RE_SYMBOLS = /([{-~[-` -&(-+:-@/])/g;
const RE_PERIOD_COMMA_1 = /([^0-9])([.,])/g;
const RE_PERIOD_COMMA_2 = /([.,])([^0-9])/g;
const RE_DASH = /([0-9])(-)/g;

function regexpTokenize(line: string): string {
  let s = line.replace(RE_SYMBOLS, " $1 ");
  s = s.replace(RE_PERIOD_COMMA_1, "$1 $2 ");
  s = s.replace(RE_PERIOD_COMMA_2, " $1 $2");
  s = s.replace(RE_DASH, "$1 $2 ");
  return pySplit(s).join(" ");
}

/**
 * sacrebleu `Tokenizer13a`: drops `<skipped>`, joins `-\n` hyphenations, turns newlines into spaces,
 * unescapes `&quot; &amp; &lt; &gt;`, then splits off punctuation and symbols (keeping `.`/`,` between digits).
 * @param line - One segment.
 * @returns The tokens joined by single spaces.
 */
export function tokenize13a(line: string): string {
  let s = line.split("<skipped>").join("");
  s = s.split("-\n").join("");
  s = s.split("\n").join(" ");
  if (s.includes("&")) {
    s = s.split("&quot;").join('"');
    s = s.split("&amp;").join("&");
    s = s.split("&lt;").join("<");
    s = s.split("&gt;").join(">");
  }
  return regexpTokenize(` ${s} `);
}

const RE_INTL_1 = /(\P{N})(\p{P})/gu;
const RE_INTL_2 = /(\p{P})(\P{N})/gu;
const RE_INTL_3 = /(\p{S})/gu;

/**
 * sacrebleu `TokenizerV14International`: splits on Unicode punctuation (`\p{P}`) unless between digits,
 * and on every symbol (`\p{S}`).
 * @param line - One segment.
 * @returns The tokens joined by single spaces.
 */
export function tokenizeIntl(line: string): string {
  let s = line.replace(RE_INTL_1, "$1 $2 ");
  s = s.replace(RE_INTL_2, " $1 $2");
  s = s.replace(RE_INTL_3, " $1 ");
  return pySplit(s).join(" ");
}

/**
 * sacrebleu `TokenizerChar`: every code point becomes a token.
 * @param line - One segment.
 * @returns The code points joined by single spaces.
 */
export function tokenizeChar(line: string): string {
  return Array.from(line).join(" ");
}

/** sacrebleu `NoneTokenizer`: the line unchanged. */
export function tokenizeNone(line: string): string {
  return line;
}

/**
 * Looks up a tokenizer by its sacrebleu name.
 * @param name - `13a` (default in BLEU), `intl`, `char` or `none`.
 */
export function bleuTokenizer(name: BleuTokenizerName): (line: string) => string {
  switch (name) {
    case "13a":
      return tokenize13a;
    case "intl":
      return tokenizeIntl;
    case "char":
      return tokenizeChar;
    case "none":
      return tokenizeNone;
  }
}

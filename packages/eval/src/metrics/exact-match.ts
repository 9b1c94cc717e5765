/** Exact match with configurable normalisation. */

/** Normalisation applied to both sides before comparing; every flag is optional. */
export interface ExactMatchOptions {
  /** Compare case-insensitively. Default `true`. */
  ignoreCase?: boolean;
  /** Trim and collapse runs of whitespace to one space. Default `true`. */
  collapseWhitespace?: boolean;
  /** Remove ASCII punctuation (Python's `string.punctuation`). Default `false`. */
  ignorePunctuation?: boolean;
  /** Remove the English articles a/an/the as whole words. Default `false`. */
  ignoreArticles?: boolean;
  /** Custom normaliser run after the flags above. Default none. */
  normalize?: (s: string) => string;
}

const PUNCT_RE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ARTICLES_RE = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/giu;

/**
 * Builds the normaliser described by `options`.
 * @param options - See {@link ExactMatchOptions}; defaults: ignore case, collapse whitespace.
 */
export function exactMatchNormalizer(options: ExactMatchOptions = {}): (s: string) => string {
  const { ignoreCase = true, collapseWhitespace = true, ignorePunctuation = false, ignoreArticles = false, normalize } = options;
  return (input: string) => {
    let s = input;
    if (ignoreCase) s = s.toLowerCase();
    if (ignorePunctuation) s = s.replace(PUNCT_RE, "");
    if (ignoreArticles) s = s.replace(ARTICLES_RE, " ");
    if (collapseWhitespace) s = s.replace(/\s+/gu, " ").trim();
    if (normalize) s = normalize(s);
    return s;
  };
}

/**
 * 1 when the normalised prediction equals the normalised reference (or any of several references), else 0.
 * @param prediction - Model output.
 * @param reference - One reference or a list (any may match).
 * @param options - Normalisation; defaults: ignore case, collapse whitespace.
 */
export function exactMatch(prediction: string, reference: string | readonly string[], options: ExactMatchOptions = {}): number {
  const norm = exactMatchNormalizer(options);
  const p = norm(prediction);
  const refs = typeof reference === "string" ? [reference] : reference;
  return refs.some((r) => norm(r) === p) ? 1 : 0;
}

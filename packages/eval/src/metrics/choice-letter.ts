/** Extracts the chosen letter of a multiple-choice answer from free-form model output. */

/** Options of {@link extractChoiceLetter}. */
export interface ChoiceLetterOptions {
  /** Number of choices; letters A.. up to this many are accepted. Default 4 (A–D). */
  numChoices?: number;
}

/**
 * Finds the answer letter in a model's output. Tried in order, the first that matches wins:
 * 1. the whole output is a letter, optionally wrapped or followed by punctuation (`B`, `(B)`, `B.`, `**B**`);
 * 2. the last "answer is X" / "Answer: X" / "answer: (X)" phrase (X an upper-case letter; Markdown emphasis allowed);
 * 3. the output starts with a letter followed by `.`, `)` or `:` (`C) Paris`);
 * 4. the last letter in parentheses `(X)`;
 * 5. the last standalone capital letter among the allowed ones (not the article "A" before a lower-case word).
 * @param output - Model output.
 * @param options - `numChoices` (default 4).
 * @returns The upper-case letter, or `undefined` when none is found.
 */
export function extractChoiceLetter(output: string, options: ChoiceLetterOptions = {}): string | undefined {
  const n = Math.max(1, Math.min(26, options.numChoices ?? 4));
  const last = String.fromCharCode(64 + n);
  const cls = `A-${last}`;
  const text = output.trim();
  const whole = new RegExp(`^[\\s*_(\\[]*([${cls}])[\\s*_)\\].:]*$`, "i").exec(text);
  if (whole) return whole[1]!.toUpperCase();
  // "answer"/"Answer"/"ANSWER" is matched case-insensitively, the letter only in upper case ("the answer is a dog").
  const answerRe = new RegExp(
    `(?:[Aa]nswer|ANSWER)\\s*(?:is|IS|:|=)?\\s*(?:[Oo]ption|[Cc]hoice)?\\s*[:\\-]?\\s*[*_(\\[]*\\s*([${cls}])(?![A-Za-z])`,
    "g",
  );
  let m: RegExpExecArray | null;
  let found: string | undefined;
  while ((m = answerRe.exec(text)) !== null) found = m[1];
  if (found) return found;
  const lead = new RegExp(`^[*_(\\[]*([${cls}])[*_)\\]]*[.):]`).exec(text);
  if (lead) return lead[1]!;
  const parenRe = new RegExp(`\\(([${cls}])\\)`, "g");
  found = undefined;
  while ((m = parenRe.exec(text)) !== null) found = m[1];
  if (found) return found;
  // A capital letter standing alone, but not the article "A" before a lower-case word.
  const loneRe = new RegExp(`(?<![A-Za-z])([${cls}])(?![A-Za-z'])(?!\\s+[a-z])`, "g");
  found = undefined;
  while ((m = loneRe.exec(text)) !== null) found = m[1];
  return found;
}

/** Letter of a zero-based choice index (0 → `A`). */
export function choiceLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Zero-based index of a choice letter (`A` → 0), or -1 for anything else. */
export function choiceIndex(letter: string): number {
  const u = letter.trim().toUpperCase();
  return /^[A-Z]$/.test(u) ? u.charCodeAt(0) - 65 : -1;
}

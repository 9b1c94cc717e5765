/**
 * Python `str` helpers: the whitespace set of `str.split()` / `str.strip()` / `str.isspace()` (which differs from
 * JS `\s`: Python counts U+001C–U+001F and U+0085 as whitespace, JS counts U+FEFF).
 */

/** Characters Python's `str.split()`, `str.strip()` and `str.isspace()` treat as whitespace. */
const PY_WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPLIT_RE = new RegExp(`[${PY_WS}]+`, "u");
const RSTRIP_RE = new RegExp(`[${PY_WS}]+$`, "u");
const STRIP_RE = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, "gu");

/**
 * Python's `s.split()` with no argument: splits on runs of whitespace and drops empty strings.
 * @param s - Any string.
 * @returns The non-empty whitespace-separated pieces.
 */
export function pySplit(s: string): string[] {
  const parts = s.split(SPLIT_RE);
  const out: string[] = [];
  for (const p of parts) if (p.length > 0) out.push(p);
  return out;
}

/** Python's `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(RSTRIP_RE, "");
}

/** Python's `s.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(STRIP_RE, "");
}

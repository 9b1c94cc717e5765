/**
 * Glob patterns with the exact semantics Python `datasets` gets from fsspec ≥ 2023.12 (`fsspec.utils.glob_translate`,
 * itself CPython's `glob.translate(recursive=True, include_hidden=True)`):
 * `*` matches within one path segment, `**` (only as a whole segment) matches any number of segments including none,
 * `?` one character, `[...]` / `[!...]` character classes.
 */

const SEP = "/";
const NOT_SEP = "[^/]";

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Port of CPython's `fnmatch._translate` (the per-segment part), with `STAR` = `[^/]*` and `?` = `[^/]`. */
function translateSegment(pat: string): string {
  const STAR = `${NOT_SEP}*`;
  const res: string[] = [];
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i] as string;
    i += 1;
    if (c === "*") {
      if (res.length === 0 || res[res.length - 1] !== STAR) res.push(STAR);
    } else if (c === "?") {
      res.push(NOT_SEP);
    } else if (c === "[") {
      let j = i;
      if (j < n && pat[j] === "!") j += 1;
      if (j < n && pat[j] === "]") j += 1;
      while (j < n && pat[j] !== "]") j += 1;
      if (j >= n) {
        res.push("\\[");
      } else {
        let stuff = pat.slice(i, j);
        let negate = false;
        if (stuff.startsWith("!")) {
          negate = true;
          stuff = stuff.slice(1);
        }
        i = j + 1;
        if (stuff === "" && !negate) {
          res.push("(?!)");
        } else if (stuff === "" && negate) {
          res.push(".");
        } else {
          // Build the class from ranges a-b and single characters, escaping everything for the JS regex.
          let cls = "";
          let k = 0;
          while (k < stuff.length) {
            const a = stuff[k] as string;
            if (k + 2 < stuff.length && stuff[k + 1] === "-") {
              const b = stuff[k + 2] as string;
              if (a <= b) cls += `${escapeRegex(a)}-${escapeRegex(b)}`;
              k += 3;
            } else {
              cls += escapeRegex(a);
              k += 1;
            }
          }
          res.push(cls === "" ? (negate ? "." : "(?!)") : `[${negate ? "^" : ""}${cls}]`);
        }
      }
    } else {
      res.push(escapeRegex(c));
    }
  }
  return res.join("");
}

/**
 * Translates a glob pattern into an anchored regular expression over `/`-separated paths, as fsspec does.
 * @throws Error when `**` is used inside a segment (fsspec raises too).
 */
export function globToRegExp(pattern: string): RegExp {
  const anySegments = `(?:.+${SEP})?`;
  const parts = pattern.split(SEP);
  const last = parts.length - 1;
  const out: string[] = [];
  parts.forEach((part, idx) => {
    if (part === "*") {
      out.push(idx < last ? `${NOT_SEP}+${SEP}` : `${NOT_SEP}+`);
      return;
    }
    if (part === "**") {
      out.push(idx < last ? anySegments : ".*");
      return;
    }
    if (part.includes("**")) throw new Error(`Invalid pattern '${pattern}': '**' can only be an entire path component`);
    if (part) out.push(translateSegment(part));
    if (idx < last) out.push(SEP);
  });
  return new RegExp(`^(?:${out.join("")})$`, "s");
}

/** True when the pattern contains a glob wildcard (`*`, `?` or `[`), like Python's `glob.has_magic`. */
export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Compares two strings by Unicode code point, as Python's `sorted` does (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

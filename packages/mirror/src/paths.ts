import path from "node:path";

/** Repo namespace or name: letters, digits, `_`, `-`, `.` (not `.`/`..`), at most 96 characters. */
const NAME_RE = /^[A-Za-z0-9_.-]{1,96}$/;

/** True when `part` is a valid repo namespace or name. */
export function isValidNamePart(part: string): boolean {
  return NAME_RE.test(part) && part !== "." && part !== "..";
}

/**
 * Normalise a repo-relative path taken from a URL (already percent-decoded).
 * Refuses, by returning `undefined`: NUL and other control characters, backslashes, absolute paths,
 * `.`/`..` segments and empty segments. A trailing `/` is dropped.
 * @param p - The decoded path.
 */
export function cleanRepoPath(p: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
  if (/[\u0000-\u001f\\]/.test(p)) return undefined;
  if (p.startsWith("/")) return undefined;
  const trimmed = p.endsWith("/") ? p.slice(0, -1) : p;
  if (trimmed === "") return "";
  const segs = trimmed.split("/");
  for (const s of segs) if (s === "" || s === "." || s === "..") return undefined;
  return trimmed;
}

/**
 * Percent-decode a URL path component; `undefined` for malformed escapes.
 * @param s - The raw text.
 */
export function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * True when `child` (an absolute, real path) is `parent` or inside it.
 * @param parent - Absolute real path of the allowed root.
 * @param child - Absolute real path to check.
 */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

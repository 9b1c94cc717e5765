/**
 * Python `fnmatch.translate`: `*` matches any run of characters including `/`, `?` one character, `[seq]` and
 * `[!seq]` character sets; everything else is literal; the whole path must match. Case-sensitive (POSIX
 * `fnmatch.fnmatch`). There is no `**` (it behaves as `*`) and no `{a,b}` braces.
 */
export function fnmatchToRegExp(pattern: string): RegExp {
  let re = "";
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i++] as string;
    if (c === "*") {
      re += ".*";
      while (pattern[i] === "*") i++;
    } else if (c === "?") re += ".";
    else if (c === "[") {
      let j = i;
      if (pattern[j] === "!") j++;
      if (pattern[j] === "]") j++;
      while (j < n && pattern[j] !== "]") j++;
      if (j >= n) re += "\\[";
      else {
        let body = pattern.slice(i, j).replace(/\\/g, "\\\\");
        i = j + 1;
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        else if (body.startsWith("^")) body = `\\${body}`;
        re += `[${body}]`;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}

/** huggingface_hub's `_add_wildcard_to_directories`: `data/` means `data/*`. */
function normalizePatterns(patterns: string | string[] | undefined): RegExp[] | undefined {
  if (patterns === undefined) return undefined;
  return (typeof patterns === "string" ? [patterns] : patterns).map((p) => fnmatchToRegExp(p.endsWith("/") ? `${p}*` : p));
}

/**
 * huggingface_hub's `filter_repo_objects`: keep paths that match at least one `include` pattern (all when
 * `include` is undefined) and no `exclude` pattern, with fnmatch semantics (see {@link fnmatchToRegExp}).
 */
export function filterPaths(paths: string[], include?: string | string[], exclude?: string | string[]): string[] {
  const allow = normalizePatterns(include);
  const deny = normalizePatterns(exclude);
  return paths.filter((p) => (allow === undefined || allow.some((r) => r.test(p))) && !(deny ?? []).some((r) => r.test(p)));
}

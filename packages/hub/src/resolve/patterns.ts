import { FILES_TO_IGNORE } from "@crucible/core";
import { ALL_ALLOWED_EXTENSIONS } from "./extension-table.js";
import { compareCodePoints, globToRegExp, hasMagic } from "./glob.js";

/** The sharded push_to_hub layout, `data/{split}-00000-of-00003.parquet` (Python `SPLIT_PATTERN_SHARDED`). */
export const SPLIT_PATTERN_SHARDED = "data/{split}-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*";

/** Split keywords recognised in file and directory names (Python `SPLIT_KEYWORDS`), in split order. */
export const SPLIT_KEYWORDS: Readonly<Record<"train" | "validation" | "test", readonly string[]>> = {
  train: ["train", "training"],
  validation: ["validation", "valid", "dev", "val"],
  test: ["test", "testing", "eval", "evaluation"],
};

const SEP_CLASS = "-._ 0-9";
const FILENAME_BASE = ["**/{keyword}[{sep}]*", "**/*[{sep}]{keyword}[{sep}]*"];
const DIRNAME_BASE = ["**/{keyword}/**", "**/{keyword}[{sep}]*/**", "**/*[{sep}]{keyword}/**", "**/*[{sep}]{keyword}[{sep}]*/**"];
const DEFAULT_SPLITS = ["train", "validation", "test"] as const;

function expand(bases: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const split of DEFAULT_SPLITS) {
    out[split] = SPLIT_KEYWORDS[split].flatMap((keyword) =>
      bases.map((b) => b.replaceAll("{keyword}", keyword).replaceAll("{sep}", SEP_CLASS)),
    );
  }
  return out;
}

/** The automatic pattern groups after the sharded layout, in the order Python tries them. */
export const DEFAULT_PATTERN_GROUPS: ReadonlyArray<Record<string, string[]>> = [
  { logs: ["**/*.eval"] },
  expand(DIRNAME_BASE),
  expand(FILENAME_BASE),
  { train: ["**"] },
];

/** Split names must match this (Python `naming._split_re`). */
export const SPLIT_NAME_RE = /^\w+(\.\w+)*$/u;

function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? p : p.slice(i + 1);
}

function parentParts(p: string): string[] {
  const parts = p.split("/").filter((x) => x !== "" && x !== ".");
  return parts.slice(0, -1);
}

function allParts(p: string): string[] {
  return p.split("/").filter((x) => x !== "" && x !== ".");
}

const isHiddenPart = (part: string) => part.startsWith(".") && !/^\.+$/.test(part);

/** Joins a base folder (may be "") and a relative path like Python's posix join, normalising `./`. */
export function joinPath(base: string, rel: string): string {
  const b = base.replace(/^\/+|\/+$/g, "");
  const r = rel.replace(/^\.\//, "");
  return b ? `${b}/${r}` : r;
}

/**
 * Resolves one glob pattern against a repo's file list exactly as Python `datasets.data_files.resolve_pattern` does
 * on `hf://datasets/{id}@{sha}/{basePath}`: files only, sorted by code point, README.md and friends ignored, hidden
 * files/dirs and `__*` dirs skipped unless the pattern names them, and (when `allowedExtensions` is on) only files
 * with an allowed dot-suffix kept.
 * @param pattern - The pattern, relative to `basePath`.
 * @param files - Every file path in the repo (relative to the repo root).
 * @param basePath - Folder the pattern is relative to. Default "".
 * @param allowedExtensions - Filter by extension (default true, as `DataFilesList.from_patterns` does).
 * @returns Matching repo paths (relative to the repo root).
 */
export function resolvePattern(pattern: string, files: readonly string[], basePath = "", allowedExtensions = true): string[] {
  const full = joinPath(basePath, pattern);
  const pat = full.replace(/\/+$/, "");
  const ignore = new Set(FILES_TO_IGNORE); // a pattern that names an ignored file still finds it
  ignore.delete(basename(pat));
  let matched: string[];
  if (!hasMagic(pat)) {
    matched = files.includes(pat) ? [pat] : [];
  } else {
    const re = globToRegExp(pat);
    matched = files.filter((f) => re.test(f)).sort(compareCodePoints);
  }
  const patSpecial = parentParts(pat).filter((p) => p.startsWith("__")).length;
  const patHidden = allParts(pat).filter(isHiddenPart).length;
  const out = matched.filter((f) => {
    if (ignore.has(basename(f))) return false;
    if (parentParts(f).filter((p) => p.startsWith("__")).length !== patSpecial) return false;
    if (allParts(f).filter(isHiddenPart).length !== patHidden) return false;
    if (allowedExtensions) {
      const suffixes = basename(f).split(".").slice(1);
      if (!suffixes.some((s) => ALL_ALLOWED_EXTENSIONS.has(`.${s}`))) return false;
    }
    return true;
  });
  return out;
}

/**
 * Picks the automatic split patterns for a folder (Python `get_data_patterns`): the sharded layout first, then
 * `**\/*.eval` → logs, split keywords in directory names, split keywords in file names, and finally everything → train.
 * The first rule that matches at least one file wins.
 * @returns split → patterns (relative to `basePath`), or `undefined` when the folder has no data files at all.
 */
export function getDataPatterns(files: readonly string[], basePath = ""): Record<string, string[]> | undefined {
  const shardedGlob = SPLIT_PATTERN_SHARDED.replace("{split}", "*");
  const sharded = resolvePattern(shardedGlob, files, basePath, false);
  if (sharded.length > 0) {
    const splits = new Set<string>();
    for (const f of sharded) {
      // Python's string_to_dict: the basename pattern with {split} captured lazily.
      const m = basename(f).match(shardedBasenameRegex());
      if (m?.groups?.split !== undefined) splits.add(m.groups.split);
    }
    for (const s of splits) {
      if (!SPLIT_NAME_RE.test(s)) {
        throw new Error(`Split name should match '^\\w+(\\.\\w+)*$' but got '${[...splits].join("', '")}'`);
      }
    }
    const ordered = [
      ...DEFAULT_SPLITS.filter((s) => splits.has(s)),
      ...[...splits].filter((s) => !(DEFAULT_SPLITS as readonly string[]).includes(s)).sort(compareCodePoints),
    ];
    const out: Record<string, string[]> = {};
    for (const s of ordered) out[s] = [SPLIT_PATTERN_SHARDED.replace("{split}", s)];
    return out;
  }
  for (const group of DEFAULT_PATTERN_GROUPS) {
    const out: Record<string, string[]> = {};
    for (const [split, patterns] of Object.entries(group)) {
      if (patterns.some((p) => resolvePattern(p, files, basePath, false).length > 0)) out[split] = patterns;
    }
    if (Object.keys(out).length > 0) return out;
  }
  return undefined;
}

/**
 * Python's `string_to_dict(basename, "{split}-[0-9]...-of-[0-9]...*.*")`: the template's non-placeholder text is
 * treated as a regex (its `[0-9]`, `*`, `.` keep their regex meaning), `{split}` becomes a greedy group, unanchored search.
 */
function shardedBasenameRegex(): RegExp {
  const template = "{split}-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*";
  return new RegExp(template.replace("{split}", "(?<split>.+)"));
}

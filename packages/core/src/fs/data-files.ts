import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { CrucibleError, InvalidArgumentError } from "@crucible/types";
import picomatch from "picomatch";
import { fsError } from "./async-buffer.js";

/** Data files per split, as accepted by `loadFiles`: a pattern, a list of patterns (split `train`), or split → patterns. */
export type DataFilesSpec = string | string[] | Record<string, string | string[]>;

/** File names Python `datasets` never treats as data (`data_files.py` `FILES_TO_IGNORE`). */
export const FILES_TO_IGNORE: ReadonlySet<string> = new Set([
  "README.md",
  "config.json",
  "dataset_info.json",
  "dataset_infos.json",
  "dummy_data.zip",
  "dataset_dict.json",
]);

const SPLIT_NAME = /^\w+(\.\w+)*$/;

/**
 * Normalises a data-files spec into split → patterns, as Python `datasets` does: a string or a list means the
 * single split `train`; split names must match `^\w+(\.\w+)*$`.
 * @param spec - The spec.
 * @throws InvalidArgumentError for an empty spec or a bad split name.
 */
export function normalizeDataFiles(spec: DataFilesSpec): Record<string, string[]> {
  const out: Record<string, string[]> =
    typeof spec === "string" ? { train: [spec] } : Array.isArray(spec) ? { train: [...spec] } : Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, typeof v === "string" ? [v] : [...v]]));
  if (Object.keys(out).length === 0) throw new InvalidArgumentError("dataFiles is empty", { hint: 'Pass a path, a glob, or { train: "..." }' });
  for (const [split, patterns] of Object.entries(out)) {
    if (!SPLIT_NAME.test(split)) {
      throw new InvalidArgumentError(`Invalid split name ${JSON.stringify(split)}`, { hint: "Split names must match ^\\w+(\\.\\w+)*$" });
    }
    if (patterns.length === 0 || patterns.some((p) => typeof p !== "string" || p === "")) {
      throw new InvalidArgumentError(`Split "${split}" has no (or an empty) file pattern`);
    }
  }
  return out;
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return;
    throw fsError(cause, dir, "list the directory");
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) {
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) out.push(path);
      else if (info?.isDirectory()) await walk(path, out);
    }
  }
}

/** Python skips hidden (`.x`) and special (`__x`) path components unless the pattern names them. */
function isUnrequested(relPath: string, pattern: string): boolean {
  const patternParts = new Set(pattern.split("/"));
  const parts = relPath.split("/");
  return parts.some((part, i) => {
    if (!(part.startsWith(".") || (part.startsWith("__") && i < parts.length - 1))) return false;
    if (part === "." || part === "..") return false;
    return !patternParts.has(part) && !pattern.includes(part);
  });
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * Resolves one pattern (a path or a glob, relative to `baseDir`) to files, sorted by path like fsspec's glob
 * (code-point order). Hidden files and `__*` directories are skipped unless named, as are
 * {@link FILES_TO_IGNORE}. A path without glob characters must exist.
 * @param pattern - Path or glob (`*`, `**`, `?`, `[...]`, `{a,b}` via picomatch).
 * @param baseDir - Directory relative patterns resolve against. Default: the current directory.
 * @returns Absolute paths.
 * @throws CrucibleError `FILE_NOT_FOUND` when a plain path does not exist.
 */
export async function resolvePattern(pattern: string, baseDir: string = process.cwd()): Promise<string[]> {
  const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
  const posix = toPosix(absolute);
  const scan = picomatch.scan(posix);
  if (!scan.isGlob) {
    let info;
    try {
      info = await stat(absolute);
    } catch (cause) {
      throw fsError(cause, absolute, "find the data file");
    }
    if (info.isDirectory()) {
      throw new InvalidArgumentError("A data-files pattern names a directory", {
        file: absolute,
        hint: `Use a glob such as "${pattern.replace(/\/$/, "")}/**" or name the files`,
      });
    }
    return [absolute];
  }
  const base = scan.base === "" ? "/" : scan.base;
  const files: string[] = [];
  await walk(base, files);
  const isMatch = picomatch(posix, { dot: true });
  const matched = files.filter((file) => {
    const p = toPosix(file);
    if (!isMatch(p)) return false;
    const name = p.slice(p.lastIndexOf("/") + 1);
    if (FILES_TO_IGNORE.has(name)) return false;
    return !isUnrequested(toPosix(relative(base, file)), scan.glob);
  });
  return matched.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Resolves every split's patterns to files: per split, each pattern's matches (sorted) in pattern order.
 * A glob that matches nothing is skipped; a split left with no file is an error.
 * @param spec - See {@link DataFilesSpec}.
 * @param baseDir - Directory relative patterns resolve against. Default: the current directory.
 * @throws CrucibleError `FILE_NOT_FOUND` for a missing plain path or a split without files.
 */
export async function resolveDataFiles(spec: DataFilesSpec, baseDir?: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [split, patterns] of Object.entries(normalizeDataFiles(spec))) {
    const files: string[] = [];
    for (const pattern of patterns) files.push(...(await resolvePattern(pattern, baseDir)));
    if (files.length === 0) {
      throw new CrucibleError("FILE_NOT_FOUND", `No data file matches the patterns of split "${split}": ${patterns.join(", ")}`, {
        file: resolve(baseDir ?? process.cwd(), patterns[0] as string),
        hint: "Check the glob and `baseDir` (hidden files and __* folders are skipped unless named)",
      });
    }
    out[split] = files;
  }
  return out;
}

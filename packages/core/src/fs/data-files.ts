import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { CrucibleError, InvalidArgumentError } from "@crucible/types";
import picomatch from "picomatch";
import { fsError } from "./async-buffer.js";

/**
 * Data files per split, as accepted by `loadFiles` and Python `datasets`' `data_files`: a pattern, a list of patterns
 * (split `train`), split → patterns, or the README YAML list form `[{ split, path }]`.
 */
export type DataFilesSpec = string | string[] | Record<string, string | string[]> | ReadonlyArray<string | DataFilesEntry>;

/** One entry of the YAML list form of {@link DataFilesSpec}: `- split: train\n  path: data/train-*`. */
export interface DataFilesEntry {
  split: string;
  path: string | string[];
}

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

/** The YAML list form `[{ split, path }]` → split → patterns (Python `sanitize_patterns`); undefined for a plain list. */
function fromEntryList(list: ReadonlyArray<string | DataFilesEntry>): Record<string, string[]> | undefined {
  if (!list.some((d) => typeof d === "object")) return undefined;
  const out: Record<string, string[]> = {};
  for (const d of list) {
    if (typeof d !== "object" || d === null || typeof d.split !== "string") {
      throw new InvalidArgumentError(`Invalid data_files entry ${JSON.stringify(d)}: expected { split, path }`);
    }
    if (d.split in out) {
      const splits = list.map((x) => (typeof x === "object" ? x.split : x)).join(", ");
      throw new InvalidArgumentError(`Some splits are duplicated in data_files: ${splits}`, {
        hint: "Give each split one entry with a list of paths",
      });
    }
    out[d.split] = typeof d.path === "string" ? [d.path] : [...d.path];
  }
  return out;
}

/**
 * Normalises a data-files spec into split → patterns, as Python `datasets`' `sanitize_patterns` does: a string or a
 * list of strings means the single split `train`; the YAML list form `[{ split, path }]` gives one split per entry.
 * Split names must match `^\w+(\.\w+)*$` and every split needs a non-empty pattern.
 * @param spec - The spec.
 * @throws InvalidArgumentError for an empty spec, a bad or duplicated split name, or an empty pattern.
 */
export function normalizeDataFiles(spec: DataFilesSpec): Record<string, string[]> {
  const out: Record<string, string[]> =
    typeof spec === "string"
      ? { train: [spec] }
      : isList(spec)
        ? (fromEntryList(spec) ?? { train: spec.map(String) })
        : Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, typeof v === "string" ? [v] : [...v]]));
  if (Object.keys(out).length === 0)
    throw new InvalidArgumentError("dataFiles is empty", { hint: 'Pass a path, a glob, or { train: "..." }' });
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

function isList(spec: DataFilesSpec): spec is ReadonlyArray<string | DataFilesEntry> {
  return Array.isArray(spec);
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

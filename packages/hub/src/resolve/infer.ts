import { EXTENSION_TO_MODULE, METADATA_FILE_NAMES } from "./extension-table.js";

function basename(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? p : p.slice(i + 1);
}

const TIE_ORDER = [".parquet", ".lance", ".arrow", ".jsonl", ".json", ".csv"];

/**
 * Infers the packaged builder for a list of files (Python `infer_module_for_data_files_list`): counts every
 * dot-suffix, ranks by (not a metadata file, count, parquet > lance > arrow > jsonl > json > csv, then reverse
 * alphabetical as Python's `sorted(reverse=True)` does) and returns the first known extension's module.
 * @returns The module name (`parquet`, `json`, `csv`, `text`, `imagefolder`, …) or undefined.
 */
export function inferModule(files: readonly string[]): string | undefined {
  const counts = new Map<string, { ext: string; isMeta: boolean; count: number }>();
  for (const f of files) {
    const name = basename(f);
    const isMeta = METADATA_FILE_NAMES.includes(name);
    for (const suffix of name.split(".").slice(1)) {
      const ext = `.${suffix.toLowerCase()}`;
      const key = `${ext}\u0000${isMeta ? 1 : 0}`;
      const cur = counts.get(key);
      if (cur) cur.count += 1;
      else counts.set(key, { ext, isMeta, count: 1 });
    }
  }
  const ranked = [...counts.values()].sort((a, b) => {
    // Python sorts by the key tuple with reverse=True: compare b against a.
    if (a.isMeta !== b.isMeta) return a.isMeta ? 1 : -1;
    if (a.count !== b.count) return b.count - a.count;
    for (const t of TIE_ORDER) {
      const at = a.ext === t;
      const bt = b.ext === t;
      if (at !== bt) return at ? -1 : 1;
    }
    return a.ext < b.ext ? 1 : a.ext > b.ext ? -1 : 0;
  });
  for (const { ext } of ranked) {
    const mod = EXTENSION_TO_MODULE[ext];
    if (mod !== undefined) return mod;
    if (ext === ".zip") return "zip";
  }
  return undefined;
}

/** The extensions of one module plus `.zip` (Python `_MODULE_TO_EXTENSIONS`). */
export function moduleExtensions(module: string): string[] {
  const out = Object.entries(EXTENSION_TO_MODULE)
    .filter(([, m]) => m === module)
    .map(([e]) => e);
  out.push(".zip");
  return out;
}

/**
 * Python `DataFilesList.filter(extensions=…, file_names=…)`: keeps paths matching `.*(ext)(\..+)?$` for one of the
 * module's extensions, or ending in one of its metadata file names.
 */
export function filterByModule(files: readonly string[], module: string): string[] {
  const exts = moduleExtensions(module).map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const extRe = new RegExp(`^.*(${exts.join("|")})(\\..+)?$`, "s");
  const metaNames = module.endsWith("folder") ? METADATA_FILE_NAMES.filter((n) => n.startsWith("metadata.")) : [];
  const nameRe = metaNames.length ? new RegExp(`^.*[\\/]?(${metaNames.map((n) => n.replace(/\./g, "\\.")).join("|")})$`) : undefined;
  return files.filter((f) => extRe.test(f) || (nameRe?.test(f) ?? false));
}

/**
 * The reader format for one file from its extension, `.gz`/`.bz2`/`.zst`… compression suffix ignored:
 * `parquet`, `json` (covers .json/.jsonl/.ndjson), `csv` (.csv/.tsv), `text`, or the module name for others.
 */
export function fileFormat(path: string): string | undefined {
  const name = basename(path);
  const parts = name.split(".").slice(1);
  for (let i = parts.length - 1; i >= 0; i--) {
    const mod = EXTENSION_TO_MODULE[`.${parts[i]}`] ?? EXTENSION_TO_MODULE[`.${(parts[i] as string).toLowerCase()}`];
    if (mod !== undefined) return mod;
  }
  return undefined;
}

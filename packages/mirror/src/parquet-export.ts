import picomatch from "picomatch";
import { DEFAULT_GITATTRIBUTES, LfsRules } from "./lfs.js";
import { gitBlobSha1 } from "./hash.js";
import { createHash } from "node:crypto";
import { buildSnapshot, type RawFile, type RepoFile, type Snapshot } from "./snapshot.js";

/** The Hub's parquet-conversion branch. */
export const PARQUET_REVISION = "refs/convert/parquet";

/** The parquet export of a repo: which source files back `{config}/{split}/{NNNN}.parquet`. */
export interface ParquetExport {
  /** config → split → files in shard order (insertion order = config/split order). */
  configs: Map<string, Map<string, RepoFile[]>>;
  /** The virtual `refs/convert/parquet` revision: `.gitattributes` plus `{config}/{split}/{NNNN}.parquet`. */
  snapshot: Snapshot;
}

const SPLIT_RE = /^\w+(\.\w+)*$/;
const IGNORED = new Set(["README.md", "config.json", "dataset_info.json", "dataset_infos.json", "dummy_data.zip", "dataset_dict.json"]);
const DATA_EXT = new Set([
  "parquet",
  "geoparquet",
  "gpq",
  "arrow",
  "csv",
  "tsv",
  "json",
  "jsonl",
  "ndjson",
  "txt",
  "tar",
  "xml",
  "hdf5",
  "h5",
  "lance",
  "eval",
  "conll",
  "conllu",
  "zip",
]);
const KEYWORDS: Array<[string, string[]]> = [
  ["train", ["train", "training"]],
  ["validation", ["validation", "valid", "dev", "val"]],
  ["test", ["test", "testing", "eval", "evaluation"]],
];
const SEP = "[-._ 0-9]";

function isDataFile(p: string): boolean {
  const segs = p.split("/");
  const base = segs[segs.length - 1] as string;
  if (IGNORED.has(base)) return false;
  if (segs.some((s) => s.startsWith(".") || (s.startsWith("__") && s !== base))) return false;
  const parts = base.split(".").slice(1);
  return parts.some((x) => DATA_EXT.has(x.toLowerCase()));
}

function isParquet(p: string): boolean {
  return /\.(parquet|geoparquet|gpq)$/i.test(p);
}

/** Split files by the `datasets` automatic patterns (`datasets/data_files.py`: `DEFAULT_PATTERNS_SPLIT_IN_FILENAME` / `…_IN_DIR_NAME`), under `base` ("" = root). */
export function autoSplits(paths: string[], base = ""): Map<string, string[]> {
  const prefix = base ? `${base.replace(/\/+$/, "")}/` : "";
  const files = paths
    .filter((p) => p.startsWith(prefix) && isDataFile(p))
    .map((p) => p.slice(prefix.length))
    .sort();
  const out = new Map<string, string[]>();
  const add = (split: string, rel: string): void => {
    const list = out.get(split) ?? [];
    list.push(prefix + rel);
    out.set(split, list);
  };
  // 1. sharded push_to_hub layout
  const sharded = /^data\/([^/]+?)-\d{5}-of-\d{5}[^/]*\.[^/]+$/;
  const shardedHits = files.map((f) => [f, sharded.exec(f)?.[1]] as const).filter(([, s]) => s && SPLIT_RE.test(s));
  if (shardedHits.length) {
    const order = (s: string): string =>
      ["train", "validation", "test"].includes(s) ? `0${["train", "validation", "test"].indexOf(s)}` : `1${s}`;
    for (const [f, s] of [...shardedHits].sort(
      (a, b) => order(a[1] as string).localeCompare(order(b[1] as string)) || a[0].localeCompare(b[0]),
    ))
      add(s as string, f);
    return out;
  }
  // 3. split keyword in a directory name; 4. in a file name
  const dirRe = (kw: string): RegExp => new RegExp(`^(?:${kw}|${kw}${SEP}.*|.*${SEP}${kw}|.*${SEP}${kw}${SEP}.*)$`);
  const fileRe = (kw: string): RegExp => new RegExp(`^(?:${kw}${SEP}.*|.*${SEP}${kw}${SEP}.*)$`);
  for (const mode of ["dir", "file"] as const) {
    let any = false;
    for (const [split, kws] of KEYWORDS) {
      const res = kws.map(mode === "dir" ? dirRe : fileRe);
      for (const f of files) {
        const segs = f.split("/");
        const targets = mode === "dir" ? segs.slice(0, -1) : [segs[segs.length - 1] as string];
        if (targets.some((t) => res.some((r) => r.test(t)))) {
          add(split, f);
          any = true;
        }
      }
    }
    if (any) return out;
  }
  // 5. everything is train
  for (const f of files) add("train", f);
  return out;
}

type DataFilesSpec = string | Array<string | { split?: unknown; path?: unknown }> | undefined;

/** Resolve one README `configs:` entry to split → files. */
function configSplits(paths: string[], entry: Record<string, unknown>): Map<string, string[]> {
  const dataDir = typeof entry.data_dir === "string" ? entry.data_dir.replace(/^\/+|\/+$/g, "") : "";
  const spec = entry.data_files as DataFilesSpec;
  if (spec === undefined) return autoSplits(paths, dataDir);
  const bySplit = new Map<string, string[]>();
  const prefix = dataDir ? `${dataDir}/` : "";
  const addPatterns = (split: string, patterns: string[]): void => {
    const hits: string[] = [];
    for (const pat of patterns) {
      const full = prefix + pat.replace(/^\.\//, "");
      const m = picomatch(full, { dot: false });
      for (const p of paths) if ((p === full || m(p)) && !hits.includes(p)) hits.push(p);
    }
    hits.sort();
    if (hits.length) bySplit.set(split, [...(bySplit.get(split) ?? []), ...hits]);
  };
  if (typeof spec === "string") addPatterns("train", [spec]);
  else if (Array.isArray(spec)) {
    const strings = spec.filter((x): x is string => typeof x === "string");
    if (strings.length) addPatterns("train", strings);
    for (const item of spec) {
      if (item && typeof item === "object" && typeof item.split === "string") {
        const p = item.path;
        const pats = typeof p === "string" ? [p] : Array.isArray(p) ? p.filter((x): x is string => typeof x === "string") : [];
        addPatterns(item.split, pats);
      }
    }
  }
  return bySplit;
}

/**
 * Derive the parquet export (`refs/convert/parquet`) of a revision from its README `configs:` (or, without
 * them, the automatic split patterns as config `default`). Only configs whose files are all Parquet are
 * exported (their files are reused as the shards, as the Hub does for Parquet-native datasets).
 * @param main - The `main` snapshot.
 * @returns undefined when no config can be exported.
 */
export function deriveParquetExport(main: Snapshot): ParquetExport | undefined {
  const configs = new Map<string, Map<string, RepoFile[]>>();
  for (const [name, m] of dataConfigs(main)) {
    const all = [...m.values()].flat();
    if (all.every((f) => isParquet(f.path))) configs.set(name, m);
  }
  if (!configs.size) return undefined;
  return buildExport(main, configs);
}

/**
 * Every config of a revision with its splits' data files, whatever their format, from README `configs:` (or the
 * automatic split patterns as config `default`).
 */
export function dataConfigs(main: Snapshot): Map<string, Map<string, RepoFile[]>> {
  const paths = main.files.map((f) => f.path);
  const configs = new Map<string, Map<string, RepoFile[]>>();
  const declared = main.cardData?.configs;
  const entries: Array<[string, Map<string, string[]>]> = [];
  if (Array.isArray(declared) && declared.length) {
    for (const e of declared) {
      if (!e || typeof e !== "object") continue;
      const rec = e as Record<string, unknown>;
      const name = typeof rec.config_name === "string" ? rec.config_name : "default";
      entries.push([name, configSplits(paths, rec)]);
    }
  } else {
    entries.push(["default", autoSplits(paths)]);
  }
  for (const [name, splits] of entries) {
    if (!splits.size || !/^[\w.-]+$/.test(name)) continue;
    const all = [...splits.values()].flat();
    if (!all.length) continue;
    const m = new Map<string, RepoFile[]>();
    for (const [split, files] of splits) {
      if (!SPLIT_RE.test(split)) continue;
      m.set(
        split,
        files.map((p) => main.byPath.get(p) as RepoFile),
      );
    }
    if (m.size) configs.set(name, m);
  }
  return configs;
}

function buildExport(main: Snapshot, configs: Map<string, Map<string, RepoFile[]>>): ParquetExport {
  const ga = Buffer.from(`${DEFAULT_GITATTRIBUTES}\n`);
  const raw: RawFile[] = [
    {
      path: ".gitattributes",
      content: ga,
      size: ga.length,
      mtimeMs: main.lastModified.getTime(),
      sha256: createHash("sha256").update(ga).digest("hex"),
      gitSha1: gitBlobSha1(ga),
      binary: false,
    },
  ];
  for (const [config, splits] of configs) {
    for (const [split, files] of splits) {
      files.forEach((f, i) => {
        const r: RawFile = {
          path: `${config}/${split}/${String(i).padStart(4, "0")}.parquet`,
          size: f.size,
          mtimeMs: f.mtimeMs,
          sha256: f.sha256,
          gitSha1: f.gitSha1,
          binary: true,
          lfs: true,
        };
        if (f.abs !== undefined) r.abs = f.abs;
        raw.push(r);
      });
    }
  }
  const snapshot = buildSnapshot(main.repoId, raw, new LfsRules(), { salt: `${PARQUET_REVISION}\n${main.commit}` });
  return { configs, snapshot };
}

/**
 * Read the config/split layout of an existing `refs/convert/parquet` snapshot (for example one found in an
 * HF cache): files named `{config}/{split}/{NNNN}.parquet`, in shard order.
 * @returns undefined when no file matches the layout.
 */
export function exportFromBranch(branch: Snapshot): ParquetExport | undefined {
  const configs = new Map<string, Map<string, RepoFile[]>>();
  for (const f of branch.files) {
    const m = /^([^/]+)\/([^/]+)\/(\d+)\.parquet$/.exec(f.path);
    if (!m) continue;
    const [, config = "", split = ""] = m;
    const splits = configs.get(config) ?? new Map<string, RepoFile[]>();
    splits.set(split, [...(splits.get(split) ?? []), f]);
    configs.set(config, splits);
  }
  return configs.size ? { configs, snapshot: branch } : undefined;
}

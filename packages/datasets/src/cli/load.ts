import { type Dataset, IterableDataset, loadFiles } from "@crucible/core";
import { loadDataset } from "@crucible/hub";
import { InvalidArgumentError } from "@crucible/types";
import type { CliHubOptions, CliIO } from "./context.js";
import { loadNamed, type NamedRows, parseTarget, pickRows } from "./named.js";
import { outputFormat, writeRecords } from "./output.js";
import { progressBars } from "./progress.js";
import type { Row } from "@crucible/types";

/** Flags of `crucible load` (and `crucible preview`). */
export interface LoadFlags {
  config?: string;
  split?: string;
  revision?: string;
  shuffleSeed?: number;
  skip?: number;
  take?: number;
  format?: string;
  dataFiles?: string[];
  testSize?: number;
}

async function loadLocal(patterns: string[], split: string | undefined): Promise<Dataset<Row>> {
  const dict = await loadFiles(patterns.length === 1 ? (patterns[0] as string) : patterns);
  return dict.get(split ?? dict.splits[0] ?? "train");
}

function checkCount(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 0))
    throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${v}`);
}

async function loadRepo(repo: string, flags: LoadFlags, hub: CliHubOptions): Promise<Dataset<Row>> {
  const base = { ...hub, ...(flags.config ? { config: flags.config } : {}), ...(flags.revision ? { revision: flags.revision } : {}) };
  if (flags.split !== undefined) return loadDataset(repo, { ...base, split: flags.split });
  const dict = await loadDataset(repo, base);
  if (dict.splits.length !== 1) {
    throw new InvalidArgumentError(`${repo} has several splits: pass --split`, {
      repo,
      hint: `Available splits: ${dict.splits.join(", ")}`,
    });
  }
  return dict.get(dict.splits[0] as string);
}

/**
 * The rows a `load`/`preview` command shows: a registered name through its domain loader (typed rows), a repo id
 * through `loadDataset` (raw rows), or `--data-files` through core's `loadFiles`; then `--shuffle-seed` (Python's
 * `shuffle(seed=…)` order), `--skip` and `--take`.
 * @returns The rows, and whether they are a named dataset's (whose `raw` column the flat formats leave out).
 */
export async function selectRows(
  target: string | undefined,
  flags: LoadFlags,
  hub: CliHubOptions,
  io: CliIO,
): Promise<{ rows: Row[]; named: boolean }> {
  checkCount("--skip", flags.skip);
  checkCount("--take", flags.take);
  checkCount("--test-size", flags.testSize);
  const progress = progressBars(io, hub);
  const withProgress = progress.onProgress ? { ...hub, onProgress: progress.onProgress } : hub;
  let ds: NamedRows;
  let named = false;
  try {
    if (flags.dataFiles?.length) {
      ds = await loadLocal(flags.dataFiles, flags.split);
    } else {
      if (!target)
        throw new InvalidArgumentError("Give a dataset name or repo id (crucible list shows the names), or --data-files for local files");
      const t = parseTarget(target);
      if (t.kind === "named") {
        named = true;
        ds = await loadNamed(t.entry, flags, withProgress, io);
      } else {
        if (flags.testSize !== undefined) throw new InvalidArgumentError("--test-size applies to named datasets only (crucible list)");
        ds = await loadRepo(t.repo, flags, withProgress);
      }
    }
  } finally {
    progress.stop();
  }
  if (flags.shuffleSeed !== undefined) {
    if (ds instanceof IterableDataset) throw new InvalidArgumentError("--shuffle-seed needs random access; this dataset is streamed");
    // Python: ds.shuffle(seed=N) — numpy default_rng(N).permutation order (core's Dataset.shuffle).
    ds = ds.shuffle({ seed: flags.shuffleSeed });
  }
  return { rows: await pickRows(ds, flags.skip ?? 0, flags.take), named };
}

/**
 * `crucible load <name|repo>`: prints rows, JSON Lines by default when stdout is not a terminal, a table otherwise
 * (`--format jsonl|json|csv|table`).
 * @returns How many rows were printed.
 */
export async function loadCommand(target: string | undefined, flags: LoadFlags, hub: CliHubOptions, io: CliIO): Promise<number> {
  const format = outputFormat(flags.format, io);
  const { rows, named } = await selectRows(target, flags, hub, io);
  writeRecords(rows, format, io, named ? ["raw"] : []);
  return rows.length;
}

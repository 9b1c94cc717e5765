import { type Dataset, loadFiles } from "@crucible/core";
import { loadDataset } from "@crucible/hub";
import { InvalidArgumentError } from "@crucible/types";
import type { CliHubOptions, CliIO } from "./context.js";
import { toJsonLine } from "@crucible/core";
import { formatTable } from "./serialize.js";

/** Flags of `crucible load`. */
export interface LoadFlags {
  config?: string;
  split?: string;
  revision?: string;
  shuffleSeed?: number;
  skip?: number;
  take?: number;
  format?: "jsonl" | "table";
  dataFiles?: string[];
}

type Row = Record<string, unknown>;

/** Row indices after skip/take (Python: `ds.skip(n).take(m)`). */
function pickIndices(length: number, flags: LoadFlags): number[] {
  const start = Math.min(flags.skip ?? 0, length);
  const end = flags.take === undefined ? length : Math.min(length, start + flags.take);
  return Array.from({ length: end - start }, (_, i) => start + i);
}

async function loadLocal(patterns: string[], split: string | undefined): Promise<Dataset<Row>> {
  const dict = await loadFiles(patterns.length === 1 ? (patterns[0] as string) : patterns);
  return dict.get(split ?? dict.splits[0] ?? "train");
}

function parseCount(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${v}`);
}

/**
 * `crucible load <repo>`: loads one split (or the only split) and prints its rows, JSONL by default when stdout is
 * not a terminal, a table otherwise. `--shuffle-seed` reproduces Python's `shuffle(seed=…)` order.
 * @returns How many rows were printed.
 */
export async function loadCommand(repo: string | undefined, flags: LoadFlags, hub: CliHubOptions, io: CliIO): Promise<number> {
  parseCount("--skip", flags.skip);
  parseCount("--take", flags.take);
  let ds: Dataset<Row>;
  if (flags.dataFiles?.length) {
    ds = await loadLocal(flags.dataFiles, flags.split);
  } else {
    if (!repo) throw new InvalidArgumentError("Give a dataset repo id, or --data-files for local files");
    const base = { ...hub, ...(flags.config ? { config: flags.config } : {}), ...(flags.revision ? { revision: flags.revision } : {}) };
    if (flags.split !== undefined) {
      ds = await loadDataset(repo, { ...base, split: flags.split });
    } else {
      const dict = await loadDataset(repo, base);
      if (dict.splits.length !== 1) {
        throw new InvalidArgumentError(`${repo} has several splits: pass --split`, { repo, hint: `Available splits: ${dict.splits.join(", ")}` });
      }
      ds = dict.get(dict.splits[0] as string);
    }
  }
  // Python: ds.shuffle(seed=N) — numpy default_rng(N).permutation order (core's Dataset.shuffle).
  if (flags.shuffleSeed !== undefined) ds = ds.shuffle({ seed: flags.shuffleSeed });
  const indices = pickIndices(ds.length, flags);
  const format = flags.format ?? (io.stdout.isTTY ? "table" : "jsonl");
  if (format === "table") {
    io.stdout.write(formatTable(indices.map((i) => ds.at(i) as Row)));
  } else {
    let buf = "";
    for (const i of indices) {
      buf += `${toJsonLine(ds.at(i))}\n`;
      if (buf.length > 1 << 16) {
        io.stdout.write(buf);
        buf = "";
      }
    }
    if (buf) io.stdout.write(buf);
  }
  return indices.length;
}

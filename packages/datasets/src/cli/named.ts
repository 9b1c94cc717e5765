import { type Dataset, IterableDataset } from "@crucible/core";
import { InvalidArgumentError, SplitNotFoundError } from "@crucible/types";
import type { DatasetEntry } from "../registry/catalog.js";
import { findEntry, suggestNames } from "../registry/find.js";
import { type DatasetName, LOADERS } from "../registry/loaders.js";
import type { CliHubOptions, CliIO } from "./context.js";

/** What a `<name|repo>` argument is: a registered dataset, or a Hub repo id. */
export type Target = { kind: "named"; entry: DatasetEntry } | { kind: "repo"; repo: string };

/**
 * Reads a `<name|repo>` argument. A registered name (case and separators forgiven) is named; `org/name` is a repo;
 * anything else is an error that lists close names.
 */
export function parseTarget(arg: string): Target {
  const entry = findEntry(arg);
  if (entry) return { kind: "named", entry };
  if (/^[\w.-]+\/[\w.-]+$/.test(arg)) return { kind: "repo", repo: arg };
  const near = suggestNames(arg);
  throw new InvalidArgumentError(
    `${JSON.stringify(arg)} is neither a dataset name nor a Hub repo id${near.length ? ` (did you mean ${near.join(" or ")}?)` : ""}`,
    { hint: "crucible list shows the names; a repo id looks like org/name" },
  );
}

/** Flags of the commands that load a named dataset. */
export interface NamedFlags {
  config?: string;
  split?: string;
  revision?: string;
  testSize?: number;
}

/** Rows of a named load: random access, or a stream (openthoughts3). */
export type NamedRows = Dataset<Record<string, unknown>> | IterableDataset<Record<string, unknown>>;

function configOptions(entry: DatasetEntry, config: string | undefined): Record<string, unknown> {
  if (config === undefined) return {};
  if (entry.name === "mmlu") return { subjects: config === "all" ? "all" : [config] };
  if (entry.name === "hendrycks_math") return { configs: [config] };
  if (entry.name === "gsm8k" || entry.name === "deepcoder") return { config };
  if (entry.configs.includes(config)) return {};
  throw new InvalidArgumentError(`--config: ${entry.name} reads config ${entry.configs.join(", ")} only, got ${JSON.stringify(config)}`);
}

/**
 * Loads a named dataset with the loader's defaults and the given flags. Without `--split`, when the default split is
 * missing on this Hub (e.g. a partial mirror), the first split the Hub has is loaded instead and a note says so.
 * Skipped rows are counted into one note on stderr.
 */
export async function loadNamed(entry: DatasetEntry, flags: NamedFlags, hub: CliHubOptions, io: CliIO): Promise<NamedRows> {
  const skipped = new Map<string, number>();
  const base: Record<string, unknown> = {
    ...hub,
    ...configOptions(entry, flags.config),
    ...(flags.revision ? { revision: flags.revision } : {}),
    ...(flags.testSize !== undefined ? { testSize: flags.testSize } : {}),
    onSkip: (row: { reason: string }) => skipped.set(row.reason, (skipped.get(row.reason) ?? 0) + 1),
  };
  const loader = LOADERS[entry.name as DatasetName] as unknown as (o: object) => Promise<NamedRows>;
  let rows: NamedRows;
  try {
    rows = await loader({ ...base, ...(flags.split !== undefined ? { split: flags.split } : {}) });
  } catch (error) {
    const available = error instanceof SplitNotFoundError ? error.available : [];
    const fallback = entry.splits.find((s) => available.includes(s)) ?? available[0];
    if (flags.split !== undefined || fallback === undefined) throw error;
    io.stderr.write(`note: ${entry.repo} has no default split here; loading --split ${fallback} (available: ${available.join(", ")})\n`);
    rows = await loader({ ...base, split: fallback });
  }
  if (skipped.size > 0) {
    const parts = [...skipped].map(([reason, n]) => `${n} ${reason}`);
    io.stderr.write(`note: ${entry.name}: rows left out as the cookbook does: ${parts.join(", ")}\n`);
  }
  if (
    !(rows instanceof IterableDataset) &&
    rows.length === 0 &&
    flags.split === undefined &&
    flags.testSize === undefined &&
    entry.splits.includes("test")
  ) {
    // e.g. a 114-row copy: the cookbook's 1024-row test set takes every row and leaves train empty.
    io.stderr.write(
      `note: ${entry.name}'s train side is empty here (every row went to the cookbook's ${1024}-row test set); showing --split test (or pass --test-size N)\n`,
    );
    rows = await loader({ ...base, split: "test" });
  }
  if (!(rows instanceof IterableDataset) && rows.length === 0) {
    io.stderr.write(
      `note: ${entry.name} gave 0 rows with these options (a small copy of the data and the cookbook's 1024-row test set? try --split test or --test-size N)\n`,
    );
  }
  return rows;
}

/** The rows at positions `skip .. skip+take` (a stream is read only that far). */
export async function pickRows(
  rows: NamedRows | Dataset<Record<string, unknown>>,
  skip = 0,
  take?: number,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  if (rows instanceof IterableDataset) {
    if (take === 0) return out;
    let i = 0;
    for await (const row of rows) {
      if (i++ < skip) continue;
      out.push(row);
      if (take !== undefined && out.length >= take) break;
    }
    return out;
  }
  const end = take === undefined ? rows.length : Math.min(rows.length, skip + take);
  for (let i = Math.min(skip, rows.length); i < end; i++) out.push(rows.at(i));
  return out;
}

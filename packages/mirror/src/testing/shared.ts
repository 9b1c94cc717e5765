import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Where the optional sample data of crucible's own test suites is, and which parts of it are present. */
export interface SharedData {
  /** `$CRUCIBLE_SHARED_DIR` (crucible's vitest preset sets it to `../shared` beside the repository when unset). */
  dir: string;
  /** `<dir>/hub`: dataset repos in the Hub's layout (`datasets/<org>/<name>/…`) and `EXPECTED.tsv`. */
  hub: string;
  /** Whether `<hub>/datasets` exists. */
  hasHub: boolean;
  /** `<dir>/parquet-corpus`: Parquet files written by other writers. */
  parquetCorpus: string;
}

/**
 * Locates the optional shared sample data. Suites that use it skip, saying so, when it is missing: a fresh clone
 * passes without it. With `CRUCIBLE_SHARED_DIR` unset (outside crucible's vitest preset) nothing is present.
 */
export function sharedData(): SharedData {
  const dir = process.env.CRUCIBLE_SHARED_DIR ?? "";
  const hub = dir ? path.join(dir, "hub") : "";
  return {
    dir,
    hub,
    hasHub: hub !== "" && existsSync(path.join(hub, "datasets")),
    parquetCorpus: dir ? path.join(dir, "parquet-corpus") : "",
  };
}

/** One line of `<hub>/EXPECTED.tsv`: what Python `datasets` loads for one split of the sample hub. */
export interface ExpectedSplit {
  repo: string;
  config: string;
  split: string;
  rows: number;
  columns: string[];
}

/**
 * Reads `<hub>/EXPECTED.tsv` (header line, then `repo, config, split, rows, comma-separated columns`, tab-separated).
 * @param hub - The sample hub folder; default {@link sharedData}`().hub`.
 */
export function readExpectedSplits(hub = sharedData().hub): ExpectedSplit[] {
  const text = readFileSync(path.join(hub, "EXPECTED.tsv"), "utf8");
  return text
    .split("\n")
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [repo, config, split, rows, columns] = l.split("\t");
      return {
        repo: repo as string,
        config: config as string,
        split: split as string,
        rows: Number(rows),
        columns: (columns ?? "").split(","),
      };
    });
}

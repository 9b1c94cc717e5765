import { describeFeature, type Features } from "@crucible/types";
import { loadDataset, parquetFileInfo, resolveRepo } from "@crucible/hub";
import type { CliHubOptions, CliIO } from "./context.js";
import { toJsonLine } from "@crucible/core";

/** What `crucible info --json` prints. */
export interface InfoReport {
  repo: string;
  revision: string;
  sha: string;
  /** True when the Hub could not be reached and this comes from the local cache. */
  fromCache?: boolean;
  defaultConfig: string | null;
  configs: Array<{
    name: string;
    source: string;
    format: string | null;
    splits: Array<{ name: string; rows: number | null; files: Array<{ path: string; size: number | null }> }>;
    features: Record<string, string> | null;
  }>;
}

function describeFeatures(f: Features | undefined): Record<string, string> | null {
  if (!f) return null;
  return Object.fromEntries(
    Object.entries(f).map(([k, v]) => [k, v.kind === "class_label" ? `class_label(${v.names.join(", ")})` : describeFeature(v)]),
  );
}

/**
 * `crucible info <repo>`: configs, splits, files, row counts (README dataset_info, else Parquet footers) and features.
 * @returns The report (also printed: JSON with `--json`, text otherwise).
 */
export async function infoCommand(
  repo: string,
  flags: { json?: boolean; config?: string; revision?: string; count?: boolean; fromCache?: boolean },
  hub: CliHubOptions,
  io: CliIO,
): Promise<InfoReport> {
  const resolved = await resolveRepo(repo, { ...hub, ...(flags.revision ? { revision: flags.revision } : {}) });
  const names = flags.config ? [resolved.config(flags.config).config] : resolved.configNames;
  const report: InfoReport = {
    repo,
    revision: flags.revision ?? "main",
    sha: resolved.sha,
    defaultConfig: resolved.defaultConfig ?? null,
    configs: [],
  };
  if (flags.fromCache) report.fromCache = true;
  for (const name of names) {
    const rc = resolved.config(name);
    let features = rc.features;
    const splits: InfoReport["configs"][number]["splits"] = [];
    for (const [split, files] of Object.entries(rc.splits)) {
      let rows: number | null = rc.numExamples?.[split] ?? null;
      if (rows === null && files.length > 0 && files.every((f) => f.format === "parquet")) {
        let total = 0;
        for (const f of files) {
          const info = await parquetFileInfo(rc, f.path, hub);
          if (!info) {
            total = Number.NaN;
            break;
          }
          total += info.numRows;
          features ??= info.features;
        }
        rows = Number.isNaN(total) ? null : total;
      }
      if (rows === null && flags.count) {
        // Formats without a row count in their metadata (JSON, CSV, text): load the split and count.
        rows = (await loadDataset(repo, { ...hub, revision: rc.sha, config: name, split })).length;
      }
      splits.push({ name: split, rows, files: files.map((f) => ({ path: f.path, size: f.size ?? null })) });
    }
    if (!features) {
      const first = Object.values(rc.splits)
        .flat()
        .find((f) => f.format === "parquet");
      if (first) features = (await parquetFileInfo(rc, first.path, hub).catch(() => undefined))?.features;
    }
    report.configs.push({ name, source: rc.source, format: rc.module ?? null, splits, features: describeFeatures(features) });
  }
  if (flags.json) {
    io.stdout.write(`${toJsonLine(report)}\n`);
    return report;
  }
  const lines: string[] = [`${repo} @ ${report.revision} (${report.sha})${flags.fromCache ? " (from cache)" : ""}`];
  if (report.defaultConfig) lines.push(`default config: ${report.defaultConfig}`);
  for (const c of report.configs) {
    lines.push("", `config ${c.name} [${c.format ?? "?"}, from ${c.source}]`);
    for (const s of c.splits) {
      lines.push(`  ${s.name}: ${s.rows ?? "?"} rows, ${s.files.length} file${s.files.length === 1 ? "" : "s"}`);
      for (const f of s.files) lines.push(`    ${f.path}${f.size !== null ? ` (${f.size} bytes)` : ""}`);
    }
    if (c.features) {
      lines.push("  features:");
      for (const [k, v] of Object.entries(c.features)) lines.push(`    ${k}: ${v}`);
    }
  }
  io.stdout.write(`${lines.join("\n")}\n`);
  return report;
}

/** Markdown leaderboard export. */
import { byMetricDesc, formatMetric, groupBy, metricNames, type ExportableResult } from "./common.js";

/** Options of {@link toMarkdown}. */
export interface MarkdownOptions {
  /** Heading. Default `"Evaluation results"`. */
  title?: string;
  /** Metric to rank by. Default the first metric found. */
  rankBy?: string;
  /** Metric columns. Default every metric found. */
  metrics?: string[];
  /** One table per model or per dataset, or a single table. Default `"none"`. */
  groupBy?: "none" | "model" | "dataset";
}

/**
 * Escapes text for a Markdown table cell: backslash-escapes Markdown punctuation and `|`, turns `<`, `>` and `&`
 * into entities (no raw HTML), and newlines into spaces.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r\n|\r|\n/g, " ");
}

function table(results: readonly ExportableResult[], metrics: string[], rankBy: string | undefined): string[] {
  const head = ["Rank", "Model", "Dataset", ...metrics.map(markdownCell), "Answered", "Duration (s)", "Started"];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map((_, i) => (i >= 3 && i < 3 + metrics.length ? "---:" : "---")).join(" | ")} |`];
  byMetricDesc(results, rankBy).forEach((r, i) => {
    const cells = [
      String(i + 1),
      markdownCell(r.model),
      markdownCell(r.dataset),
      ...metrics.map((m) => formatMetric(r.metrics[m])),
      `${r.coverage.answered}/${r.coverage.total}`,
      (r.timing.durationMs / 1000).toFixed(2),
      markdownCell(r.timing.startedAt.slice(0, 10)),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  });
  return lines;
}

/**
 * Renders a leaderboard in Markdown: a title, a one-line summary, and a ranked table (or one per group).
 * @param results - Results.
 * @param options - Title, ranking metric (default first), metric columns (default all), grouping (default none).
 * @returns Markdown text ending with a newline.
 */
export function toMarkdown(results: readonly ExportableResult[], options: MarkdownOptions = {}): string {
  const metrics = options.metrics ?? metricNames(results);
  const rankBy = options.rankBy ?? metrics[0];
  const out = [`# ${markdownCell(options.title ?? "Evaluation results")}`, ""];
  const models = new Set(results.map((r) => r.model)).size;
  const datasets = new Set(results.map((r) => r.dataset)).size;
  out.push(`${results.length} results, ${models} models, ${datasets} datasets${rankBy ? `; ranked by ${markdownCell(rankBy)}` : ""}.`, "");
  const grouping = options.groupBy ?? "none";
  if (grouping === "none") out.push(...table(results, metrics, rankBy), "");
  else {
    for (const [name, group] of groupBy(results, grouping)) {
      out.push(`## ${grouping === "model" ? "Model" : "Dataset"}: ${markdownCell(name)}`, "", ...table(group, metrics, rankBy), "");
    }
  }
  return out.join("\n");
}

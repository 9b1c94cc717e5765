/** Self-contained HTML report: inline CSS, escaped text, a bar chart in inline SVG, no scripts. */
import { byMetricDesc, formatMetric, metricNames, type ExportableResult } from "./common.js";

/** Options of {@link toHtml}. */
export interface HtmlOptions {
  /** Page title and heading. Default `"Evaluation report"`. */
  title?: string;
  /** Metric shown in the chart and used for ranking. Default the first metric found. */
  metric?: string;
  /** Metric columns of the table. Default every metric found. */
  metrics?: string[];
  /** Colour theme. Default `"light"`. */
  theme?: "light" | "dark";
}

/**
 * Escapes text for HTML element content and quoted attribute values (`& < > " '`).
 * @param text - Any text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Mean of `metric` per model (results without the metric are skipped), best first. */
function perModel(results: readonly ExportableResult[], metric: string): Array<{ model: string; value: number; runs: number }> {
  const acc = new Map<string, { sum: number; runs: number }>();
  for (const r of results) {
    const v = r.metrics[metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    const a = acc.get(r.model) ?? { sum: 0, runs: 0 };
    a.sum += v;
    a.runs += 1;
    acc.set(r.model, a);
  }
  return [...acc].map(([model, a]) => ({ model, value: a.sum / a.runs, runs: a.runs })).sort((x, y) => y.value - x.value);
}

/**
 * Renders the bar chart (one horizontal bar per model: the mean of `metric` over its results) as inline SVG.
 * @param results - Results.
 * @param metric - Metric to chart.
 * @returns An `<svg>` element as text (empty-state text when no result has the metric).
 */
export function barChartSvg(results: readonly ExportableResult[], metric: string): string {
  const bars = perModel(results, metric);
  const labelW = 220;
  const barW = 380;
  const rowH = 28;
  const width = labelW + barW + 90;
  const height = Math.max(1, bars.length) * rowH + 40;
  const max = Math.max(bars.every((b) => b.value <= 1) ? 1 : 0, ...bars.map((b) => b.value), Number.MIN_VALUE);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${escapeHtml(`${metric} per model`)}">`,
    `<title>${escapeHtml(`${metric} per model (mean over runs)`)}</title>`,
    `<text x="0" y="16" class="axis">${escapeHtml(metric)} — mean per model</text>`,
  ];
  if (bars.length === 0) parts.push(`<text x="0" y="44" class="axis">no results with this metric</text>`);
  bars.forEach((b, i) => {
    const y = 28 + i * rowH;
    const w = Math.max(1, Math.round((Math.max(0, b.value) / max) * barW));
    const label = b.model.length > 32 ? `${b.model.slice(0, 31)}…` : b.model;
    parts.push(
      `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end" class="label">${escapeHtml(label)}</text>`,
      `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" rx="3" class="bar"><title>${escapeHtml(`${b.model}: ${formatMetric(b.value)} (${b.runs} run${b.runs === 1 ? "" : "s"})`)}</title></rect>`,
      `<text x="${labelW + w + 6}" y="${y + 17}" class="value">${formatMetric(b.value)}</text>`,
    );
  });
  parts.push(`</svg>`);
  return parts.join("\n");
}

const CSS = {
  light: { bg: "#ffffff", fg: "#1f2328", muted: "#59636e", line: "#d1d9e0", bar: "#2f6feb", head: "#f6f8fa" },
  dark: { bg: "#0d1117", fg: "#e6edf3", muted: "#9198a1", line: "#3d444d", bar: "#4493f8", head: "#151b23" },
};

/**
 * Renders a standalone HTML report: title, summary, a bar chart of the chosen metric per model, and a ranked table.
 * Every piece of text from the results is HTML-escaped; the page has no script and a Content-Security-Policy that
 * forbids scripts, so hostile model or dataset names render as text.
 * @param results - Results.
 * @param options - Title, chart metric (default first), table metrics (default all), theme (default light).
 * @returns The HTML document.
 */
export function toHtml(results: readonly ExportableResult[], options: HtmlOptions = {}): string {
  const metrics = options.metrics ?? metricNames(results);
  const metric = options.metric ?? metrics[0];
  const title = options.title ?? "Evaluation report";
  const c = CSS[options.theme ?? "light"];
  const ranked = byMetricDesc(results, metric);
  const rows = ranked
    .map((r, i) => {
      const cells = [
        String(i + 1),
        escapeHtml(r.model),
        escapeHtml(r.dataset),
        ...metrics.map((m) => formatMetric(r.metrics[m])),
        `${r.coverage.answered}/${r.coverage.total}`,
        (r.timing.durationMs / 1000).toFixed(2),
        escapeHtml(r.timing.startedAt),
        escapeHtml((r.tags ?? []).join(", ")),
      ];
      return `<tr>${cells.map((x, j) => `<td${j >= 3 && j < 3 + metrics.length ? ' class="num"' : ""}>${x}</td>`).join("")}</tr>`;
    })
    .join("\n");
  const models = new Set(results.map((r) => r.model)).size;
  const datasets = new Set(results.map((r) => r.dataset)).size;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { background: ${c.bg}; color: ${c.fg}; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 6px; }
.summary { color: ${c.muted}; margin-bottom: 18px; }
table { border-collapse: collapse; margin-top: 18px; }
th, td { border: 1px solid ${c.line}; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: ${c.head}; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart .bar { fill: ${c.bar}; }
.chart text { fill: ${c.fg}; font: 12px system-ui, sans-serif; }
.chart .axis { fill: ${c.muted}; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="summary">${results.length} results · ${models} models · ${datasets} datasets${metric ? ` · ranked by ${escapeHtml(metric)}` : ""}</p>
${metric ? barChartSvg(results, metric) : ""}
<table>
<thead><tr><th>Rank</th><th>Model</th><th>Dataset</th>${metrics.map((m) => `<th>${escapeHtml(m)}</th>`).join("")}<th>Answered</th><th>Duration (s)</th><th>Started</th><th>Tags</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

// The Statistics tab: one card per column with its chart.
import { getJson } from "./api.js";
import { bars, histogram } from "./charts.js";
import { h } from "./dom.js";

interface ColumnStats {
  column_name: string;
  column_type: string;
  column_statistics: Record<string, unknown>;
}

/** Fetch and render `/statistics` of a split. */
export async function renderStatistics(params: { dataset: string; config: string; split: string }): Promise<HTMLElement> {
  const body = await getJson<{ num_examples: number; statistics: ColumnStats[] }>("/statistics", params);
  const grid = h("div", { class: "stats-grid" });
  for (const c of body.statistics) {
    const s = c.column_statistics;
    const card = h(
      "section",
      { class: "card stat", "data-col": c.column_name },
      h("h3", {}, c.column_name, " ", h("span", { class: "badge" }, c.column_type)),
      h("div", { class: "muted" }, `null: ${String(s.nan_count)} (${(100 * Number(s.nan_proportion ?? 0)).toFixed(1)} %)`),
    );
    const hist = s.histogram as { hist: number[]; bin_edges: number[] } | null | undefined;
    if (hist) {
      const what = c.column_type === "string_text" ? "text length" : c.column_type === "list" ? "list length" : "value";
      card.appendChild(
        h(
          "div",
          { class: "muted" },
          `${what}: min ${String(s.min)} · max ${String(s.max)} · mean ${String(s.mean)} · median ${String(s.median)} · std ${String(s.std)}`,
        ),
      );
      card.appendChild(histogram(hist.hist, hist.bin_edges, `${c.column_name}: ${what} histogram`));
    }
    const freq = s.frequencies as Record<string, number> | undefined;
    if (freq) {
      card.appendChild(
        bars(
          Object.entries(freq).sort((a, b) => b[1] - a[1]),
          `${c.column_name}: top values`,
        ),
      );
    }
    grid.appendChild(card);
  }
  return h("div", {}, h("p", { class: "muted" }, `${body.num_examples} rows`), grid);
}

// The Results tab: evaluation runs from the result store, metrics as charts, and one run's per-item predictions.
import { getJson } from "./api.js";
import { bars } from "./charts.js";
import { clear, h } from "./dom.js";

interface Summary {
  id: string;
  createdAt: string;
  model: string;
  dataset: string;
  metrics: Record<string, number>;
  coverage: { total: number; answered: number };
}

interface Item {
  id: string;
  answered: boolean;
  scores: Record<string, number>;
  prediction?: string;
  reference?: unknown;
}

/** Items of one run shown per page. */
const ITEMS_PER_PAGE = 100;

/** The list of runs with a chart per metric; `open(id)` shows a run's items. */
export async function renderResults(open: (id: string) => void): Promise<HTMLElement> {
  const { results } = await getJson<{ results: Summary[] }>("/viewer-api/results", { limit: 500 });
  const root = h("div", { class: "results" });
  if (!results.length) {
    root.appendChild(h("p", { class: "muted" }, "The result store holds no runs yet."));
    return root;
  }
  const metrics = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))].sort();
  const charts = h("div", { class: "stats-grid" });
  for (const m of metrics) {
    // latest run per model × dataset
    const latest = new Map<string, number>();
    for (const r of results) {
      const key = `${r.model} · ${r.dataset}`;
      const v = r.metrics[m];
      if (v !== undefined && !latest.has(key)) latest.set(key, v);
    }
    charts.appendChild(
      h(
        "section",
        { class: "card stat", "data-col": m },
        h("h3", {}, m),
        bars(
          [...latest].sort((a, b) => b[1] - a[1]),
          `${m} by model and dataset`,
          20,
          (n) => n.toFixed(3),
        ),
      ),
    );
  }
  root.appendChild(charts);
  const table = h("table", { class: "grid" });
  table.appendChild(
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, "run"),
        h("th", {}, "model"),
        h("th", {}, "dataset"),
        h("th", {}, "metrics"),
        h("th", {}, "answered"),
        h("th", {}, "when"),
      ),
    ),
  );
  const tbody = h("tbody", {});
  for (const r of results) {
    const btn = h("button", { type: "button", class: "link" }, r.id.slice(0, 12));
    btn.addEventListener("click", () => open(r.id));
    tbody.appendChild(
      h(
        "tr",
        {},
        h("td", {}, btn),
        h("td", {}, r.model),
        h("td", {}, r.dataset),
        h(
          "td",
          {},
          Object.entries(r.metrics)
            .map(([k, v]) => `${k}=${v.toFixed(4)}`)
            .join("  "),
        ),
        h("td", {}, `${r.coverage.answered}/${r.coverage.total}`),
        h("td", {}, r.createdAt),
      ),
    );
  }
  table.appendChild(tbody);
  root.appendChild(table);
  return root;
}

/** One run: its metrics and a paginated table of items (prediction, reference, scores). */
export async function renderRun(id: string, back: () => void): Promise<HTMLElement> {
  const run = await getJson<Summary & { items: Item[] }>(`/viewer-api/results/${encodeURIComponent(id)}`);
  const root = h("div", { class: "run" });
  const backBtn = h("button", { type: "button" }, "← all runs");
  backBtn.addEventListener("click", back);
  root.appendChild(
    h(
      "div",
      { class: "toolbar" },
      backBtn,
      h("strong", {}, ` ${run.model} on ${run.dataset}`),
      h("span", { class: "muted" }, ` ${run.createdAt}`),
    ),
  );
  root.appendChild(bars(Object.entries(run.metrics), "metrics", 20, (n) => n.toFixed(4)));
  const only = h(
    "select",
    { "aria-label": "show items" },
    h("option", { value: "all" }, "all items"),
    h("option", { value: "wrong" }, "failed items"),
    h("option", { value: "right" }, "passed items"),
  );
  const holder = h("div", {});
  let page = 0;
  const metric = Object.keys(run.metrics)[0];
  const draw = (): void => {
    const items = run.items.filter((it) => {
      const s = metric ? (it.scores[metric] ?? 0) : 0;
      return only.value === "all" || (only.value === "wrong" ? s < 1 : s >= 1);
    });
    clear(holder);
    const table = h("table", { class: "grid items" });
    table.appendChild(
      h("thead", {}, h("tr", {}, h("th", {}, "id"), h("th", {}, "scores"), h("th", {}, "prediction"), h("th", {}, "reference"))),
    );
    const tbody = h("tbody", {});
    for (const it of items.slice(page * ITEMS_PER_PAGE, (page + 1) * ITEMS_PER_PAGE)) {
      tbody.appendChild(
        h(
          "tr",
          { class: it.answered ? "" : "unanswered" },
          h("td", {}, it.id),
          h(
            "td",
            {},
            Object.entries(it.scores)
              .map(([k, v]) => `${k}=${v}`)
              .join(" "),
          ),
          h("td", {}, h("div", { class: "full" }, it.prediction ?? "(no prediction)")),
          h("td", {}, h("div", { class: "full" }, typeof it.reference === "string" ? it.reference : JSON.stringify(it.reference ?? null))),
        ),
      );
    }
    table.appendChild(tbody);
    const prev = h("button", { type: "button", disabled: page === 0 }, "‹ prev");
    const next = h("button", { type: "button", disabled: (page + 1) * ITEMS_PER_PAGE >= items.length }, "next ›");
    prev.addEventListener("click", () => {
      page--;
      draw();
    });
    next.addEventListener("click", () => {
      page++;
      draw();
    });
    holder.appendChild(h("div", { class: "toolbar" }, prev, next, h("span", { class: "muted" }, ` ${items.length} items`)));
    holder.appendChild(table);
  };
  only.addEventListener("change", () => {
    page = 0;
    draw();
  });
  root.appendChild(h("div", { class: "toolbar" }, only));
  root.appendChild(holder);
  draw();
  return root;
}

// The viewer page: repo → config → split pickers, rows (table or domain cards) with search, filter and sort,
// column statistics, and evaluation results. State lives in the URL query, so every view is a link.
import "katex/dist/katex.min.css";
import "./style.css";
import { ApiError, getJson, type RowsPage } from "./api.js";
import { describeType, renderCell } from "./cells.js";
import { clear, h } from "./dom.js";
import { detectShape } from "./domain.js";
import { renderResults, renderRun } from "./results.js";
import { renderStatistics } from "./stats.js";

interface DatasetEntry {
  dataset: string;
  configs: Array<{ config: string; splits: string[]; files: Array<{ split: string; path: string; size: number }> }>;
}

type Tab = "rows" | "stats" | "results";
const PAGE = 100;
const KEYS = ["dataset", "config", "split", "tab", "view", "offset", "q", "where", "orderby", "run"] as const;
type State = Partial<Record<(typeof KEYS)[number], string>>;

function readState(): State {
  const q = new URLSearchParams(location.search);
  const s: State = {};
  for (const k of KEYS) {
    const v = q.get(k);
    if (v !== null && v !== "") s[k] = v;
  }
  return s;
}

let state: State = readState();

function go(patch: State, push = true): void {
  state = { ...state, ...patch };
  for (const k of KEYS) if (state[k] === undefined || state[k] === "") delete state[k];
  const q = new URLSearchParams(state as Record<string, string>);
  const url = `${location.pathname}?${q}`;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  void render();
}

window.addEventListener("popstate", () => {
  state = readState();
  void render();
});

const app = document.getElementById("app") as HTMLElement;
let datasets: string[] | undefined;
const described = new Map<string, Promise<DatasetEntry>>();
let renderSeq = 0;

function errorBox(err: unknown): HTMLElement {
  const msg =
    err instanceof ApiError
      ? `${err.message} (${err.status}${err.code ? ` ${err.code}` : ""})`
      : err instanceof Error
        ? err.message
        : String(err);
  return h("div", { class: "error", role: "alert" }, msg);
}

function select(label: string, values: string[], current: string | undefined, onChange: (v: string) => void): HTMLElement {
  const sel = h("select", { "aria-label": label, name: label });
  for (const v of values) {
    const o = h("option", { value: v }, v);
    if (v === current) o.selected = true;
    sel.appendChild(o);
  }
  sel.addEventListener("change", () => onChange(sel.value));
  return h("label", { class: "picker" }, h("span", {}, label), sel);
}

async function render(): Promise<void> {
  const seq = ++renderSeq;
  if (!app.firstChild)
    app.appendChild(h("header", { class: "top" }, h("h1", {}, "crucible viewer"), h("span", { class: "muted loading" }, "Loading…")));
  const tab: Tab = state.tab === "stats" || state.tab === "results" ? state.tab : "rows";
  let entry: DatasetEntry | undefined;
  try {
    datasets ??= (await getJson<{ datasets: string[] }>("/viewer-api/datasets")).datasets;
    const wanted = state.dataset ?? (tab === "results" ? undefined : datasets[0]);
    if (wanted) {
      let p = described.get(wanted);
      if (!p) {
        p = getJson<DatasetEntry>("/viewer-api/datasets", { dataset: wanted });
        described.set(wanted, p);
        p.catch(() => described.delete(wanted));
      }
      entry = await p;
    }
  } catch (err) {
    if (seq !== renderSeq) return;
    clear(app);
    app.appendChild(errorBox(err));
    app.dataset.ready = "true";
    return;
  }
  if (seq !== renderSeq) return;
  const dataset = entry?.dataset ?? state.dataset;
  const configEntry = entry?.configs.find((c) => c.config === state.config) ?? entry?.configs[0];
  const config = configEntry?.config;
  const split = configEntry?.splits.includes(state.split ?? "") ? state.split : configEntry?.splits[0];

  const header = h(
    "header",
    { class: "top" },
    h("h1", {}, "crucible viewer"),
    select("dataset", dataset && !datasets.includes(dataset) ? [dataset, ...datasets] : datasets, dataset, (v) =>
      go({ dataset: v, config: undefined, split: undefined, offset: undefined, q: undefined, where: undefined, orderby: undefined }),
    ),
    configEntry
      ? select("config", entry?.configs.map((c) => c.config) ?? [], config, (v) => go({ config: v, split: undefined, offset: undefined }))
      : null,
    configEntry ? select("split", configEntry.splits, split, (v) => go({ split: v, offset: undefined })) : null,
  );
  const tabs = h("nav", { class: "tabs", role: "tablist" });
  for (const [id, label] of [
    ["rows", "Rows"],
    ["stats", "Statistics"],
    ["results", "Results"],
  ] as const) {
    const b = h("button", { type: "button", role: "tab", "aria-selected": String(tab === id), "data-tab": id }, label);
    b.addEventListener("click", () => go({ tab: id === "rows" ? undefined : id, run: undefined }));
    tabs.appendChild(b);
  }
  header.appendChild(tabs);
  const main = h("main", {}, h("p", { class: "muted loading" }, "Loading…"));
  clear(app);
  app.append(header, main);

  let body: HTMLElement;
  try {
    if (tab === "results") {
      body = state.run ? await renderRun(state.run, () => go({ run: undefined })) : await renderResults((id) => go({ run: id }));
    } else if (!dataset || !config || !split) {
      body = h(
        "div",
        { class: "error", role: "alert" },
        dataset ? `${dataset} has no Parquet config the viewer can read.` : "The mirror serves no dataset.",
      );
    } else if (tab === "stats") {
      body = await renderStatistics({ dataset, config, split });
      const files = configEntry?.files.filter((f) => f.split === split) ?? [];
      body.appendChild(
        h(
          "section",
          { class: "files" },
          h("h3", {}, "Files"),
          h("ul", {}, ...files.map((f) => h("li", {}, h("code", {}, f.path), ` ${f.size.toLocaleString("en-US")} bytes`))),
        ),
      );
    } else {
      body = await renderRows(dataset, config, split);
    }
  } catch (err) {
    body = errorBox(err);
  }
  if (seq !== renderSeq) return;
  clear(main);
  main.appendChild(body);
  app.dataset.ready = "true";
}

async function renderRows(dataset: string, config: string, split: string): Promise<HTMLElement> {
  const offset = Math.max(0, Number(state.offset ?? 0) || 0);
  const params = { dataset, config, split, offset, length: PAGE };
  const page = state.q
    ? await getJson<RowsPage>("/search", { ...params, query: state.q })
    : state.where || state.orderby
      ? await getJson<RowsPage>("/filter", { ...params, where: state.where, orderby: state.orderby })
      : await getJson<RowsPage>("/rows", params);

  const search = h("input", {
    type: "search",
    placeholder: "Search text columns  ( / )",
    "aria-label": "search",
    value: state.q ?? "",
    id: "search",
    spellcheck: false,
  });
  const where = h("input", {
    type: "text",
    placeholder: `filter, e.g. "score" > 0.5 AND "label" = 1`,
    "aria-label": "filter",
    value: state.where ?? "",
    id: "where",
    spellcheck: false,
  });
  const searchForm = h("form", { class: "search", role: "search" }, search, h("button", { type: "submit" }, "Search"));
  searchForm.addEventListener("submit", (e) => {
    e.preventDefault();
    go({ q: search.value.trim() || undefined, where: undefined, orderby: undefined, offset: undefined });
  });
  const filterForm = h("form", { class: "filter" }, where, h("button", { type: "submit" }, "Filter"));
  filterForm.addEventListener("submit", (e) => {
    e.preventDefault();
    go({ where: where.value.trim() || undefined, q: undefined, offset: undefined });
  });
  const reset = h("button", { type: "button", disabled: !(state.q || state.where || state.orderby) }, "Clear");
  reset.addEventListener("click", () => go({ q: undefined, where: undefined, orderby: undefined, offset: undefined }));

  const total = page.num_rows_total;
  const last = Math.max(0, Math.floor((total - 1) / PAGE) * PAGE);
  const pager = h("div", { class: "pager" });
  const nav = (label: string, to: number, disabled: boolean, id: string): void => {
    const b = h("button", { type: "button", disabled, id, "aria-label": id }, label);
    b.addEventListener("click", () => go({ offset: to ? String(to) : undefined }));
    pager.appendChild(b);
  };
  nav("«", 0, offset === 0, "first-page");
  nav("‹", Math.max(0, offset - PAGE), offset === 0, "prev-page");
  pager.appendChild(
    h(
      "span",
      { class: "count", id: "row-count" },
      total ? `rows ${offset + 1}–${Math.min(total, offset + page.rows.length)} of ${total.toLocaleString("en-US")}` : "no rows",
    ),
  );
  nav("›", offset + PAGE, offset + PAGE >= total, "next-page");
  nav("»", last, offset >= last, "last-page");

  const shape = detectShape(page.features);
  const view = shape && state.view !== "table" ? "cards" : "table";
  const toggle = shape ? h("button", { type: "button", id: "toggle-view" }, view === "cards" ? "Table view" : `${shape.kind} view`) : null;
  toggle?.addEventListener("click", () => go({ view: view === "cards" ? "table" : undefined }));

  const toolbar = h("div", { class: "toolbar" }, searchForm, filterForm, reset, toggle, pager);
  let content: HTMLElement;
  if (view === "cards" && shape) {
    content = h("div", { class: "cards", "data-kind": shape.kind });
    for (const r of page.rows) {
      const card = shape.render(r);
      const wrap = h(
        "div",
        { class: "row-item", tabindex: 0, "data-row": r.row_idx },
        h("div", { class: "row-idx muted" }, `#${r.row_idx}`),
        card,
      );
      content.appendChild(wrap);
    }
  } else {
    content = h("table", { class: "grid" });
    const tr = h("tr", {}, h("th", {}, "#"));
    for (const f of page.features) {
      const sorted = /^"?(.+?)"?\s+(ASC|DESC)$/i.exec(state.orderby ?? "");
      const dir = sorted?.[1] === f.name ? (sorted[2] ?? "").toUpperCase() : undefined;
      const th = h(
        "th",
        { "aria-sort": dir === "ASC" ? "ascending" : dir === "DESC" ? "descending" : undefined },
        h("button", { type: "button", class: "link sort", title: "sort" }, f.name),
        h("div", { class: "type" }, describeType(f.type)),
      );
      th.querySelector("button")?.addEventListener("click", () => {
        const next = dir === "ASC" ? "DESC" : "ASC";
        go({ orderby: `"${f.name.replace(/"/g, '""')}" ${next}`, q: undefined, offset: undefined });
      });
      tr.appendChild(th);
    }
    content.appendChild(h("thead", {}, tr));
    const tbody = h("tbody", {});
    for (const r of page.rows) {
      const row = h("tr", { class: "row-item", tabindex: 0, "data-row": r.row_idx }, h("td", { class: "muted" }, r.row_idx));
      for (const f of page.features) row.appendChild(h("td", {}, renderCell(r.row[f.name], f.type, r.truncated_cells.includes(f.name))));
      tbody.appendChild(row);
    }
    content.appendChild(tbody);
  }
  const note = state.q
    ? `search: ${state.q}`
    : state.where || state.orderby
      ? `filter: ${state.where ?? ""} ${state.orderby ? `order by ${state.orderby}` : ""}`
      : "";
  return h(
    "div",
    { class: "rows" },
    toolbar,
    note ? h("p", { class: "muted" }, note) : null,
    page.rows.length ? content : h("p", { class: "muted" }, "No rows."),
  );
}

// Keyboard: "/" search, j/k or arrows move between rows, Enter opens a row's folded cells, n/p change page.
document.addEventListener("keydown", (e) => {
  const target = e.target as HTMLElement;
  const typing = target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA";
  if (typing) {
    if (e.key === "Escape") target.blur();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const rows = [...document.querySelectorAll<HTMLElement>(".row-item")];
  const at = rows.indexOf(target.closest(".row-item") as HTMLElement);
  const focusRow = (i: number): void => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
    r?.focus();
    r?.scrollIntoView({ block: "nearest" });
  };
  if (e.key === "/") {
    e.preventDefault();
    document.getElementById("search")?.focus();
  } else if (e.key === "j" || e.key === "ArrowDown") {
    e.preventDefault();
    focusRow(at + 1);
  } else if (e.key === "k" || e.key === "ArrowUp") {
    e.preventDefault();
    focusRow(at < 0 ? 0 : at - 1);
  } else if (e.key === "Enter" && at >= 0 && target === rows[at]) {
    const details = [...(rows[at]?.querySelectorAll("details") ?? [])];
    const open = !details.every((d) => d.open);
    for (const d of details) d.open = open;
  } else if (e.key === "n" || e.key === "PageDown") {
    (document.getElementById("next-page") as HTMLButtonElement | null)?.click();
  } else if (e.key === "p" || e.key === "PageUp") {
    (document.getElementById("prev-page") as HTMLButtonElement | null)?.click();
  }
});

void render();

// Small SVG charts: vertical histograms and horizontal bar charts. Labels are SVG text nodes.
import { h, svg } from "./dom.js";

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** A histogram: `hist[i]` values between `edges[i]` and `edges[i+1]`. */
export function histogram(hist: number[], edges: number[], title: string): HTMLElement {
  const W = 320;
  const H = 120;
  const max = Math.max(1, ...hist);
  const bw = W / Math.max(1, hist.length);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H + 18}`, width: W, height: H + 18, role: "img", class: "chart histogram" });
  chart.appendChild(svg("title", {}, title));
  hist.forEach((n, i) => {
    const bh = Math.round((n / max) * H);
    const r = svg("rect", { x: i * bw + 1, y: H - bh, width: Math.max(1, bw - 2), height: bh, class: "bar" });
    r.appendChild(svg("title", {}, `${fmt(edges[i] ?? 0)} – ${fmt(edges[i + 1] ?? 0)}: ${n}`));
    chart.appendChild(r);
  });
  chart.appendChild(svg("text", { x: 0, y: H + 14, class: "axis" }, fmt(edges[0] ?? 0)));
  chart.appendChild(svg("text", { x: W, y: H + 14, class: "axis", "text-anchor": "end" }, fmt(edges[edges.length - 1] ?? 0)));
  return h("div", { class: "chart-box" }, chart as unknown as HTMLElement);
}

/** Horizontal bars, largest first (at most `limit`). */
export function bars(entries: Array<[string, number]>, title: string, limit = 12, format: (n: number) => string = fmt): HTMLElement {
  const shown = entries.slice(0, limit);
  const W = 320;
  const row = 18;
  const max = Math.max(1e-12, ...shown.map((e) => Math.abs(e[1])));
  const chart = svg("svg", {
    viewBox: `0 0 ${W} ${shown.length * row + 4}`,
    width: W,
    height: shown.length * row + 4,
    role: "img",
    class: "chart bars",
  });
  chart.appendChild(svg("title", {}, title));
  shown.forEach(([label, n], i) => {
    const bw = Math.max(1, Math.round((Math.abs(n) / max) * (W - 150)));
    chart.appendChild(svg("text", { x: 0, y: i * row + 13, class: "label" }, label.length > 18 ? `${label.slice(0, 17)}…` : label));
    const r = svg("rect", { x: 110, y: i * row + 3, width: bw, height: row - 6, class: "bar" });
    r.appendChild(svg("title", {}, `${label}: ${format(n)}`));
    chart.appendChild(r);
    chart.appendChild(svg("text", { x: 114 + bw, y: i * row + 13, class: "value" }, format(n)));
  });
  const box = h("div", { class: "chart-box" }, chart as unknown as HTMLElement);
  if (entries.length > limit) box.appendChild(h("div", { class: "muted" }, `+ ${entries.length - limit} more`));
  return box;
}

/** CSV export (RFC 4180: CRLF records, fields quoted when they hold `,` `"` CR or LF, quotes doubled). */
import { csvField } from "@crucible/core";
import { metricNames, type ExportableResult } from "./common.js";

/** Options of {@link toCsv}. */
export interface CsvOptions {
  /** One row per item instead of one row per result. Default `false`. */
  items?: boolean;
  /** Metric columns. Default every metric found, in first-seen order. */
  metrics?: string[];
  /**
   * Prefix text cells that start with `=`, `+`, `-`, `@`, TAB or CR with `'` so spreadsheets do not run them as
   * formulas (OWASP CSV injection). Numbers are never changed. Default `true`.
   */
  protectFormulas?: boolean;
}

function cell(v: unknown, protect: boolean): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "true" : "false";
  let s = typeof v === "string" ? v : JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
  if (protect && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return csvField(s);
}

/**
 * Renders results as CSV.
 * Result rows: `id,model,dataset,started_at,duration_ms,total,answered,missing,unknown_predictions,tags,<metrics…>`.
 * Item rows (`items: true`): `result_id,model,dataset,item_id,answered,<metrics…>,prediction,reference` (reference as JSON).
 * @param results - Results (full or summaries; item mode skips results without items).
 * @param options - Item mode (default off), metric columns (default all), formula protection (default on).
 * @returns The CSV text, header first, CRLF line endings, ending with CRLF.
 */
export function toCsv(results: readonly ExportableResult[], options: CsvOptions = {}): string {
  const metrics = options.metrics ?? metricNames(results);
  const protect = options.protectFormulas ?? true;
  const rows: string[] = [];
  const line = (cells: unknown[]) => rows.push(cells.map((c) => cell(c, protect)).join(","));
  if (options.items) {
    line(["result_id", "model", "dataset", "item_id", "answered", ...metrics, "prediction", "reference"]);
    for (const r of results) {
      for (const it of r.items ?? []) {
        line([r.id ?? "", r.model, r.dataset, it.id, it.answered, ...metrics.map((m) => it.scores[m]), it.prediction ?? "", it.reference]);
      }
    }
  } else {
    line([
      "id",
      "model",
      "dataset",
      "started_at",
      "duration_ms",
      "total",
      "answered",
      "missing",
      "unknown_predictions",
      "tags",
      ...metrics,
    ]);
    for (const r of results) {
      line([
        r.id ?? "",
        r.model,
        r.dataset,
        r.timing.startedAt,
        r.timing.durationMs,
        r.coverage.total,
        r.coverage.answered,
        r.coverage.total - r.coverage.answered,
        r.unknownPredictionIds.length,
        (r.tags ?? []).join(";"),
        ...metrics.map((m) => r.metrics[m]),
      ]);
    }
  }
  return rows.map((r) => `${r}\r\n`).join("");
}

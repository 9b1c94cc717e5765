/** Shared helpers of the exporters. */
import type { EvalResult, ItemResult } from "@crucible/types";

/** A result as the exporters take it: a full EvalResult or a stored summary (items optional). */
export type ExportableResult = Omit<EvalResult, "items"> & { items?: ItemResult[]; id?: string; createdAt?: string };

/** Metric names over all results, in first-seen order. */
export function metricNames(results: readonly ExportableResult[]): string[] {
  const seen = new Set<string>();
  for (const r of results) for (const k of Object.keys(r.metrics)) seen.add(k);
  return [...seen];
}

/** Formats a metric value: 4 decimals, `—` when missing or not finite. */
export function formatMetric(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(4);
}

/** Sorts results by a metric, best (highest) first; missing values last; stable. */
export function byMetricDesc(results: readonly ExportableResult[], metric: string | undefined): ExportableResult[] {
  const val = (r: ExportableResult) => {
    const v = metric === undefined ? undefined : r.metrics[metric];
    return v === undefined || !Number.isFinite(v) ? -Infinity : v;
  };
  return results
    .map((r, i) => [r, i] as const)
    .sort((a, b) => val(b[0]) - val(a[0]) || a[1] - b[1])
    .map(([r]) => r);
}

/** Groups results by a key, keeping first-seen group order. */
export function groupBy(results: readonly ExportableResult[], key: "model" | "dataset"): Map<string, ExportableResult[]> {
  const groups = new Map<string, ExportableResult[]>();
  for (const r of results) {
    const g = groups.get(r[key]);
    if (g) g.push(r);
    else groups.set(r[key], [r]);
  }
  return groups;
}

import type { Features } from "@crucible/types";
import type { SearchIndex } from "./search-index.js";

/** Bins of a numeric histogram. */
const BINS = 10;
/** A string column with at most this many distinct values is a label column (frequencies), else text (lengths). */
const MAX_STRING_LABELS = 30;

interface Histogram {
  hist: number[];
  bin_edges: number[];
}

/** One entry of `/statistics`' `statistics` array. */
export interface ColumnStatistics {
  column_name: string;
  column_type: "int" | "float" | "bool" | "class_label" | "string_label" | "string_text" | "list";
  column_statistics: Record<string, unknown>;
}

const round = (x: number): number => Math.round(x * 1e5) / 1e5;

/**
 * Column statistics in the shape of the dataset-viewer's `/statistics`: numbers (min, max, mean, median, std,
 * histogram), booleans and labels (frequencies), text (lengths), lists (lengths); null counts everywhere.
 * Computed with SQL over the split's index.
 */
export function computeStatistics(index: SearchIndex, features: Features, numRows: number): ColumnStatistics[] {
  const out: ColumnStatistics[] = [];
  for (const c of index.columns) {
    const nulls = index.query<{ n: number }>(`SELECT count(*) AS n FROM rows WHERE ${c.sql} IS NULL`)[0]?.n ?? 0;
    const base = { nan_count: nulls, nan_proportion: numRows ? round(nulls / numRows) : 0 };
    if (c.kind === "int" || c.kind === "float" || c.kind === "list") {
      out.push({
        column_name: c.name,
        column_type: c.kind,
        column_statistics: { ...base, ...numeric(index, c.sql, c.kind !== "float", numRows - nulls) },
      });
    } else if (c.kind === "bool") {
      const freq: Record<string, number> = {};
      for (const r of index.query<{ v: number; n: number }>(
        `SELECT ${c.sql} AS v, count(*) AS n FROM rows WHERE ${c.sql} IS NOT NULL GROUP BY v ORDER BY n DESC`,
      )) {
        freq[r.v ? "True" : "False"] = r.n;
      }
      out.push({ column_name: c.name, column_type: "bool", column_statistics: { ...base, frequencies: freq } });
    } else if (c.kind === "class_label") {
      const f = features[c.name];
      const names = f?.kind === "class_label" ? f.names : [];
      const freq: Record<string, number> = {};
      let noLabel = 0;
      for (const r of index.query<{ v: number; n: number }>(
        `SELECT ${c.sql} AS v, count(*) AS n FROM rows WHERE ${c.sql} IS NOT NULL GROUP BY v ORDER BY n DESC`,
      )) {
        const name = names[r.v];
        if (r.v < 0 || name === undefined) noLabel += r.n;
        else freq[name] = r.n;
      }
      out.push({
        column_name: c.name,
        column_type: "class_label",
        column_statistics: {
          ...base,
          no_label_count: noLabel,
          no_label_proportion: numRows ? round(noLabel / numRows) : 0,
          n_unique: Object.keys(freq).length,
          frequencies: freq,
        },
      });
    } else {
      const distinct = index.query<{ v: string; n: number }>(
        `SELECT ${c.sql} AS v, count(*) AS n FROM rows WHERE ${c.sql} IS NOT NULL GROUP BY v ORDER BY n DESC LIMIT ${MAX_STRING_LABELS + 1}`,
      );
      if (distinct.length <= MAX_STRING_LABELS) {
        out.push({
          column_name: c.name,
          column_type: "string_label",
          column_statistics: { ...base, n_unique: distinct.length, frequencies: Object.fromEntries(distinct.map((r) => [r.v, r.n])) },
        });
      } else {
        out.push({
          column_name: c.name,
          column_type: "string_text",
          column_statistics: { ...base, ...numeric(index, `length(${c.sql})`, true, numRows - nulls) },
        });
      }
    }
  }
  return out;
}

function numeric(index: SearchIndex, expr: string, integer: boolean, count: number): Record<string, unknown> {
  if (count === 0) return { min: null, max: null, mean: null, median: null, std: null, histogram: null };
  const agg = index.query<{ lo: number; hi: number; mean: number; sq: number }>(
    `SELECT min(${expr}) AS lo, max(${expr}) AS hi, avg(${expr}) AS mean, avg(${expr} * ${expr}) AS sq FROM rows WHERE ${expr} IS NOT NULL`,
  )[0] as { lo: number; hi: number; mean: number; sq: number };
  const median =
    index.query<{ v: number }>(
      `SELECT ${expr} AS v FROM rows WHERE ${expr} IS NOT NULL ORDER BY ${expr} LIMIT 1 OFFSET ?`,
      Math.floor((count - 1) / 2),
    )[0]?.v ?? null;
  const variance = count > 1 ? Math.max(0, ((agg.sq - agg.mean * agg.mean) * count) / (count - 1)) : 0;
  return {
    min: agg.lo,
    max: agg.hi,
    mean: round(agg.mean),
    median,
    std: round(Math.sqrt(variance)),
    histogram: histogram(index, expr, agg.lo, agg.hi, integer),
  };
}

function histogram(index: SearchIndex, expr: string, lo: number, hi: number, integer: boolean): Histogram {
  let bins = BINS;
  let width = (hi - lo) / bins;
  if (integer) {
    bins = Math.min(BINS, hi - lo + 1);
    width = Math.ceil((hi - lo + 1) / bins);
    bins = Math.ceil((hi - lo + 1) / width);
  }
  if (!(width > 0))
    return {
      hist: [index.query<{ n: number }>(`SELECT count(*) AS n FROM rows WHERE ${expr} IS NOT NULL`)[0]?.n ?? 0],
      bin_edges: [lo, hi],
    };
  const counts = new Array<number>(bins).fill(0);
  for (const r of index.query<{ b: number; n: number }>(
    `SELECT min(CAST((${expr} - ?) / ? AS INTEGER), ?) AS b, count(*) AS n FROM rows WHERE ${expr} IS NOT NULL GROUP BY b`,
    lo,
    width,
    bins - 1,
  )) {
    counts[r.b] = (counts[r.b] ?? 0) + r.n;
  }
  const edges = Array.from({ length: bins }, (_, i) => (integer ? lo + i * width : round(lo + i * width)));
  edges.push(hi);
  return { hist: counts, bin_edges: edges };
}

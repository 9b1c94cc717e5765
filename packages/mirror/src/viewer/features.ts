import { featureToHfJson } from "@crucible/core";
import type { Feature, Features } from "@crucible/types";

/** One column as the dataset-viewer API lists it. */
export interface ViewerFeature {
  feature_idx: number;
  name: string;
  /** The feature in the Hub's JSON form, e.g. `{"dtype": "string", "_type": "Value"}`. */
  type: unknown;
}

/** The `features` array of `/first-rows`, `/rows`, `/search` and `/filter`. */
export function viewerFeatures(features: Features): ViewerFeature[] {
  return Object.entries(features).map(([name, f], i) => ({ feature_idx: i, name, type: featureToHfJson(f) }));
}

function isImageValue(v: unknown): boolean {
  if (!v || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return "bytes" in o && (o.bytes instanceof Uint8Array || o.bytes === null) && Object.keys(o).length <= 2;
}

/** The feature of one observed value; undefined for null (unknown yet). */
function featureOfValue(v: unknown): Feature | undefined {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case "string":
      return { kind: "value", dtype: "string" };
    case "boolean":
      return { kind: "value", dtype: "bool" };
    case "bigint":
      return { kind: "value", dtype: "int64" };
    case "number":
      return { kind: "value", dtype: Number.isInteger(v) ? "int64" : "float64" };
    default:
      break;
  }
  if (v instanceof Uint8Array) return { kind: "value", dtype: "binary" };
  if (v instanceof Date) return { kind: "value", dtype: "timestamp[ms]" };
  if (Array.isArray(v)) {
    let inner: Feature | undefined;
    for (const x of v) inner = merge(inner, featureOfValue(x));
    return { kind: "list", feature: inner ?? { kind: "value", dtype: "null" }, length: -1 };
  }
  if (isImageValue(v)) return { kind: "image" };
  const fields: Record<string, Feature> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) fields[k] = featureOfValue(x) ?? { kind: "value", dtype: "null" };
  return { kind: "struct", fields };
}

/** Combine two observations of one column (null loses; int64 widens to float64; structs merge their fields). */
function merge(a: Feature | undefined, b: Feature | undefined): Feature | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.kind === "value" && b.kind === "value") {
    if (a.dtype === "null") return b;
    if (b.dtype === "null") return a;
    if (a.dtype !== b.dtype && [a.dtype, b.dtype].every((d) => d === "int64" || d === "float64"))
      return { kind: "value", dtype: "float64" };
    return a;
  }
  if (a.kind === "list" && b.kind === "list") return { kind: "list", feature: merge(a.feature, b.feature) ?? a.feature, length: -1 };
  if (a.kind === "struct" && b.kind === "struct") {
    const fields = { ...a.fields };
    for (const [k, f] of Object.entries(b.fields)) fields[k] = merge(fields[k], f) ?? f;
    return { kind: "struct", fields };
  }
  if (a.kind === "value" && a.dtype === "null") return b;
  return a;
}

/**
 * Features of a Parquet file written without Hugging Face metadata, inferred from sample rows (a column that
 * is null in every sample is `Value("null")`). Columns keep the file's order.
 */
export function inferFeatures(columns: string[], rows: Array<Record<string, unknown>>): Features {
  const out: Features = {};
  for (const c of columns) {
    let f: Feature | undefined;
    for (const r of rows) f = merge(f, featureOfValue(r[c]));
    out[c] = f ?? { kind: "value", dtype: "null" };
  }
  return out;
}

/** How a column is kept in the search/filter index. */
export type IndexedKind = "string" | "int" | "float" | "bool" | "class_label" | "list" | "none";

const INT = /^u?int(8|16|32|64)$/;
const FLOAT = /^(float(16|32|64)?|double|halffloat|decimal.*)$/;

/** The index kind of a feature: scalars are stored as they are, lists by their length, everything else not at all. */
export function indexedKind(f: Feature): IndexedKind {
  if (f.kind === "class_label") return "class_label";
  if (f.kind === "list") return "list";
  if (f.kind !== "value") return "none";
  if (f.dtype === "string" || f.dtype === "large_string") return "string";
  if (f.dtype === "bool") return "bool";
  if (INT.test(f.dtype)) return "int";
  if (FLOAT.test(f.dtype)) return "float";
  return "none";
}

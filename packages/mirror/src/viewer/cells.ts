import type { Feature, Features } from "@crucible/types";
import { sniffImage } from "./image.js";

/** Strings longer than this (characters) are cut in responses and the column is listed in `truncated_cells`. */
export const CELL_MAX_CHARS = 100_000;

/** One row as the dataset-viewer API returns it. */
export interface ViewerRow {
  row_idx: number;
  row: Record<string, unknown>;
  truncated_cells: string[];
}

/** Where a row's image cells are served. */
export type ImageUrl = (rowIdx: number, column: string, ext: string) => string;

/**
 * Turn a decoded row into its JSON cells: images become `{src, height, width}` URLs served by the mirror
 * (raster formats only; anything else is `null`), binary as base64, dates as ISO strings, long strings cut.
 */
export function toViewerRow(rowIdx: number, row: Record<string, unknown>, features: Features, imageUrl: ImageUrl): ViewerRow {
  const out: Record<string, unknown> = {};
  const truncated: string[] = [];
  for (const [name, f] of Object.entries(features)) {
    const state = { cut: false };
    out[name] = cell(row[name], f, state, (ext) => imageUrl(rowIdx, name, ext));
    if (state.cut) truncated.push(name);
  }
  return { row_idx: rowIdx, row: out, truncated_cells: truncated };
}

/** `image` is set for top-level image columns only (images nested in lists or structs are not served). */
function cell(v: unknown, f: Feature | undefined, state: { cut: boolean }, image?: (ext: string) => string): unknown {
  if (v === null || v === undefined) return null;
  if (f?.kind === "image") {
    const bytes = (v as { bytes?: unknown }).bytes;
    if (!(bytes instanceof Uint8Array)) return null;
    const s = sniffImage(bytes);
    if (!s || !image) return null;
    return { src: image(s.ext), height: s.height ?? null, width: s.width ?? null };
  }
  if (typeof v === "string") {
    if (v.length > CELL_MAX_CHARS) {
      state.cut = true;
      return v.slice(0, CELL_MAX_CHARS);
    }
    return v;
  }
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) {
    const inner = f?.kind === "list" ? f.feature : undefined;
    return v.map((x) => cell(x, inner, state));
  }
  if (typeof v === "object") {
    const fields = f?.kind === "struct" ? f.fields : {};
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, cell(x, fields[k], state)]));
  }
  return v;
}

// Calls to the mirror's dataset-viewer API (same origin).

/** One column as the API lists it. */
export interface ViewerFeature {
  feature_idx: number;
  name: string;
  type: unknown;
}

/** One row as the API returns it. */
export interface ViewerRow {
  row_idx: number;
  row: Record<string, unknown>;
  truncated_cells: string[];
}

/** A page of `/rows`, `/search` or `/filter`. */
export interface RowsPage {
  features: ViewerFeature[];
  rows: ViewerRow[];
  num_rows_total: number;
  num_rows_per_page: number;
  partial: boolean;
}

/** An API failure with the server's message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** GET a JSON endpoint of this origin. */
export async function getJson<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const res = await fetch(`${path}${q.size ? `?${q}` : ""}`, { headers: { Accept: "application/json" } });
  const body = (await res.json().catch(() => ({}))) as { error?: unknown };
  if (!res.ok)
    throw new ApiError(typeof body.error === "string" ? body.error : `HTTP ${res.status}`, res.status, res.headers.get("X-Error-Code"));
  return body as T;
}

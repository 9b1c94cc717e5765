import type { RequestContext } from "../http.js";
import { headerSafe, sendJson } from "../http.js";

/** Error codes of the dataset-viewer API, sent in `X-Error-Code`. */
export type ViewerErrorCode =
  | "MissingRequiredParameter"
  | "InvalidParameter"
  | "ResponseNotFound"
  | "DatasetNotFoundError"
  | "ConfigNamesError"
  | "UnexpectedError";

/** Send a dataset-viewer style error: `{"error": message}` with `X-Error-Code`. */
export function sendViewerError(ctx: RequestContext, status: number, code: ViewerErrorCode, message: string): void {
  sendJson(ctx, status, { error: message }, { "X-Error-Code": code, "X-Error-Message": headerSafe(message), "Cache-Control": "no-store" });
}

/** Parse an optional non-negative integer parameter; undefined when absent, NaN when invalid. */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  return /^\d{1,15}$/.test(v) ? Number(v) : Number.NaN;
}

/** A parsed `Range` header against a resource of known size. */
export type RangeResult =
  | { kind: "none" } // no (usable) Range: answer 200 with the whole body
  | { kind: "single"; start: number; end: number } // inclusive end
  | { kind: "unsatisfiable" };

/**
 * Interpret a `Range` header (RFC 9110 §14). Single ranges `a-b`, `a-`, `-n` are honoured.
 * Syntactically invalid headers, other units and multiple ranges are ignored (the whole body is sent
 * with 200, which RFC 9110 allows; no Hub client sends multi-range requests).
 * @param header - The header value, if any.
 * @param size - Resource size in bytes.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: "none" };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: "none" };
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return { kind: "none" };
  if (a === "") {
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "single", start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (b !== "" && Number(b) < start) return { kind: "none" };
  if (start >= size) return { kind: "unsatisfiable" };
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  return { kind: "single", start, end };
}

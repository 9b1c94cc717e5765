/** Maps a UTF-16 code unit so that comparing mapped units orders strings by code point (UTF-8 byte order). */
function fixup(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}

/** Compares strings by Unicode code point, i.e. the UTF-8 byte order Arrow uses. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

function isNullish(v: unknown): boolean {
  return v === null || v === undefined;
}

function rank(v: unknown): number {
  // Order of kinds when a column mixes types (should not happen with a schema, but keep the sort total).
  switch (typeof v) {
    case "boolean":
      return 0;
    case "number":
    case "bigint":
      return 1;
    case "string":
      return 2;
    default:
      return 3;
  }
}

/**
 * Compares two non-null sort keys the way Arrow's `sort_indices` does: numbers numerically (NaN after every
 * other number), bigint with numbers, strings by code point, booleans false < true, bytes lexicographically.
 * Other values compare by their JSON text (a deterministic fallback).
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if ((typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number")) {
    if (typeof a === "number" && Number.isNaN(a)) return 1;
    if (typeof b === "number" && Number.isNaN(b)) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  return compareStrings(JSON.stringify(a) ?? "", JSON.stringify(b) ?? "");
}

/**
 * Comparator for one key column with Arrow semantics: `reverse` flips the order of non-null, non-NaN values
 * only; nulls and NaNs go last (`nullPlacement: "at_end"`, the default) or first.
 */
export function keyComparator(reverse: boolean, nullPlacement: "at_end" | "at_start"): (a: unknown, b: unknown) => number {
  // Classes: 0 = ordinary value, 1 = NaN, 2 = null. NaN and null are never reversed; they sit at the end
  // (NaN before null) or at the start (null before NaN), as Arrow places them.
  const cls = (v: unknown): number => (isNullish(v) ? 2 : typeof v === "number" && Number.isNaN(v) ? 1 : 0);
  const atEnd = nullPlacement === "at_end";
  return (a, b) => {
    const ca = cls(a);
    const cb = cls(b);
    if (ca !== 0 || cb !== 0) {
      if (ca === cb) return 0;
      return atEnd ? ca - cb : cb - ca;
    }
    const c = compareValues(a, b);
    return reverse ? -c : c;
  };
}

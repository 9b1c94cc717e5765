const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * Converts a bigint to a `number` when it is a safe integer (|v| ≤ 2^53 − 1), otherwise returns it unchanged.
 * @param value - Any bigint.
 */
export function normalizeBigInt(value: bigint): number | bigint {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
}

/**
 * Normalises a value decoded by hyparquet into the JS form of what Python `datasets` returns:
 * - `bigint` (int64/uint64) → `number` when it is a safe integer, else stays `bigint`;
 * - `undefined` (a null inside a list, map or struct) → `null`;
 * - arrays and plain objects are normalised recursively, IN PLACE (the same array/object is returned);
 * - `Uint8Array` (binary), `Date` (timestamps) and other values are returned unchanged.
 * A typed array of bigints (`BigInt64Array`/`BigUint64Array`) becomes a plain array of normalised values.
 * @param value - A value as hyparquet decoded it.
 * @returns The normalised value.
 */
export function normalizeParquetValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value !== "object") {
    return typeof value === "bigint" && (value > MAX_SAFE || value < MIN_SAFE) ? value : typeof value === "bigint" ? Number(value) : value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      // Only touch what needs changing: most values are strings/numbers and stay as they are.
      if (v === undefined) value[i] = null;
      else if (typeof v === "bigint" || (typeof v === "object" && v !== null)) value[i] = normalizeParquetValue(v);
    }
    return value;
  }
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, (v) => normalizeBigInt(v));
  if (ArrayBuffer.isView(value) || value instanceof Date) return value;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (v === undefined) record[key] = null;
    else if (typeof v === "bigint" || (typeof v === "object" && v !== null)) record[key] = normalizeParquetValue(v);
  }
  return record;
}

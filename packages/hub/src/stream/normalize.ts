// TODO(hub-load): switch to `normalizeParquetValue` from @crucible/core once its index exports it (same semantics).
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function normalizeValue(value: unknown): unknown {
  switch (typeof value) {
    case "bigint":
      return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
    case "undefined":
      return null;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) value[i] = normalizeValue(value[i]);
        return value;
      }
      if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, (v) => normalizeValue(v));
      if (ArrayBuffer.isView(value) || value instanceof Date) return value;
      const record = value as Record<string, unknown>;
      for (const key in record) record[key] = normalizeValue(record[key]);
      return record;
    }
    default:
      return value;
  }
}

/**
 * Normalises one decoded Parquet row in place, as @crucible/core's readers do: int64 → number when safe (else
 * bigint), nested `undefined` → null, binary stays Uint8Array.
 * @internal
 */
export function normalizeRow<T extends Record<string, unknown>>(row: T): T {
  for (const key in row) (row as Record<string, unknown>)[key] = normalizeValue(row[key]);
  return row;
}

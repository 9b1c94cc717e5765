import { normalizeParquetValue } from "@crucible/core";

/**
 * Normalises one decoded Parquet row in place with @crucible/core's `normalizeParquetValue` (int64 → number when
 * safe, else bigint; nested `undefined` → null; binary stays Uint8Array), as core's `readParquet` does.
 * @internal
 */
export function normalizeRow<T extends Record<string, unknown>>(row: T): T {
  for (const key in row) (row as Record<string, unknown>)[key] = normalizeParquetValue(row[key]);
  return row;
}

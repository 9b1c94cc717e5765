/**
 * One row as crucible readers produce it: column name → value, with values in the JS form of what Python
 * `datasets` returns (int64 → `number` when safe else `bigint`, binary → `Uint8Array`, struct → object,
 * list → array, null → `null`).
 */
export type Row = Record<string, unknown>;

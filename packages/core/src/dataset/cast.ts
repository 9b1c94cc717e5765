import { CrucibleError, SchemaMismatchError, type Feature } from "@crucible/types";

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int8: [-(1n << 7n), (1n << 7n) - 1n],
  int16: [-(1n << 15n), (1n << 15n) - 1n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uint8: [0n, (1n << 8n) - 1n],
  uint16: [0n, (1n << 16n) - 1n],
  uint32: [0n, (1n << 32n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
};
const FLOAT_DTYPES = new Set(["float16", "float32", "float64", "float", "double", "halffloat"]);
const STRING_DTYPES = new Set(["string", "large_string", "utf8", "large_utf8"]);
const BINARY_DTYPES = new Set(["binary", "large_binary"]);
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

interface Where {
  file?: string;
  row?: number;
  field?: string;
}

function fail(value: unknown, target: string, where: Where, why?: string): never {
  const shown = typeof value === "bigint" ? `${value}n` : typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : String(value);
  throw new SchemaMismatchError(`Cannot cast ${typeof value} ${shown} to ${target}${why ? `: ${why}` : ""}`, {
    ...where,
    hint: "Fix or filter the offending rows first (e.g. with filter), or cast to a wider type",
  });
}

function toInteger(value: unknown, dtype: string, where: Where): number | bigint {
  const range = INT_RANGES[dtype] as [bigint, bigint];
  let big: bigint;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) fail(value, dtype, where, "the value is not an integer (it would be truncated)");
    big = BigInt(value);
  } else if (typeof value === "bigint") big = value;
  else if (typeof value === "boolean") big = value ? 1n : 0n;
  else if (typeof value === "string") {
    if (!/^[+-]?\d+$/.test(value)) fail(value, dtype, where, "not an integer literal");
    big = BigInt(value);
  } else return fail(value, dtype, where);
  if (big < range[0] || big > range[1]) fail(value, dtype, where, "out of range");
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function toFloat(value: unknown, dtype: string, where: Where): number {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "bigint") n = Number(value);
  else if (typeof value === "boolean") n = value ? 1 : 0;
  else if (typeof value === "string") {
    const s = value.trim();
    if (!FLOAT_RE.test(s)) fail(value, dtype, where, "not a number literal");
    const lower = s.toLowerCase().replace(/^[+]/, "");
    if (lower === "nan" || lower === "-nan") n = Number.NaN;
    else if (lower === "inf" || lower === "infinity") n = Number.POSITIVE_INFINITY;
    else if (lower === "-inf" || lower === "-infinity") n = Number.NEGATIVE_INFINITY;
    else n = Number(s);
  } else return fail(value, dtype, where);
  return dtype === "float32" || dtype === "float" ? Math.fround(n) : n;
}

function toBool(value: unknown, where: Where): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "string") {
    const s = value.toLowerCase();
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
    return fail(value, "bool", where, 'expected "true", "false", "1" or "0"');
  }
  return fail(value, "bool", where);
}

function toStringValue(value: unknown, where: Where): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      return fail("<bytes>", "string", where, "bytes are not valid UTF-8");
    }
  }
  return fail(value, "string", where);
}

/**
 * Casts one value to a feature type the way Python `datasets` `cast_column` (an Arrow safe cast) does:
 * int ↔ float ↔ string ↔ bool between `Value` dtypes (a float with a fractional part does not become an int;
 * out-of-range integers are errors; int64 beyond 2^53 comes out as bigint), `ClassLabel` from a name or an
 * index, lists and structs element-wise. `null`/`undefined` stay `null`.
 * @throws SchemaMismatchError naming the row and field when a value cannot be cast.
 * @throws CrucibleError("UNSUPPORTED") for dtypes this cast does not implement (timestamps, decimals, …).
 */
export function castValue(value: unknown, feature: Feature, where: Where = {}): unknown {
  if (value === null || value === undefined) return null;
  switch (feature.kind) {
    case "value": {
      const dtype = feature.dtype;
      if (dtype in INT_RANGES) return toInteger(value, dtype, where);
      if (FLOAT_DTYPES.has(dtype)) return toFloat(value, dtype, where);
      if (dtype === "bool") return toBool(value, where);
      if (STRING_DTYPES.has(dtype)) return toStringValue(value, where);
      if (BINARY_DTYPES.has(dtype)) {
        if (value instanceof Uint8Array) return value;
        if (typeof value === "string") return utf8Encoder.encode(value);
        return fail(value, dtype, where);
      }
      if (dtype === "null") return null;
      throw new CrucibleError("UNSUPPORTED", `castColumn does not support Value("${dtype}")`, {
        ...where,
        hint: "Use map() to convert this column yourself",
      });
    }
    case "class_label": {
      if (typeof value === "string") {
        const idx = feature.names.indexOf(value);
        if (idx < 0)
          fail(
            value,
            "ClassLabel",
            where,
            `unknown label (names: ${feature.names.slice(0, 10).join(", ")}${feature.names.length > 10 ? ", …" : ""})`,
          );
        return idx;
      }
      const n = toInteger(value, "int64", where);
      if (typeof n !== "number" || n < -1 || n >= feature.names.length) {
        fail(value, "ClassLabel", where, `index out of range [-1, ${feature.names.length})`);
      }
      return n;
    }
    case "list": {
      if (!Array.isArray(value)) return fail(value, "list", where, "not an array");
      if (feature.length >= 0 && value.length !== feature.length) {
        fail(value, `list of length ${feature.length}`, where, `got length ${value.length}`);
      }
      return value.map((v) => castValue(v, feature.feature, where));
    }
    case "struct": {
      if (typeof value !== "object" || Array.isArray(value)) return fail(value, "struct", where, "not an object");
      const out: Record<string, unknown> = {};
      const rec = value as Record<string, unknown>;
      for (const [name, sub] of Object.entries(feature.fields)) {
        out[name] = castValue(rec[name], sub, { ...where, field: where.field ? `${where.field}.${name}` : name });
      }
      return out;
    }
    case "image":
      return value;
    case "unknown":
      throw new CrucibleError("UNSUPPORTED", `castColumn does not support the ${feature.type} feature type`, where);
  }
}

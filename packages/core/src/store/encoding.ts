import v8 from "node:v8";
import { CrucibleError } from "@crucible/types";
import { TAG_BINARY, readBinary } from "./binary.js";

/**
 * Record encoding of the on-disk row store. Each record starts with one tag byte:
 * - `J` (0x4a): UTF-8 JSON. Used when the row is JSON-safe (strings, finite numbers other than -0, booleans,
 *   null, plain arrays and plain objects without `undefined`), which is the common case for text datasets.
 * - `V` (0x56): `v8.serialize`. Used for everything else (bigint, Uint8Array, NaN, ±Infinity, -0, undefined,
 *   Date, Map, nested typed arrays), so values round-trip exactly.
 * - `B` (0x42): the binary encoding of store/binary.ts. Since store version 2 the RowStoreWriter writes every
 *   row it can represent exactly this way (strings, numbers, booleans, null, undefined, int64 bigints, Uint8Array,
 *   plain arrays and objects) and falls back to `V` for the rest; {@link encodeRecord} keeps writing `J`/`V`.
 *
 * Why this split (measured, see bench/README.md "dataset-encoding"): on 900-byte question/answer rows
 * JSON.parse decodes in ~1.0 µs/row against ~3.8 µs/row for v8.deserialize at the same size on disk, while v8
 * is the only built-in codec that keeps bigint/Uint8Array/undefined exactly.
 */
export const TAG_JSON = 0x4a;
/** Tag byte of a `v8.serialize` record. See {@link TAG_JSON}. */
export const TAG_V8 = 0x56;

const objectProto = Object.prototype;

/** True when `JSON.parse(JSON.stringify(value))` gives back an identical value. */
export function isJsonSafe(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isJsonSafe(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== objectProto && proto !== null) return false;
      for (const key in value) {
        if (!isJsonSafe((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Encodes one row as a tagged record (see {@link TAG_JSON}). */
export function encodeRecord(value: unknown): Buffer {
  if (isJsonSafe(value)) {
    const json = JSON.stringify(value);
    const len = Buffer.byteLength(json);
    const buf = Buffer.allocUnsafe(len + 1);
    buf[0] = TAG_JSON;
    buf.write(json, 1, "utf8");
    return buf;
  }
  const body = v8.serialize(value);
  const buf = Buffer.allocUnsafe(body.length + 1);
  buf[0] = TAG_V8;
  body.copy(buf, 1);
  return buf;
}

/**
 * Decodes the record stored in `buf[start, end)`.
 * @throws CrucibleError("STORE") when the tag byte is unknown (corrupt store).
 */
export function decodeRecord(buf: Buffer, start: number, end: number, where?: { file?: string; row?: number }): unknown {
  const tag = buf[start];
  if (tag === TAG_BINARY) return readBinary(buf, start, end, where);
  if (tag === TAG_JSON) return JSON.parse(buf.toString("utf8", start + 1, end));
  if (tag === TAG_V8) return v8.deserialize(buf.subarray(start + 1, end));
  throw new CrucibleError("STORE", `Corrupt row-store record: unknown tag byte ${String(tag)}`, {
    ...where,
    hint: "Delete the store directory and rebuild it",
  });
}

import { CrucibleError } from "@crucible/types";

/**
 * Binary record encoding of the on-disk row store (tag `B`, 0x42), written by {@link RowStoreWriter} for every row
 * it can represent exactly; see store/encoding.ts for the other tags.
 *
 * Layout after the tag byte: one value. A value is a type byte then its payload (integers little-endian):
 * - `0` null, `1` undefined, `2` false, `3` true (no payload);
 * - `4` float64 (8 bytes; keeps NaN, ±Infinity and -0), `5` int32 (4 bytes, for integers that fit);
 * - `6` ASCII string, `7` UTF-8 string: u32 byte length then the bytes (ASCII decodes with a plain byte copy);
 * - `8` bigint in the int64 range (8 bytes);
 * - `9` Uint8Array: u32 length then the bytes;
 * - `10` array: u32 count then the values; `11` plain object: u32 count then (key, value) pairs, where a key is a
 *   u32 UTF-8 byte length then the bytes.
 *
 * Why (measured, bench/README.md "dataset-million"): on 900-byte question/answer rows this writes in ≈0.7 µs/row
 * against ≈2.5 µs/row for `JSON.stringify` + UTF-8 write (which escapes every character and allocates the JSON
 * text), and decodes in ≈0.65 µs/row against ≈0.95 µs/row for `JSON.parse`.
 */
export const TAG_BINARY = 0x42;

/** Type bytes of the binary encoding (exported for writers that encode records without building JS values). */
export const T_NULL = 0;
export const T_UNDEFINED = 1;
export const T_FALSE = 2;
export const T_TRUE = 3;
export const T_F64 = 4;
export const T_I32 = 5;
export const T_ASCII = 6;
export const T_UTF8 = 7;
export const T_I64 = 8;
export const T_BYTES = 9;
export const T_ARRAY = 10;
export const T_OBJECT = 11;

const MAX_DEPTH = 64;
const objectProto = Object.prototype;
const u8Proto = Uint8Array.prototype;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Node's Buffer methods behind `write`/`toString` (present since Node 0.x; used directly to skip argument parsing). */
interface RawBuffer {
  utf8Write(s: string, offset: number): number;
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const raw = Buffer.prototype as unknown as Partial<RawBuffer>;
const utf8Write: (buf: Buffer, s: string, offset: number) => number =
  typeof raw.utf8Write === "function"
    ? (buf, s, offset) => (buf as unknown as RawBuffer).utf8Write(s, offset)
    : (buf, s, offset) => buf.write(s, offset, "utf8");
const latin1Slice: (buf: Buffer, start: number, end: number) => string =
  typeof raw.latin1Slice === "function"
    ? (buf, start, end) => (buf as unknown as RawBuffer).latin1Slice(start, end)
    : (buf, start, end) => buf.toString("latin1", start, end);
const utf8Slice: (buf: Buffer, start: number, end: number) => string =
  typeof raw.utf8Slice === "function"
    ? (buf, start, end) => (buf as unknown as RawBuffer).utf8Slice(start, end)
    : (buf, start, end) => buf.toString("utf8", start, end);

/**
 * Object keys decoded recently, by a hash of their bytes: the records of a dataset repeat a handful of keys, and
 * handing back the same string skips a decode, an allocation and V8's key internalisation for each of them.
 */
const KEY_SLOTS = 512;
const KEY_MAX = 24;
const keyStrings: Array<string | undefined> = new Array(KEY_SLOTS).fill(undefined);
const keyLengths = new Uint8Array(KEY_SLOTS);
const keyBytes = new Uint8Array(KEY_SLOTS * KEY_MAX);

function readKey(buf: Buffer, start: number, end: number): string {
  const len = end - start;
  if (len > KEY_MAX) return utf8Slice(buf, start, end);
  let h = len;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + (buf[i] as number)) | 0;
  const slot = (h ^ (h >>> 9)) & (KEY_SLOTS - 1);
  const at = slot * KEY_MAX;
  const cached = keyStrings[slot];
  if (cached !== undefined && keyLengths[slot] === len) {
    let same = true;
    for (let i = 0; i < len; i++) {
      if (keyBytes[at + i] !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const key = utf8Slice(buf, start, end);
  keyStrings[slot] = key;
  keyLengths[slot] = len;
  keyBytes.set(buf.subarray(start, end), at);
  return key;
}

/** `String.prototype.isWellFormed` (Node ≥ 20; the compile target's lib predates it). */
function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * Upper bound of the encoded size of `value` (tag byte included), or -1 when the binary encoding cannot represent
 * it exactly (class instances other than Uint8Array, sparse arrays, bigints outside int64, strings with lone
 * surrogates, a `__proto__` key, nesting deeper than 64, symbols, functions). Decides the encoding structurally:
 * no encode/decode round trip.
 */
export function binaryBound(value: unknown): number {
  const n = bound(value, 0);
  return n < 0 ? -1 : n + 1;
}

function bound(value: unknown, depth: number): number {
  switch (typeof value) {
    case "string":
      // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
      return 5 + 3 * value.length;
    case "number":
      return 9;
    case "boolean":
    case "undefined":
      return 1;
    case "bigint":
      return value >= I64_MIN && value <= I64_MAX ? 9 : -1;
    case "object": {
      if (value === null) return 1;
      if (depth >= MAX_DEPTH) return -1;
      if (Array.isArray(value)) {
        let n = 5;
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return -1;
          const b = bound(value[i], depth + 1);
          if (b < 0) return -1;
          n += b;
        }
        return n;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === u8Proto) return 5 + (value as Uint8Array).length;
      if (proto !== objectProto && proto !== null) return -1;
      let n = 5;
      for (const key in value) {
        if (key === "__proto__") return -1;
        const b = bound((value as Record<string, unknown>)[key], depth + 1);
        if (b < 0) return -1;
        n += 4 + 3 * key.length + b;
      }
      return n;
    }
    default:
      return -1;
  }
}

/**
 * Writes `value` as a binary record (tag byte first) at `buf[offset]`.
 * Preconditions: `binaryBound(value) >= 0` and `buf` has at least that many bytes free after `offset`.
 * @returns The offset after the record, or -1 when a string is not well-formed UTF-16 (lone surrogate), in which
 *   case the caller must encode the row another way.
 */
export function writeBinary(buf: Buffer, offset: number, value: unknown): number {
  buf[offset] = TAG_BINARY;
  return put(buf, offset + 1, value);
}

function putString(buf: Buffer, off: number, s: string): number {
  const start = off + 5;
  const written = utf8Write(buf, s, start);
  if (written === s.length) buf[off] = T_ASCII;
  else {
    // Non-ASCII: UTF-8 would replace a lone surrogate with U+FFFD, so only well-formed strings go this way.
    if (!isWellFormed(s)) return -1;
    buf[off] = T_UTF8;
  }
  buf.writeUInt32LE(written, off + 1);
  return start + written;
}

function put(buf: Buffer, off: number, value: unknown): number {
  switch (typeof value) {
    case "string":
      return putString(buf, off, value);
    case "number":
      if ((value | 0) === value && !Object.is(value, -0)) {
        buf[off] = T_I32;
        buf.writeInt32LE(value, off + 1);
        return off + 5;
      }
      buf[off] = T_F64;
      buf.writeDoubleLE(value, off + 1);
      return off + 9;
    case "boolean":
      buf[off] = value ? T_TRUE : T_FALSE;
      return off + 1;
    case "undefined":
      buf[off] = T_UNDEFINED;
      return off + 1;
    case "bigint":
      buf[off] = T_I64;
      buf.writeBigInt64LE(value, off + 1);
      return off + 9;
    default: {
      if (value === null) {
        buf[off] = T_NULL;
        return off + 1;
      }
      if (Array.isArray(value)) {
        buf[off] = T_ARRAY;
        buf.writeUInt32LE(value.length, off + 1);
        let o = off + 5;
        for (let i = 0; i < value.length; i++) {
          o = put(buf, o, value[i]);
          if (o < 0) return -1;
        }
        return o;
      }
      if (value instanceof Uint8Array) {
        buf[off] = T_BYTES;
        buf.writeUInt32LE(value.length, off + 1);
        buf.set(value, off + 5);
        return off + 5 + value.length;
      }
      buf[off] = T_OBJECT;
      let count = 0;
      let o = off + 5;
      for (const key in value as object) {
        o = putKey(buf, o, key);
        if (o < 0) return -1;
        o = put(buf, o, (value as Record<string, unknown>)[key]);
        if (o < 0) return -1;
        count++;
      }
      buf.writeUInt32LE(count, off + 1);
      return o;
    }
  }
}

function putKey(buf: Buffer, off: number, key: string): number {
  const written = utf8Write(buf, key, off + 4);
  if (written !== key.length && !isWellFormed(key)) return -1;
  buf.writeUInt32LE(written, off);
  return off + 4 + written;
}

/** Decoding cursor (module-level to avoid an allocation per record; decoding is synchronous). */
let cur = 0;

/**
 * Decodes the binary record in `buf[start, end)` (`buf[start]` is the tag byte).
 * @throws CrucibleError("STORE") when the record is malformed.
 */
export function readBinary(buf: Buffer, start: number, end: number, where?: { file?: string; row?: number }): unknown {
  cur = start + 1;
  let value: unknown;
  try {
    value = get(buf, end);
  } catch (cause) {
    throw corrupt(where, cause);
  }
  if (cur !== end) throw corrupt(where);
  return value;
}

function corrupt(where: { file?: string; row?: number } | undefined, cause?: unknown): CrucibleError {
  return new CrucibleError("STORE", "Corrupt row-store record: binary value does not match its length", {
    ...where,
    cause,
    hint: "Delete the store directory and rebuild it",
  });
}

function get(buf: Buffer, end: number): unknown {
  if (cur >= end) throw new RangeError("record ends early");
  const t = buf[cur++];
  switch (t) {
    case T_ASCII: {
      const len = buf.readUInt32LE(cur);
      const s = cur + 4;
      cur = s + len;
      if (cur > end) throw new RangeError("string past the record end");
      return latin1Slice(buf, s, cur);
    }
    case T_UTF8: {
      const len = buf.readUInt32LE(cur);
      const s = cur + 4;
      cur = s + len;
      if (cur > end) throw new RangeError("string past the record end");
      return utf8Slice(buf, s, cur);
    }
    case T_I32: {
      const v = buf.readInt32LE(cur);
      cur += 4;
      return v;
    }
    case T_F64: {
      const v = buf.readDoubleLE(cur);
      cur += 8;
      return v;
    }
    case T_NULL:
      return null;
    case T_UNDEFINED:
      return undefined;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_I64: {
      const v = buf.readBigInt64LE(cur);
      cur += 8;
      return v;
    }
    case T_BYTES: {
      const len = buf.readUInt32LE(cur);
      const s = cur + 4;
      cur = s + len;
      if (cur > end) throw new RangeError("bytes past the record end");
      return new Uint8Array(buf.buffer.slice(buf.byteOffset + s, buf.byteOffset + cur));
    }
    case T_ARRAY: {
      const n = buf.readUInt32LE(cur);
      cur += 4;
      if (n > end - cur) throw new RangeError("array count past the record end");
      const arr: unknown[] = [];
      for (let i = 0; i < n; i++) arr.push(get(buf, end));
      return arr;
    }
    case T_OBJECT: {
      const n = buf.readUInt32LE(cur);
      cur += 4;
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const len = buf.readUInt32LE(cur);
        const s = cur + 4;
        cur = s + len;
        if (cur > end) throw new RangeError("key past the record end");
        const key = readKey(buf, s, cur);
        obj[key] = get(buf, end);
      }
      return obj;
    }
    default:
      throw new RangeError(`unknown type byte ${String(t)}`);
  }
}

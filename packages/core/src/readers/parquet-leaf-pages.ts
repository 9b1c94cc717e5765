import { isAscii, isUtf8 } from "node:buffer";
import type { AsyncBuffer, ColumnMetaData, Compressors } from "hyparquet";
import { decompressPage } from "hyparquet/src/datapage.js";
import { readRleBitPackedHybrid } from "hyparquet/src/encoding.js";
import { readPlain } from "hyparquet/src/plain.js";
import { T_ASCII, T_BYTES, T_UTF8 } from "../store/binary.js";
import { ChunkPages, ColumnReadError, type ChunkPage, type WindowOptions } from "./parquet-pages.js";
import { LeafKind, type LeafPlan } from "./parquet-record-plan.js";

/** Thrown when a page uses something the direct record path does not decode (the caller falls back). @internal */
export class DirectUnsupported extends Error {}

type Codec = ColumnMetaData["codec"];

/**
 * Dictionary entries of a byte-array column, each already encoded as a record value (type byte, u32 length,
 * bytes) exactly as the binary record writer encodes the string (or bytes) hyparquet decodes from it.
 */
export interface EncodedDictionary {
  data: Uint8Array;
  /** Entry `i` is `data[offsets[i], offsets[i + 1])`. */
  offsets: Int32Array;
  /** `binaryBound` of each entry's value. */
  bounds: Float64Array;
}

/** One decoded data page: levels and values, in one of three value forms. @internal */
export interface LeafPage {
  /** Level entries. */
  n: number;
  /** Values (entries at the maximum definition level). */
  count: number;
  /** Definition levels; undefined when the column has none (every entry at the maximum level). */
  def: Int32Array | undefined;
  /** Repetition levels; undefined when the column does not repeat. */
  rep: Int32Array | undefined;
  /** Byte arrays (PLAIN): the page bytes, and each value's start and length in them. */
  bytes: Uint8Array | undefined;
  starts: Int32Array | undefined;
  lengths: Int32Array | undefined;
  /** Byte arrays (dictionary encoded): each value's dictionary index into `dictionary`. */
  index: Int32Array | undefined;
  dictionary: EncodedDictionary | undefined;
  /** Everything else: numbers, bigints, booleans (or 0/1), or Uint8Arrays. */
  values: ArrayLike<unknown> | undefined;
}

const textDecoder = new TextDecoder();

/** Bytes `[s, e)` are all < 0x80. */
function asciiBytes(src: Uint8Array, s: number, e: number): boolean {
  if (e - s > 48) return isAscii(src.subarray(s, e));
  for (let i = s; i < e; i++) if ((src[i] as number) > 0x7f) return false;
  return true;
}

/**
 * Bytes `[s, e)` are valid UTF-8 that TextDecoder returns unchanged (no leading byte-order mark, which it drops):
 * the string hyparquet decodes re-encodes to exactly these bytes.
 */
export function verbatimUtf8(src: Uint8Array, s: number, e: number): boolean {
  if (e - s >= 3 && src[s] === 0xef && src[s + 1] === 0xbb && src[s + 2] === 0xbf) return false;
  return isUtf8(s === 0 && e === src.length ? src : src.subarray(s, e));
}

/** UTF-16 length of the string whose UTF-8 bytes (valid) are `[s, e)`. */
export function utf16Length(src: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const b = src[i] as number;
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/** Encodes a dictionary page's byte arrays as record values. */
function encodeDictionary(bytes: Uint8Array, count: number, kind: LeafKind): EncodedDictionary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = Buffer.allocUnsafe(Math.max(64, bytes.length + count * 2));
  const offsets = new Int32Array(count + 1);
  const bounds = new Float64Array(count);
  let p = 0;
  let o = 0;
  for (let i = 0; i < count; i++) {
    if (p + 4 > bytes.length) throw new Error("parquet dictionary page ends early");
    const len = view.getUint32(p, true);
    const s = p + 4;
    const e = s + len;
    if (e > bytes.length) throw new Error("parquet dictionary value runs past its page");
    p = e;
    let str: string | undefined;
    let type: number = T_BYTES;
    let bound = 5 + len;
    if (kind === LeafKind.String) {
      if (asciiBytes(bytes, s, e)) {
        type = T_ASCII;
        bound = 5 + 3 * len;
      } else if (verbatimUtf8(bytes, s, e)) {
        type = T_UTF8;
        bound = 5 + 3 * utf16Length(bytes, s, e);
      } else {
        str = textDecoder.decode(bytes.subarray(s, e));
        bound = 5 + 3 * str.length;
      }
    }
    const need = o + 5 + (str === undefined ? len : 3 * str.length);
    if (need > out.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, out.length * 2));
      out.copy(grown, 0, 0, o);
      out = grown;
    }
    offsets[i] = o;
    if (str === undefined) {
      out[o] = type;
      out.writeUInt32LE(len, o + 1);
      out.set(bytes.subarray(s, e), o + 5);
      o += 5 + len;
    } else {
      const written = out.write(str, o + 5, "utf8");
      out[o] = written === str.length ? T_ASCII : T_UTF8;
      out.writeUInt32LE(written, o + 1);
      o += 5 + written;
    }
    bounds[i] = bound;
  }
  offsets[count] = o;
  return { data: new Uint8Array(out.buffer, out.byteOffset, o), offsets, bounds };
}

function bitWidth(value: number): number {
  return 32 - Math.clz32(value);
}

type Reader = { view: DataView; offset: number };

/**
 * Decodes `out.length` values of the RLE / bit-packed hybrid encoding (`width` ≤ 24 bits) from `bytes[pos, end)`.
 * A run that goes past `out.length` values is corrupt (hyparquet would return more levels than the page has
 * entries), except the zero padding that ends a bit-packed run.
 * @returns The position after the last run read.
 */
export function decodeHybrid(bytes: Uint8Array, pos: number, end: number, width: number, out: Int32Array): number {
  const n = out.length;
  const mask = (1 << width) - 1;
  const byteWidth = (width + 7) >> 3;
  let seen = 0;
  while (seen < n) {
    let header = 0;
    let scale = 1;
    for (;;) {
      if (pos >= end) throw new Error("parquet levels run past their bytes");
      const b = bytes[pos++] as number;
      header += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 128;
      if (scale > 2 ** 35) throw new Error("parquet level run header too long");
    }
    const count = Math.floor(header / 2);
    if (header % 2 === 0) {
      if (pos + byteWidth > end) throw new Error("parquet levels run past their bytes");
      let v = 0;
      for (let k = 0; k < byteWidth; k++) v |= (bytes[pos++] as number) << (8 * k);
      if (count > n - seen) throw new Error(`parquet page has more levels than its ${n} entries`);
      out.fill(v, seen, seen + count);
      seen += count;
    } else {
      const take = Math.min(count * 8, n - seen);
      // (a writer may leave out the bytes of the padding values that end the last run)
      if (pos + Math.ceil((take * width) / 8) > end) throw new Error("parquet levels run past their bytes");
      const stop = pos + count * width;
      let acc = 0;
      let bits = 0;
      let p = pos;
      for (let k = 0; k < take; k++) {
        while (bits < width) {
          acc |= (bytes[p++] as number) << bits;
          bits += 8;
        }
        out[seen++] = acc & mask;
        acc >>>= width;
        bits -= width;
      }
      pos = stop;
    }
  }
  return pos;
}

/** Reads a page's levels: `length` bytes from the reader's position (V1: a u32 length prefix first). */
function readLevels(bytes: Uint8Array, reader: Reader, max: number, n: number, length: number | undefined): Int32Array {
  let pos = reader.offset;
  if (length === undefined) {
    if (pos + 4 > bytes.length) throw new Error("parquet levels run past the page");
    length = reader.view.getUint32(pos, true);
    pos += 4;
  }
  const end = pos + length;
  if (end > bytes.length) throw new Error("parquet levels run past the page");
  const out = new Int32Array(n);
  decodeHybrid(bytes, pos, end, bitWidth(max), out);
  for (let i = 0; i < n; i++) if ((out[i] as number) > max) throw new Error(`parquet level ${out[i]} above the maximum ${max}`);
  reader.offset = end;
  return out;
}

/**
 * The decoded pages of one leaf column chunk as levels and values, with a cursor over its level entries: the
 * record writer reads the current entry's levels and value and moves on. Pages are decoded ahead by
 * {@link LeafCursor.fill} (async I/O), read synchronously, and released once passed.
 * @internal
 */
export class LeafCursor {
  private readonly pages: ChunkPages;
  private readonly codec: Codec;
  private dictionary: EncodedDictionary | ArrayLike<unknown> | undefined;
  private queue: LeafPage[] = [];
  private qhead = 0;
  /** Row starts decoded so far (group-relative). */
  private started = 0;
  private ended: boolean;

  /** The current page (entries `i` of `page.n`). */
  page: LeafPage;
  /** Current level entry in `page`. */
  i = 0;
  /** Current value (entries at the maximum definition level) in `page`. */
  v = 0;

  constructor(
    readonly leaf: LeafPlan,
    file: AsyncBuffer,
    meta: ColumnMetaData,
    private readonly compressors: Compressors,
    windows: WindowOptions,
  ) {
    this.pages = new ChunkPages(file, meta, windows);
    this.codec = meta.codec;
    this.ended = this.pages.done;
    this.page = EMPTY_PAGE;
  }

  /** Group-relative end of the rows whose entries are all decoded. */
  completeRows(): number {
    return this.ended || this.leaf.maxRep === 0 || this.started === 0 ? this.started : this.started - 1;
  }

  /** Decodes pages until rows before `target` (group-relative) are complete or the chunk ends. */
  async fill(target: number): Promise<void> {
    while (!this.ended && this.completeRows() < target) {
      const page = await this.pages.next();
      if (page === undefined) this.ended = true;
      else {
        try {
          this.decode(page);
        } catch (cause) {
          if (cause instanceof DirectUnsupported) throw cause;
          throw new ColumnReadError(cause, this.leaf.schemaPath[1]?.element.name ?? this.leaf.path, page.offset);
        }
      }
      if (this.pages.done) this.ended = true;
    }
  }

  /** Definition level of the current entry (throws past the last decoded entry: the column ended inside a row). */
  defAt(): number {
    const page = this.page;
    if (this.i >= page.n) throw new Error(`parquet column ${this.leaf.path} ends inside a row`);
    return page.def === undefined ? this.leaf.maxDef : (page.def[this.i] as number);
  }

  /** Repetition level of the current entry (-1 past the last decoded entry). */
  repAt(): number {
    if (this.i >= this.page.n) return -1;
    const rep = this.page.rep;
    return rep === undefined ? 0 : (rep[this.i] as number);
  }

  /** True when the current entry exists (decoded). */
  has(): boolean {
    return this.i < this.page.n;
  }

  /** Moves to the next entry (past the current value when the entry holds one). */
  next(): void {
    const page = this.page;
    if (this.i >= page.n) throw new Error(`parquet column ${this.leaf.path} ends inside a row`);
    if (page.def === undefined || page.def[this.i] === this.leaf.maxDef) this.v++;
    if (++this.i >= page.n) this.shift();
  }

  /** Skips `rows` whole rows (the first rows of a range that starts inside a row group). */
  skipRows(rows: number): void {
    for (let r = 0; r < rows; r++) {
      if (!this.has()) throw new Error(`parquet column ${this.leaf.path} ends early`);
      do this.next();
      while (this.has() && this.repAt() > 0);
    }
  }

  private shift(): void {
    const next = this.queue[this.qhead];
    if (next === undefined) {
      this.page = EMPTY_PAGE;
      this.i = 0;
      this.v = 0;
      return;
    }
    this.queue[this.qhead++] = undefined as unknown as LeafPage;
    if (this.qhead > 32 && this.qhead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.qhead);
      this.qhead = 0;
    }
    this.page = next;
    this.i = 0;
    this.v = 0;
    if (next.n === 0) this.shift();
  }

  private push(page: LeafPage): void {
    if (page.n === 0) return;
    let starts = page.n;
    if (page.rep !== undefined) {
      starts = 0;
      const rep = page.rep;
      for (let k = 0; k < page.n; k++) if (rep[k] === 0) starts++;
    }
    this.started += starts;
    if (this.i >= this.page.n) {
      this.page = page;
      this.i = 0;
      this.v = 0;
    } else {
      this.queue.push(page);
    }
  }

  private decode(chunkPage: ChunkPage): void {
    const { header, body } = chunkPage;
    if (header.type === "DICTIONARY_PAGE") {
      const count = header.dictionary_page_header?.num_values;
      if (count === undefined) throw new Error("parquet dictionary page header is undefined");
      const bytes = decompressPage(body, Number(header.uncompressed_page_size), this.codec, this.compressors);
      this.dictionary = this.plainValues(bytes, 0, count, true) as EncodedDictionary | ArrayLike<unknown>;
      return;
    }
    const leaf = this.leaf;
    let n: number;
    let encoding: string;
    let def: Int32Array | undefined;
    let rep: Int32Array | undefined;
    let values: Uint8Array;
    let at: number;
    if (header.type === "DATA_PAGE") {
      const h = header.data_page_header;
      if (!h) throw new Error("parquet data page header is undefined");
      n = h.num_values;
      encoding = h.encoding;
      values = decompressPage(body, Number(header.uncompressed_page_size), this.codec, this.compressors);
      const reader = { view: new DataView(values.buffer, values.byteOffset, values.byteLength), offset: 0 };
      if (leaf.maxRep > 0) {
        if (h.repetition_level_encoding !== "RLE") throw new DirectUnsupported(`repetition levels in ${h.repetition_level_encoding}`);
        rep = readLevels(values, reader, leaf.maxRep, n, undefined);
      }
      if (leaf.maxDef > 0) {
        if (h.definition_level_encoding !== "RLE") throw new DirectUnsupported(`definition levels in ${h.definition_level_encoding}`);
        def = readLevels(values, reader, leaf.maxDef, n, undefined);
      }
      at = reader.offset;
    } else if (header.type === "DATA_PAGE_V2") {
      const h = header.data_page_header_v2;
      if (!h) throw new Error("parquet data page header v2 is undefined");
      n = h.num_values;
      encoding = h.encoding;
      const reader = { view: new DataView(body.buffer, body.byteOffset, body.byteLength), offset: 0 };
      const repLength = h.repetition_levels_byte_length;
      const defLength = h.definition_levels_byte_length;
      if (repLength + defLength > body.length) throw new Error("parquet page levels run past the page");
      if (leaf.maxRep > 0) rep = readLevels(body, reader, leaf.maxRep, n, repLength);
      reader.offset = repLength;
      if (leaf.maxDef > 0) def = readLevels(body, reader, leaf.maxDef, n, defLength);
      reader.offset = repLength + defLength;
      const rest = body.subarray(reader.offset);
      values =
        h.is_compressed === false
          ? rest
          : decompressPage(rest, Number(header.uncompressed_page_size) - repLength - defLength, this.codec, this.compressors);
      at = 0;
    } else {
      throw new DirectUnsupported(`page type ${header.type}`);
    }
    if (rep !== undefined && rep[0] !== 0 && this.started === 0) throw new Error("parquet column chunk starts inside a row");
    // The values section holds the entries at the maximum definition level: counted from the levels, not taken
    // from a v2 header's num_nulls (see v2NullCount in parquet-levels.ts).
    let count = n;
    if (def !== undefined) {
      count = 0;
      const max = leaf.maxDef;
      for (let k = 0; k < n; k++) if (def[k] === max) count++;
      if (count === n) def = undefined;
    }
    const page: LeafPage = { ...EMPTY_PAGE, n, count, def, rep };
    if (encoding === "PLAIN") {
      const decoded = this.plainValues(values, at, count, false);
      if (decoded instanceof ByteArrays) {
        page.bytes = decoded.bytes;
        page.starts = decoded.starts;
        page.lengths = decoded.lengths;
      } else {
        page.values = decoded as ArrayLike<unknown>;
      }
    } else if (encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY") {
      const dictionary = this.dictionary;
      if (dictionary === undefined) throw new Error("parquet dictionary-encoded page without a dictionary page");
      const size = "offsets" in dictionary ? dictionary.offsets.length - 1 : dictionary.length;
      const index = new Int32Array(count);
      if (count > 0) {
        if (at >= values.length) throw new Error("parquet dictionary page ends early");
        const width = values[at] as number;
        if (width > 32) throw new Error(`parquet dictionary index bit width ${width}`);
        const reader = { view: new DataView(values.buffer, values.byteOffset, values.byteLength), offset: at + 1 };
        if (width > 0) readRleBitPackedHybrid(reader, width, index, values.length - at - 1);
        for (let k = 0; k < count; k++) {
          const x = index[k] as number;
          if (x < 0 || x >= size) throw new Error(`parquet dictionary index ${x} out of range (${size} entries)`);
        }
      }
      if ("offsets" in dictionary) {
        page.index = index;
        page.dictionary = dictionary;
      } else {
        const out = new Array<unknown>(count);
        for (let k = 0; k < count; k++) out[k] = dictionary[index[k] as number];
        page.values = out;
      }
    } else if (encoding === "RLE" && leaf.type === "BOOLEAN") {
      const out = new Uint8Array(count);
      const reader = { view: new DataView(values.buffer, values.byteOffset, values.byteLength), offset: at };
      if (count > 0) readRleBitPackedHybrid(reader, 1, out, undefined);
      page.values = out;
    } else {
      throw new DirectUnsupported(`${encoding} encoding`);
    }
    this.push(page);
  }

  /** PLAIN values: byte arrays as offsets (or, for a dictionary, encoded entries), others as hyparquet decodes them. */
  private plainValues(
    bytes: Uint8Array,
    at: number,
    count: number,
    dictionary: boolean,
  ): ByteArrays | EncodedDictionary | ArrayLike<unknown> {
    const leaf = this.leaf;
    if (leaf.type === "BYTE_ARRAY") {
      if (dictionary) return encodeDictionary(bytes.subarray(at), count, leaf.kind);
      return ByteArrays.read(bytes, at, count);
    }
    const width =
      leaf.type === "INT32" || leaf.type === "FLOAT"
        ? 4
        : leaf.type === "INT64" || leaf.type === "DOUBLE"
          ? 8
          : leaf.type === "FIXED_LEN_BYTE_ARRAY"
            ? (leaf.typeLength as number)
            : leaf.type === "BOOLEAN"
              ? 1 / 8
              : 0;
    if (width === 0) throw new DirectUnsupported(`type ${leaf.type}`);
    if (at + Math.ceil(count * width) > bytes.length) throw new Error(`parquet page holds fewer than ${count} values`);
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: at };
    return readPlain(reader, leaf.type, count, leaf.typeLength) as ArrayLike<unknown>;
  }
}

/** PLAIN byte arrays of a page: offsets into its bytes. */
class ByteArrays {
  constructor(
    readonly bytes: Uint8Array,
    readonly starts: Int32Array,
    readonly lengths: Int32Array,
  ) {}

  static read(page: Uint8Array, at: number, count: number): ByteArrays {
    const bytes = page;
    const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
    const starts = new Int32Array(count);
    const lengths = new Int32Array(count);
    let p = at;
    const end = bytes.length;
    for (let k = 0; k < count; k++) {
      if (p + 4 > end) throw new Error("parquet byte array page ends early");
      const len = view.getUint32(p, true);
      p += 4;
      if (len > end - p) throw new Error("parquet byte array value runs past its page");
      starts[k] = p;
      lengths[k] = len;
      p += len;
    }
    return new ByteArrays(bytes, starts, lengths);
  }
}

const EMPTY_PAGE: LeafPage = {
  n: 0,
  count: 0,
  def: undefined,
  rep: undefined,
  bytes: undefined,
  starts: undefined,
  lengths: undefined,
  index: undefined,
  dictionary: undefined,
  values: undefined,
};

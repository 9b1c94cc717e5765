/**
 * Small real image files written by hand, for tests (no image library). @internal
 */
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function u32be(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new TextEncoder().encode(type), data]);
  return concat([u32be(data.length), typed, u32be(crc32(typed))]);
}

/** A complete, decodable 8-bit RGB PNG of `width`×`height` (zlib-compressed scanlines, valid CRCs). */
export function pngImage(width: number, height: number, seed = 0): Uint8Array {
  const ihdr = concat([u32be(width), u32be(height), new Uint8Array([8, 2, 0, 0, 0])]);
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 3)] = 0; // filter: none
    for (let x = 0; x < width * 3; x++) raw[y * (1 + width * 3) + 1 + x] = (x * 37 + y * 11 + seed * 53) & 0xff;
  }
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", new Uint8Array(deflateSync(raw))),
    pngChunk("IEND", new Uint8Array(0)),
  ]);
}

/** A complete 24-bit BMP (BITMAPINFOHEADER); `topDown` stores a negative height. */
export function bmpImage(width: number, height: number, topDown = false): Uint8Array {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + rowSize * height;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  b[0] = 0x42;
  b[1] = 0x4d;
  v.setUint32(2, size, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, topDown ? -height : height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  v.setUint32(34, rowSize * height, true);
  return b;
}

/** A complete 1-colour-table GIF89a of `width`×`height` (one image, LZW data of a single clear+end). */
export function gifImage(width: number, height: number): Uint8Array {
  const le = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
  return new Uint8Array([
    ...new TextEncoder().encode("GIF89a"),
    ...le(width),
    ...le(height),
    0x80,
    0x00,
    0x00,
    0xff,
    0xff,
    0xff,
    0x00,
    0x00,
    0x00, // global colour table (2 entries)
    0x2c,
    0x00,
    0x00,
    0x00,
    0x00,
    ...le(width),
    ...le(height),
    0x00, // image descriptor
    0x02,
    0x02,
    0x44,
    0x01,
    0x00, // LZW min code size 2, one sub-block, terminator
    0x3b,
  ]);
}

/**
 * JPEG marker structure up to and past the frame header: SOI, APP0 (JFIF), an optional padding APPn segment,
 * SOFn (`sof`, default 0xC0 baseline) with 3 components, then EOI. Header-only (no entropy-coded data): enough for
 * header parsers, not for a decoder.
 */
export function jpegHeader(
  width: number,
  height: number,
  options: { sof?: number; appPadding?: number; fillBytes?: number } = {},
): Uint8Array {
  const { sof = 0xc0, appPadding = 0, fillBytes = 0 } = options;
  const be = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
  const app0 = [0xff, 0xe0, ...be(16), ...new TextEncoder().encode("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const pad = appPadding > 0 ? [0xff, 0xe1, ...be(appPadding + 2), ...new Array<number>(appPadding).fill(0xff)] : [];
  const fill = new Array<number>(fillBytes).fill(0xff);
  const sofSeg = [...fill, 0xff, sof, ...be(17), 8, ...be(height), ...be(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...pad, ...sofSeg, 0xff, 0xd9]);
}

/** WebP RIFF headers for the three bitstream kinds (header-only payloads). */
export function webpHeader(kind: "VP8 " | "VP8L" | "VP8X", width: number, height: number): Uint8Array {
  const enc = new TextEncoder();
  let payload: number[];
  if (kind === "VP8 ")
    payload = [0x50, 0x01, 0x00, 0x9d, 0x01, 0x2a, width & 0xff, (width >>> 8) & 0x3f, height & 0xff, (height >>> 8) & 0x3f];
  else if (kind === "VP8L") {
    const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
    payload = [0x2f, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff];
  } else {
    const w = width - 1;
    const h = height - 1;
    payload = [0x10, 0, 0, 0, w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
  }
  const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  const chunk = [...enc.encode(kind), ...le32(payload.length), ...payload];
  return new Uint8Array([...enc.encode("RIFF"), ...le32(4 + chunk.length), ...enc.encode("WEBP"), ...chunk]);
}

import { DataFormatError, type ErrorLocation } from "@crucible/types";

/** Image container formats {@link imageInfo} recognises. */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp" | "bmp";

/** Format and pixel size read from an image's header. */
export interface ImageInfo {
  format: ImageFormat;
  /** Width in pixels, as stored (EXIF orientation is not applied, as with PIL's `Image.size`). */
  width: number;
  /** Height in pixels, as stored. */
  height: number;
}

/**
 * Reads the format and pixel size of an encoded image from its header bytes, without decoding it and without an
 * image library: PNG (IHDR), JPEG (scan of markers up to the first SOFn frame header), GIF (logical screen),
 * WebP (`VP8 `, `VP8L` and `VP8X` chunks) and BMP (core and info headers; a negative height, top-down, is reported
 * as its absolute value, as PIL does).
 * @param bytes - The encoded image (only the header part is read).
 * @param where - Optional location (repo, file, row, field) added to errors. Default: none.
 * @returns `{ format, width, height }`.
 * @throws DataFormatError when the bytes are not one of the five formats, are truncated before the size, or
 *   declare a zero size.
 */
export function imageInfo(bytes: Uint8Array, where: ErrorLocation = {}): ImageInfo {
  const b = bytes;
  const fail = (message: string, byteOffset?: number): never => {
    throw new DataFormatError(message, {
      ...where,
      ...(byteOffset !== undefined ? { byteOffset } : {}),
      hint: "check that the cell holds complete PNG, JPEG, GIF, WebP or BMP bytes",
    });
  };
  const need = (n: number, format: string): void => {
    if (b.length < n) fail(`truncated ${format} image: ${b.length} bytes, the header needs at least ${n}`, b.length);
  };
  const u16be = (o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
  const u16le = (o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
  const u24le = (o: number) => u16le(o) | ((b[o + 2] ?? 0) << 16);
  const u32be = (o: number) => u16be(o) * 0x10000 + u16be(o + 2);
  const i32le = (o: number) => u16le(o) | (u16le(o + 2) << 16);
  const ascii = (o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));
  const done = (format: ImageFormat, width: number, height: number): ImageInfo => {
    if (width <= 0 || height <= 0) fail(`${format} image declares a zero size (${width}x${height})`);
    return { format, width, height };
  };

  if (b.length === 0) return fail("empty image bytes");
  // PNG: 8-byte signature, then the IHDR chunk (length, "IHDR", width, height).
  if (b[0] === 0x89 && ascii(1, 3) === "PNG") {
    need(24, "png");
    if (ascii(0, 8) !== "\x89PNG\r\n\x1a\n") fail("bad PNG signature", 0);
    if (ascii(12, 4) !== "IHDR") fail(`PNG's first chunk is "${ascii(12, 4)}", not IHDR`, 12);
    return done("png", u32be(16), u32be(20));
  }
  // JPEG: SOI, then marker segments until a start-of-frame.
  if (b[0] === 0xff && b[1] === 0xd8) return jpegSize(b, fail, u16be, done);
  // GIF: "GIF87a"/"GIF89a", logical screen width and height (little endian).
  if (ascii(0, 3) === "GIF") {
    need(10, "gif");
    const version = ascii(3, 3);
    if (version !== "87a" && version !== "89a") fail(`unknown GIF version "${version}"`, 3);
    return done("gif", u16le(6), u16le(8));
  }
  // WebP: RIFF container with form type "WEBP".
  if (ascii(0, 4) === "RIFF") {
    need(16, "webp");
    if (ascii(8, 4) !== "WEBP") fail(`RIFF file of form "${ascii(8, 4)}" is not a WebP image`, 8);
    const chunk = ascii(12, 4);
    if (chunk === "VP8 ") {
      need(30, "webp");
      if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) fail("WebP VP8 frame has no start code", 23);
      return done("webp", u16le(26) & 0x3fff, u16le(28) & 0x3fff);
    }
    if (chunk === "VP8L") {
      need(25, "webp");
      if (b[20] !== 0x2f) fail("WebP VP8L chunk has no 0x2f signature", 20);
      const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
      return done("webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === "VP8X") {
      need(30, "webp");
      return done("webp", u24le(24) + 1, u24le(27) + 1);
    }
    return fail(`unknown WebP chunk "${chunk}"`, 12);
  }
  // BMP: "BM", file header (14 bytes), then a DIB header whose size says which layout it has.
  if (ascii(0, 2) === "BM") {
    need(18, "bmp");
    const dib = i32le(14);
    if (dib === 12) {
      need(22, "bmp");
      return done("bmp", u16le(18), u16le(20));
    }
    if (dib < 16) fail(`unsupported BMP header size ${dib}`, 14);
    need(26, "bmp");
    return done("bmp", Math.abs(i32le(18)), Math.abs(i32le(22)));
  }
  const head = Array.from(b.subarray(0, 8), (x) => x.toString(16).padStart(2, "0")).join(" ");
  return fail(`unknown image format (first bytes ${head}); expected PNG, JPEG, GIF, WebP or BMP`, 0);
}

function jpegSize(
  b: Uint8Array,
  fail: (message: string, byteOffset?: number) => never,
  u16be: (o: number) => number,
  done: (format: ImageFormat, width: number, height: number) => ImageInfo,
): ImageInfo {
  let pos = 2;
  for (;;) {
    if (pos >= b.length) return fail("truncated jpeg image: no SOF frame header before the end of the bytes", b.length);
    if (b[pos] !== 0xff) return fail(`corrupt jpeg: expected a marker (0xFF) at byte ${pos}, found 0x${(b[pos] ?? 0).toString(16)}`, pos);
    // Any number of 0xFF fill bytes may precede a marker code.
    while (pos < b.length && b[pos] === 0xff) pos++;
    if (pos >= b.length) return fail("truncated jpeg image inside a marker", b.length);
    const marker = b[pos] as number;
    pos++;
    // Stand-alone markers carry no length: TEM, RST0-7, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker === 0xd9 || marker === 0xda)
      return fail(`jpeg ${marker === 0xd9 ? "EOI" : "SOS"} marker before any SOF frame header`, pos - 2);
    if (pos + 2 > b.length) return fail("truncated jpeg image inside a segment length", b.length);
    const length = u16be(pos);
    if (length < 2) return fail(`corrupt jpeg: segment length ${length} at byte ${pos}`, pos);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC): length, precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (pos + 7 > b.length) return fail("truncated jpeg image inside the SOF frame header", b.length);
      const height = u16be(pos + 3);
      const width = u16be(pos + 5);
      if (height === 0) return fail("jpeg frame height is 0 (set later by a DNL marker), which is not supported", pos + 3);
      return done("jpeg", width, height);
    }
    pos += length;
  }
}

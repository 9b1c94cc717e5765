import { DataFormatError } from "@crucible/types";
import { describe, expect, it } from "vitest";
import { imageInfo } from "./image-info.js";
import { bmpImage, gifImage, jpegHeader, pngImage, webpHeader } from "./test-support/images.js";

describe("imageInfo", () => {
  it("reads PNG IHDR", () => {
    expect(imageInfo(pngImage(7, 3))).toEqual({ format: "png", width: 7, height: 3 });
    expect(imageInfo(pngImage(5620, 1))).toEqual({ format: "png", width: 5620, height: 1 });
  });

  it("scans JPEG markers to the SOF frame header (baseline, progressive, padding, fill bytes)", () => {
    expect(imageInfo(jpegHeader(640, 480))).toEqual({ format: "jpeg", width: 640, height: 480 });
    expect(imageInfo(jpegHeader(78, 5620, { sof: 0xc2, appPadding: 300 }))).toEqual({ format: "jpeg", width: 78, height: 5620 });
    expect(imageInfo(jpegHeader(12, 34, { sof: 0xc1, fillBytes: 3 }))).toEqual({ format: "jpeg", width: 12, height: 34 });
  });

  it("does not take DHT (0xC4) for a frame header", () => {
    const be = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
    // SOI, DHT whose bytes 5..8 look like a size, then SOF0 with the real size.
    const dht = [0xff, 0xc4, ...be(8), 0x00, 0x01, 0x23, 0x04, 0x56, 0x00];
    const sof = [0xff, 0xc0, ...be(11), 8, ...be(20), ...be(30), 1, 1, 0x11, 0];
    expect(imageInfo(new Uint8Array([0xff, 0xd8, ...dht, ...sof]))).toEqual({ format: "jpeg", width: 30, height: 20 });
  });

  it("skips an EXIF APP1 segment whose embedded thumbnail has its own SOF", () => {
    const be = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
    const thumb = [0xff, 0xd8, 0xff, 0xc0, ...be(11), 8, ...be(16), ...be(16), 1, 1, 0x11, 0, 0xff, 0xd9];
    const app1 = [0xff, 0xe1, ...be(2 + 6 + thumb.length), ...new TextEncoder().encode("Exif\0\0"), ...thumb];
    const sof = [0xff, 0xc0, ...be(11), 8, ...be(3000), ...be(4000), 1, 1, 0x11, 0];
    expect(imageInfo(new Uint8Array([0xff, 0xd8, ...app1, ...sof]))).toEqual({ format: "jpeg", width: 4000, height: 3000 });
  });

  it("reads GIF, WebP (VP8, VP8L, VP8X) and BMP (bottom-up, top-down, core header)", () => {
    expect(imageInfo(gifImage(300, 2))).toEqual({ format: "gif", width: 300, height: 2 });
    expect(imageInfo(webpHeader("VP8 ", 550, 368))).toEqual({ format: "webp", width: 550, height: 368 });
    expect(imageInfo(webpHeader("VP8L", 16383, 1))).toEqual({ format: "webp", width: 16383, height: 1 });
    expect(imageInfo(webpHeader("VP8X", 20000, 3))).toEqual({ format: "webp", width: 20000, height: 3 });
    expect(imageInfo(bmpImage(5, 4))).toEqual({ format: "bmp", width: 5, height: 4 });
    expect(imageInfo(bmpImage(5, 4, true))).toEqual({ format: "bmp", width: 5, height: 4 });
    const core = new Uint8Array(26);
    core.set([0x42, 0x4d], 0);
    core.set([12, 0, 0, 0, 9, 0, 8, 0], 14);
    expect(imageInfo(core)).toEqual({ format: "bmp", width: 9, height: 8 });
  });

  it("throws DataFormatError on truncated headers of every format, with the location", () => {
    const cases: Array<[string, Uint8Array, number]> = [
      ["png", pngImage(2, 2), 20],
      ["jpeg", jpegHeader(2, 2), 24],
      ["gif", gifImage(2, 2), 8],
      ["webp", webpHeader("VP8 ", 2, 2), 27],
      ["bmp", bmpImage(2, 2), 20],
    ];
    for (const [format, bytes, cut] of cases) {
      let error: unknown;
      try {
        imageInfo(bytes.subarray(0, cut), { repo: "o/r", row: 3, field: "image" });
      } catch (e) {
        error = e;
      }
      expect(error, format).toBeInstanceOf(DataFormatError);
      expect((error as DataFormatError).message, format).toMatch(/truncated/);
      expect((error as DataFormatError).location).toMatchObject({ repo: "o/r", row: 3, field: "image" });
    }
  });

  it("throws DataFormatError on unknown, empty and corrupt bytes", () => {
    expect(() => imageInfo(new Uint8Array(0))).toThrow(DataFormatError);
    expect(() => imageInfo(new TextEncoder().encode("not an image at all"))).toThrow(/unknown image format/);
    expect(() => imageInfo(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "))).toThrow(/not a WebP/);
    expect(() => imageInfo(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toThrow(/EOI marker before any SOF/);
    expect(() => imageInfo(new Uint8Array([0xff, 0xd8, 0x00, 0x00]))).toThrow(/expected a marker/);
    expect(() => imageInfo(jpegHeader(10, 0))).toThrow(/DNL/);
    expect(() => imageInfo(pngImage(0, 4))).toThrow(/zero size/);
  });
});

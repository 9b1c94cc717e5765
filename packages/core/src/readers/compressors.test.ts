import { snappyCompress } from "hysnappy";
import { describe, expect, it } from "vitest";
import { parquetCompressors } from "./compressors.js";

const snappy = parquetCompressors.SNAPPY as (input: Uint8Array, outputLength: number) => Uint8Array;
const text = (n: number, seed: number) => new TextEncoder().encode(Array.from({ length: n }, (_, i) => `${seed}:${i * 7919} `).join(""));

describe("parquetCompressors.SNAPPY", () => {
  it("decodes page after page through one instance, small and large pages alike, each result its own copy", () => {
    const pages = [text(10, 1), text(50_000, 2), text(3, 3), text(900_000, 4), text(20, 5)];
    const outs = pages.map((p) => snappy(snappyCompress(p), p.length));
    for (const [k, p] of pages.entries()) expect(Buffer.from(outs[k] as Uint8Array).equals(Buffer.from(p))).toBe(true);
    // a page over the reuse cap (16 MiB with its input) goes through an instance of its own
    const big = new Uint8Array(17 << 20).map((_, i) => (i * 31 + (i >> 12)) & 127);
    expect(big.length).toBeGreaterThan(16 << 20);
    expect(Buffer.from(snappy(snappyCompress(big), big.length)).equals(Buffer.from(big))).toBe(true);
    expect(Buffer.from(outs[1] as Uint8Array).equals(Buffer.from(pages[1] as Uint8Array))).toBe(true);
  });

  it("a corrupt page throws, and the next good page still decodes", () => {
    const good = text(1000, 7);
    const packed = snappyCompress(good);
    const broken = packed.slice(0, Math.floor(packed.length / 2));
    expect(() => snappy(broken, good.length)).toThrow();
    expect(Buffer.from(snappy(packed, good.length)).equals(Buffer.from(good))).toBe(true);
    expect(snappy(new Uint8Array(0), 0)).toHaveLength(0);
  });
});

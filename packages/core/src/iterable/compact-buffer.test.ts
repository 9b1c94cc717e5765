import { describe, expect, it } from "vitest";
import { CompactRowBuffer } from "./compact-buffer.js";

const rows: unknown[] = [
  { id: 1, text: "plain ascii", score: 0.25, ok: true, none: null },
  { id: 2n ** 40n, big: 2n ** 62n, bytes: new Uint8Array([0, 1, 255]), nested: [{ a: [1, 2, { b: "ü€😀" }] }], u: undefined },
  { nan: Number.NaN, negZero: -0, inf: Number.POSITIVE_INFINITY, empty: {}, list: [] },
  { when: new Date(0), floats: new Float32Array([1.5, 2.5]) },
  { lone: "a\ud800b" },
  "a bare string",
  42,
  ["not", "an", "object"],
];

describe("CompactRowBuffer", () => {
  it("gives back rows equal to what went in, whatever their values", () => {
    const buf = new CompactRowBuffer();
    for (const row of rows) buf.push(row);
    expect(buf.length).toBe(rows.length);
    const out = [...buf.drain()];
    expect(out).toEqual(rows);
    expect(Object.is((out[2] as { negZero: number }).negZero, -0)).toBe(true);
    expect((out[1] as { bytes: unknown }).bytes).toBeInstanceOf(Uint8Array);
    expect(typeof (out[1] as { big: unknown }).big).toBe("bigint");
    expect(buf.length).toBe(0);
  });

  it("holds encodable rows as bytes and keeps the others as objects", () => {
    const buf = new CompactRowBuffer();
    for (const row of rows) buf.push(row);
    expect(buf.objectRows).toBe(2); // the Date/Float32Array row and the lone surrogate
    expect(buf.recordBytes).toBeGreaterThan(0);
    // a fresh copy, not the same object
    const first = buf.swap(0, { id: 9 });
    expect(first).toEqual(rows[0]);
    expect(first).not.toBe(rows[0]);
    expect(buf.swap(0, null)).toEqual({ id: 9 });
  });

  it("handles rows larger than its scratch space", () => {
    const buf = new CompactRowBuffer();
    const huge = { text: "x".repeat(3 << 20), more: "é".repeat(1 << 20) };
    buf.push(huge);
    buf.push({ small: 1 });
    expect([...buf.drain()]).toEqual([huge, { small: 1 }]);
  });

  it("reuses and compacts its slabs: memory stays near the live records through many replacements", () => {
    const buf = new CompactRowBuffer();
    const make = (i: number) => ({ id: i, text: `${i}:`.padEnd(200 + (i % 700), "abcdefgh") });
    const held: unknown[] = [];
    for (let i = 0; i < 5000; i++) {
      buf.push(make(i));
      held.push(make(i));
    }
    let x = 7;
    let peak = 0;
    let mismatches = 0;
    for (let i = 5000; i < 30000; i++) {
      x = (x * 48271) % 2147483647;
      const slot = x % 5000;
      const out = buf.swap(slot, make(i)) as { id: number; text: string };
      const want = held[slot] as { id: number; text: string };
      if (out.id !== want.id || out.text !== want.text) mismatches++;
      held[slot] = make(i);
      peak = Math.max(peak, buf.slabMemory);
    }
    expect(mismatches).toBe(0);
    expect(peak).toBeLessThan(1.3 * buf.recordBytes + 6 * (1 << 20));
    // Compaction reuses the slabs it empties: no fresh memory beyond that peak (random replacements spread the
    // holes over every slab, so most records move each time).
    expect(buf.allocatedMemory).toBeLessThan(1.3 * buf.recordBytes + 6 * (1 << 20));
    expect([...buf.drain()]).toEqual(held);
    expect(buf.length).toBe(0);
  });
});

import { createHash } from "node:crypto";

/** sha256 hex of bytes, computed here rather than by the mirror's own code (so tests check the mirror). */
export function sha256(buf: Uint8Array | string): string {
  return createHash("sha256").update(buf).digest("hex");
}

/** git blob sha1 hex of bytes (`sha1("blob <size>\0" + bytes)`), computed independently of the mirror's own code. */
export function gitSha1(buf: Uint8Array | string): string {
  const b = Buffer.from(buf);
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${b.length}\0`), b]))
    .digest("hex");
}

/**
 * Deterministic pseudo-random bytes (xorshift32, the low byte of each state), so fixture files are reproducible.
 * @param seed - Any integer; 0 acts as 1.
 */
export function pseudoRandomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

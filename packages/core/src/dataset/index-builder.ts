/** A growable Uint32Array: appends in amortised O(1), `finish` returns an exact-length copy. */
export class IndexBuilder {
  private buf: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buf = new Uint32Array(Math.max(capacity, 16));
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  finish(): Uint32Array {
    return this.buf.slice(0, this.length);
  }
}

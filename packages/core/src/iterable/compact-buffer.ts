import { binaryBound, readBinary, writeBinary } from "../store/binary.js";

/** Size of a slab of records (a larger record gets a slab of its own). */
const SLAB_BYTES = 1 << 20;
/** Released slabs kept for reuse (64 MiB at most). */
const MAX_SPARE_SLABS = 64;
/** Marks a handle whose row is kept as an object. */
const KEPT = -1;

/**
 * The rows of a streaming shuffle buffer, each held as a binary row-store record (store/binary.ts) packed into
 * 1 MiB slabs instead of as a JS object graph: a 20 kB reasoning trace costs about 20 kB here, against the
 * strings, the row object, its messages array and their hidden classes (and two bytes per character for any
 * non-Latin-1 text). Rows the encoding cannot represent exactly (class instances, typed arrays other than
 * Uint8Array, lone surrogates…) are kept as they are, so every row comes back equal to what went in (a fresh
 * copy for encoded rows).
 *
 * Replaced rows leave holes in their slab; a slab is reused once all its records are gone, and when the slabs
 * hold more than 1.3 × the live bytes the records of the emptiest slabs move to the current one, so memory stays
 * within about 1.3 × the encoded size of the rows held (plus up to 64 MiB of slabs kept for reuse).
 */
export class CompactRowBuffer {
  /** Slot → handle of its record; permuted in place by the final shuffle. */
  private readonly slots: number[] = [];
  // Per handle: slab index (or KEPT), byte offset and length of its record.
  private slabOf = new Int32Array(64);
  private startOf = new Float64Array(64);
  private lengthOf = new Float64Array(64);
  private readonly kept: unknown[] = [];
  private handles = 0;
  private slabs: Array<Buffer | undefined> = [];
  private live: number[] = [];
  private current = -1;
  private used = SLAB_BYTES;
  private slabBytes = 0;
  private liveBytes = 0;
  /** Released standard-size slabs, reused before allocating new memory. */
  private spare: Buffer[] = [];
  /** Bytes of slabs ever allocated (not reused). */
  private allocatedBytes = 0;

  /** Rows held. */
  get length(): number {
    return this.slots.length;
  }

  /** Bytes of the slabs (live records and holes). */
  get slabMemory(): number {
    return this.slabBytes;
  }

  /** Bytes of the live records. */
  get recordBytes(): number {
    return this.liveBytes;
  }

  /** Bytes of slab memory ever allocated (reused slabs are not counted again): the high-water mark of the slabs when none was dropped. */
  get allocatedMemory(): number {
    return this.allocatedBytes;
  }

  /** Rows held as objects because the record format cannot represent them exactly. */
  get objectRows(): number {
    let n = 0;
    for (const h of this.slots) if (this.slabOf[h] === KEPT) n++;
    return n;
  }

  /** Encodes `row` as the record of handle `h`: straight into the current slab when it has room for the bound. */
  private store(h: number, row: unknown): void {
    const bound = binaryBound(row);
    let end = -1;
    if (bound >= 0 && bound <= SLAB_BYTES) {
      if (this.used + bound > SLAB_BYTES) this.newSlab(SLAB_BYTES);
      end = writeBinary(this.slabs[this.current] as Buffer, this.used, row);
      if (end >= 0) {
        this.placed(h, this.used, end - this.used);
        return;
      }
    } else if (bound > SLAB_BYTES) {
      const big = Buffer.allocUnsafeSlow(bound); // scratch for one record, not a slab
      end = writeBinary(big, 0, row);
      if (end >= 0) {
        this.newSlab(end);
        big.copy(this.slabs[this.current] as Buffer, 0, 0, end);
        this.placed(h, 0, end);
        return;
      }
    }
    this.slabOf[h] = KEPT;
    this.kept[h] = row;
  }

  private placed(h: number, start: number, length: number): void {
    this.slabOf[h] = this.current;
    this.startOf[h] = start;
    this.lengthOf[h] = length;
    this.used = start + length;
    (this.live[this.current] as number) += length;
    this.liveBytes += length;
  }

  /**
   * Starts a slab of `bytes`, reusing a released one of the standard size when there is one: its pages are
   * already mapped (first-touch page faults of fresh memory cost more than the copying itself on some VMs).
   */
  private newSlab(bytes: number): void {
    let slab = bytes === SLAB_BYTES ? this.spare.pop() : undefined;
    if (slab === undefined) {
      slab = Buffer.allocUnsafeSlow(bytes);
      this.allocatedBytes += bytes;
    }
    this.slabs.push(slab);
    this.live.push(0);
    this.current = this.slabs.length - 1;
    this.used = 0;
    this.slabBytes += bytes;
  }

  /** Takes back a slab with no live record (kept for reuse, up to {@link MAX_SPARE_SLABS}). */
  private release(slab: Buffer): void {
    this.slabBytes -= slab.length;
    if (slab.length === SLAB_BYTES && this.spare.length < MAX_SPARE_SLABS) this.spare.push(slab);
  }

  /** Decodes the record of handle `h` and frees its bytes. */
  private load(h: number): unknown {
    const s = this.slabOf[h] as number;
    if (s === KEPT) {
      const row = this.kept[h];
      this.kept[h] = undefined;
      return row;
    }
    const slab = this.slabs[s] as Buffer;
    const start = this.startOf[h] as number;
    const length = this.lengthOf[h] as number;
    const row = readBinary(slab, start, start + length);
    const left = (this.live[s] as number) - length;
    this.live[s] = left;
    this.liveBytes -= length;
    if (left === 0 && s !== this.current) {
      this.release(slab);
      this.slabs[s] = undefined;
    }
    return row;
  }

  /**
   * When the slabs hold more than 1.3 × the live bytes (plus 4 slabs), moves the live records of the emptiest
   * slabs (fewest live bytes first, until about 1.1 × is reached) to the current slab. One victim slab is emptied
   * and released at a time, so the next slab the moved records need is that released one: compaction takes no
   * fresh memory beyond one slab, even when (as with random replacements) the holes are spread over every slab
   * and most records move. Each record is copied about once per ~3 buffer turnovers.
   */
  private maybeCompact(): void {
    if (this.slabBytes <= 1.3 * this.liveBytes + 4 * SLAB_BYTES) return;
    const candidates: number[] = [];
    for (let s = 0; s < this.slabs.length; s++) if (s !== this.current && this.slabs[s] !== undefined) candidates.push(s);
    candidates.sort(
      (a, b) => (this.live[a] as number) / (this.slabs[a] as Buffer).length - (this.live[b] as number) / (this.slabs[b] as Buffer).length,
    );
    // victim slab → its records' handles, in slot order
    const victims = new Map<number, number[]>();
    let excess = this.slabBytes - 1.1 * this.liveBytes;
    for (const s of candidates) {
      if (excess <= 0) break;
      victims.set(s, []);
      excess -= (this.slabs[s] as Buffer).length - (this.live[s] as number);
    }
    for (const h of this.slots) victims.get(this.slabOf[h] as number)?.push(h);
    for (const [s, handles] of victims) {
      const from = this.slabs[s] as Buffer;
      for (const h of handles) {
        const length = this.lengthOf[h] as number;
        if (this.used + length > SLAB_BYTES) this.newSlab(Math.max(SLAB_BYTES, length)); // spares hold no live record
        const start = this.startOf[h] as number;
        from.copy(this.slabs[this.current] as Buffer, this.used, start, start + length);
        this.live[s] = (this.live[s] as number) - length;
        this.slabOf[h] = this.current;
        this.startOf[h] = this.used;
        this.used += length;
        (this.live[this.current] as number) += length;
      }
      this.release(from);
      this.slabs[s] = undefined;
    }
  }

  private grow(): void {
    const n = this.slabOf.length * 2;
    const slab = new Int32Array(n);
    slab.set(this.slabOf);
    const start = new Float64Array(n);
    start.set(this.startOf);
    const length = new Float64Array(n);
    length.set(this.lengthOf);
    this.slabOf = slab;
    this.startOf = start;
    this.lengthOf = length;
  }

  /** Appends a row. */
  push(row: unknown): void {
    if (this.handles === this.slabOf.length) this.grow();
    const h = this.handles++;
    this.store(h, row);
    this.slots.push(h);
  }

  /** Returns the row at `index` and puts `row` in its place. */
  swap(index: number, row: unknown): unknown {
    const h = this.slots[index] as number;
    const out = this.load(h);
    this.store(h, row);
    this.maybeCompact();
    return out;
  }

  /** The slots, for an in-place permutation (e.g. numpy's `shuffle`) before {@link CompactRowBuffer.drain}. */
  get order(): number[] {
    return this.slots;
  }

  /** Yields every held row in slot order, releasing each as it goes. */
  *drain(): Generator<unknown> {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) yield this.load(slots[i] as number);
    slots.length = 0;
    this.slabs = [];
    this.spare = [];
    this.live = [];
    this.kept.length = 0;
    this.handles = 0;
    this.current = -1;
    this.used = SLAB_BYTES;
    this.slabBytes = 0;
    this.liveBytes = 0;
  }
}

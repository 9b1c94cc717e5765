import { binaryBound, readBinary, writeBinary } from "../store/binary.js";

/** A row kept as the object itself because the binary encoding cannot represent it exactly. */
class Kept {
  constructor(readonly value: unknown) {}
}

/** One buffered row: its binary record (own allocation, exact size) or the object itself. */
type Slot = Buffer | Kept;

/** What a drained slot is set to, so its bytes can be collected while the rest are still being yielded. */
const EMPTY = new Kept(undefined);

const MIN_SCRATCH = 1 << 16;

/**
 * The rows of a streaming shuffle buffer, each held as a binary row-store record (store/binary.ts) in its own
 * exactly sized allocation instead of a JS object graph. A reasoning trace of 20 kB costs 20 kB plus about a
 * hundred bytes here, against the string, the row object, its messages array and their hidden classes as
 * objects (two bytes per character for any non-Latin-1 text). Rows the encoding cannot represent exactly
 * (class instances, typed arrays other than Uint8Array, lone surrogates…) are kept as they are, so every row
 * comes back equal to what went in (a fresh copy for encoded rows).
 */
export class CompactRowBuffer {
  private readonly slots: Slot[] = [];
  private scratch: Buffer = Buffer.allocUnsafe(MIN_SCRATCH);

  /** Rows held. */
  get length(): number {
    return this.slots.length;
  }

  private encode(row: unknown): Slot {
    const bound = binaryBound(row);
    if (bound < 0) return new Kept(row);
    if (bound > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(bound, this.scratch.length * 2));
    const end = writeBinary(this.scratch, 0, row);
    if (end < 0) return new Kept(row);
    // allocUnsafeSlow: not a slice of Node's shared 8 KiB pool, which a single small row would keep alive.
    const own = Buffer.allocUnsafeSlow(end);
    this.scratch.copy(own, 0, 0, end);
    // Drop a scratch buffer grown for one huge row.
    if (this.scratch.length > 1 << 24) this.scratch = Buffer.allocUnsafe(MIN_SCRATCH);
    return own;
  }

  private decode(slot: Slot): unknown {
    return slot instanceof Kept ? slot.value : readBinary(slot, 0, slot.length);
  }

  /** Appends a row. */
  push(row: unknown): void {
    this.slots.push(this.encode(row));
  }

  /** Returns the row at `index` and puts `row` in its place. */
  swap(index: number, row: unknown): unknown {
    const out = this.decode(this.slots[index] as Slot);
    this.slots[index] = this.encode(row);
    return out;
  }

  /** The slots, for an in-place permutation (e.g. numpy's `shuffle`) before {@link CompactRowBuffer.drain}. */
  get order(): unknown[] {
    return this.slots;
  }

  /** Yields every held row in slot order, releasing each as it goes. */
  *drain(): Generator<unknown> {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as Slot;
      slots[i] = EMPTY;
      yield this.decode(slot);
    }
    slots.length = 0;
  }
}

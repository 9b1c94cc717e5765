import type { SchemaTree } from "hyparquet";
import { assembleLists } from "hyparquet/src/assemble.js";
import { readRleBitPackedHybrid } from "hyparquet/src/encoding.js";
import { getMaxDefinitionLevel, getMaxRepetitionLevel } from "hyparquet/src/schema.js";

type DecodedArray = Parameters<typeof assembleLists>[3];

/** One decoded data page of a nested leaf column: its levels and non-null values, and how far they were taken. */
interface LevelPage {
  /** Definition levels; `undefined` when every entry is at the maximum level (no null anywhere). */
  def: number[] | undefined;
  /** Repetition levels; `undefined` when the column does not repeat (every entry starts a row). */
  rep: number[] | undefined;
  values: DecodedArray;
  /** Level entries in the page. */
  length: number;
  /** First level entry not taken yet. */
  at: number;
  /** First value not taken yet. */
  valueAt: number;
}

/** Where a scan of `n` rows ends: page index and level entry in it. */
interface ScanEnd {
  page: number;
  entry: number;
}

/**
 * The decoded pages of one nested (list / struct) leaf column, kept as flat Dremel levels and values, from
 * which rows are assembled a slice at a time. hyparquet assembles a whole page into nested arrays at once; with
 * dictionary-encoded text a single page often holds a whole row group (20,000 rows of conversations), and those
 * arrays then live until the last row of the page is taken. Here only the levels (small integers) and the
 * values (shared dictionary strings) are held; nested arrays exist only for the rows being taken.
 * @internal
 */
export class NestedLevels {
  private readonly maxDef: number;
  private readonly repeated: boolean;
  private pages: LevelPage[] = [];
  private head = 0;
  /** Row starts (entries with repetition level 0) held and not yet taken. */
  private starts = 0;

  constructor(private readonly schemaPath: SchemaTree[]) {
    this.maxDef = getMaxDefinitionLevel(schemaPath);
    this.repeated = getMaxRepetitionLevel(schemaPath) > 0;
  }

  /** Rows held (started, not taken); the last one may continue on the next page. */
  get rows(): number {
    return this.starts;
  }

  /**
   * Adds a decoded data page.
   * @param length - Its level entries (the page header's `num_values`).
   */
  push(def: number[] | undefined, rep: number[], values: DecodedArray, length: number): void {
    if (length === 0) return;
    const levels = this.repeated ? rep : undefined;
    if (levels !== undefined && levels.length !== length)
      throw new Error(`parquet page has ${levels.length} repetition levels for ${length} values`);
    const defs = def !== undefined && def.length > 0 ? def : undefined;
    if (defs !== undefined && defs.length !== length)
      throw new Error(`parquet page has ${defs.length} definition levels for ${length} values`);
    let starts = length;
    if (levels !== undefined) {
      starts = 0;
      for (let i = 0; i < length; i++) if (levels[i] === 0) starts++;
    }
    this.pages.push({ def: defs, rep: levels, values, length, at: 0, valueAt: 0 });
    this.starts += starts;
  }

  /** Finds the end of the next `n` rows (the entry where row `n` starts, or the end of what is held). */
  private scan(n: number): ScanEnd {
    let seen = 0;
    for (let p = this.head; p < this.pages.length; p++) {
      const page = this.pages[p] as LevelPage;
      const rep = page.rep;
      if (rep === undefined) {
        const left = page.length - page.at;
        if (seen + left > n) return { page: p, entry: page.at + (n - seen) };
        seen += left;
        continue;
      }
      for (let i = page.at; i < page.length; i++) {
        if (rep[i] === 0) {
          if (seen === n) return { page: p, entry: i };
          seen++;
        }
      }
    }
    return { page: this.pages.length, entry: 0 };
  }

  /** Values in entries [from, to) of a page: the entries at the maximum definition level. */
  private valuesIn(page: LevelPage, from: number, to: number): number {
    const def = page.def;
    if (def === undefined) return to - from;
    let k = 0;
    for (let i = from; i < to; i++) if (def[i] === this.maxDef) k++;
    return k;
  }

  /** Moves past the next `n` rows, calling `visit` with each page portion passed over. */
  private advance(n: number, visit?: (page: LevelPage, from: number, to: number, valueFrom: number, valueTo: number) => void): void {
    if (n > this.starts) throw new Error(`parquet nested column: ${n} rows asked, ${this.starts} held`);
    const end = this.scan(n);
    for (let p = this.head; p < this.pages.length && p <= end.page; p++) {
      const page = this.pages[p] as LevelPage;
      const to = p === end.page ? end.entry : page.length;
      const values = this.valuesIn(page, page.at, to);
      visit?.(page, page.at, to, page.valueAt, page.valueAt + values);
      page.at = to;
      page.valueAt += values;
      if (page.at === page.length) {
        this.pages[p] = undefined as unknown as LevelPage; // release the page's levels and values
        this.head = p + 1;
      }
    }
    this.starts -= n;
    if (this.head > 64 && this.head * 2 > this.pages.length) {
      this.pages = this.pages.slice(this.head);
      this.head = 0;
    }
  }

  /** Drops the next `n` rows. */
  drop(n: number): void {
    if (n > 0) this.advance(n);
  }

  /**
   * Removes the next `n` rows and assembles them (hyparquet's `assembleLists`, as its page reader does).
   * @returns One nested array (or value) per row.
   */
  take(n: number): DecodedArray {
    if (n === 0) return [];
    const parts: Array<[LevelPage, number, number, number, number]> = [];
    this.advance(n, (page, from, to, valueFrom, valueTo) => parts.push([page, from, to, valueFrom, valueTo]));
    let def: number[] | undefined;
    let rep: number[] = [];
    let values: DecodedArray;
    if (parts.length === 1) {
      const [page, from, to, valueFrom, valueTo] = parts[0] as (typeof parts)[number];
      def = page.def?.slice(from, to);
      if (page.rep) rep = page.rep.slice(from, to);
      values = valueFrom === 0 && valueTo === page.values.length ? page.values : page.values.slice(valueFrom, valueTo);
    } else {
      const anyDef = parts.some(([page]) => page.def !== undefined);
      def = anyDef ? [] : undefined;
      const all: unknown[] = [];
      for (const [page, from, to, valueFrom, valueTo] of parts) {
        if (def !== undefined) {
          if (page.def) for (let i = from; i < to; i++) def.push(page.def[i] as number);
          else for (let i = from; i < to; i++) def.push(this.maxDef);
        }
        if (page.rep) for (let i = from; i < to; i++) rep.push(page.rep[i] as number);
        for (let i = valueFrom; i < valueTo; i++) all.push(page.values[i]);
      }
      values = all as DecodedArray;
    }
    return assembleLists([], def, rep, values, this.schemaPath);
  }

  /** Drops everything held. */
  clear(): void {
    this.pages = [];
    this.head = 0;
    this.starts = 0;
  }
}

/** What {@link v2NullCount} needs of a DATA_PAGE_V2 header. */
interface V2Levels {
  num_values: number;
  repetition_levels_byte_length: number;
  definition_levels_byte_length: number;
}

/**
 * Entries without a value in a DATA_PAGE_V2 (those below the maximum definition level: null or empty lists, null
 * structs, null leaves), counted from the page's definition levels. The values section holds the other entries.
 * hyparquet takes the header's `num_nulls` for this, but pyarrow writes that field for nested columns without
 * counting every such entry (e.g. `list<struct<…>>` with empty lists), which made those pages unreadable; callers
 * hand hyparquet this count instead, as Arrow's own reader trusts the levels.
 * @param bytes - The page body (levels first, uncompressed).
 * @internal
 */
export function v2NullCount(bytes: Uint8Array, header: V2Levels, maxDef: number): number {
  if (maxDef === 0) return 0;
  const levels = new Array<number>(header.num_values);
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: header.repetition_levels_byte_length };
  readRleBitPackedHybrid(reader, 32 - Math.clz32(maxDef), levels, header.definition_levels_byte_length);
  let nulls = 0;
  for (let i = 0; i < levels.length; i++) if (levels[i] !== maxDef) nulls++;
  return nulls;
}

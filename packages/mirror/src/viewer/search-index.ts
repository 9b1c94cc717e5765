import { createHash } from "node:crypto";
import { mkdirSync, renameSync, rmSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { RowStore, RowStoreWriter, type Row } from "@crucible/core";
import { CrucibleError } from "@crucible/types";
import { indexedKind } from "./features.js";
import type { SplitSource } from "./source.js";
import { parseOrderBy, parseWhere, type FilterColumn } from "./where.js";

/** Bump when the index layout changes: old files are then rebuilt under a new name. */
const INDEX_VERSION = 1;
/** Rows inserted per transaction while building. */
const INSERT_BATCH = 20_000;

type Db = BetterSqlite3.Database;

/** Timing and size of an index build. */
export interface IndexBuildInfo {
  file: string;
  bytes: number;
  /** Milliseconds spent building; 0 when an existing index was opened. */
  buildMs: number;
  rows: number;
}

/** A page of matching split positions and how many match in all. */
export interface IndexPage {
  positions: number[];
  total: number;
}

/** Split a free-text query into words the FTS5 tokenizer treats as single tokens (operators become plain words). */
export function queryTerms(query: string): string[] {
  return query
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 32);
}

/**
 * The search and filter index of one split: a SQLite file with a `rows` table (one column per scalar feature;
 * lists as their length) and a contentless FTS5 table over the string columns, plus a core `RowStore` of the
 * split's rows so that matches (scattered over the split) are read in microseconds each. Built once per split
 * contents (the names hash the Parquet files' sha256); both are written under temporary names and renamed into
 * place (the SQLite file last, so its presence means both are complete).
 */
export class SearchIndex {
  private constructor(
    private readonly db: Db,
    private readonly store: RowStore,
    readonly columns: FilterColumn[],
    readonly info: IndexBuildInfo,
  ) {}

  /**
   * Open the index of `source`, building it first when absent (unless `build` is false).
   * @param dir - Folder holding index files (created when missing).
   * @returns undefined only when `build` is false and no complete index exists.
   */
  static async open(
    source: SplitSource,
    dir: string,
    build = true,
    cancelled: () => boolean = () => false,
  ): Promise<SearchIndex | undefined> {
    const columns = filterColumns(source);
    const key = createHash("sha256")
      .update(JSON.stringify([INDEX_VERSION, source.dataset, source.config, source.split, source.fingerprint, columns]))
      .digest("hex")
      .slice(0, 32);
    const file = path.join(dir, `${key}.sqlite`);
    const rowsDir = path.join(dir, `${key}.rows`);
    const ready = existsSync(file) && RowStore.isValid(rowsDir, key);
    if (!ready && !build) return undefined;
    const { default: Database } = await import("better-sqlite3");
    let buildMs = 0;
    if (!ready) {
      mkdirSync(dir, { recursive: true });
      const t0 = performance.now();
      const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
      let writer: RowStoreWriter | undefined;
      try {
        rmSync(file, { force: true });
        rmSync(rowsDir, { recursive: true, force: true });
        writer = RowStoreWriter.create(rowsDir, { fingerprint: key, features: source.features, fsync: false, asyncWrites: true });
        await buildIndex(new Database(tmp), source, columns, writer, cancelled);
        await writer.drain();
        writer.finish().close();
        writer = undefined;
        renameSync(tmp, file);
      } catch (err) {
        writer?.abort();
        rmSync(tmp, { force: true });
        throw new CrucibleError("STORE", `Could not build the search index of ${source.dataset} ${source.config}/${source.split}`, {
          file,
          cause: err,
          hint: "check free disk space and that the index folder is writable",
        });
      }
      buildMs = performance.now() - t0;
    }
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const store = RowStore.open(rowsDir);
    const bytes = statSync(file).size + store.manifest.dataBytes + 8 * store.manifest.numRows;
    return new SearchIndex(db, store, columns, { file, bytes, buildMs, rows: source.numRows });
  }

  /** Rows at split positions, in the order given (from the row store). */
  rowsAt(positions: number[]): Row[] {
    return positions.map((p) => this.store.get(p) as Row);
  }

  /** Rows whose string columns contain every word of `query` (case-insensitive, Unicode-aware), by row order. */
  search(query: string, offset: number, length: number): IndexPage {
    const terms = queryTerms(query);
    if (!terms.length) return { positions: [], total: 0 };
    const match = terms.map((t) => `"${t}"`).join(" AND ");
    const total = (this.db.prepare("SELECT count(*) AS n FROM fts WHERE fts MATCH ?").get(match) as { n: number }).n;
    const positions = (
      this.db.prepare("SELECT rowid AS r FROM fts WHERE fts MATCH ? ORDER BY rowid LIMIT ? OFFSET ?").all(match, length, offset) as Array<{
        r: number;
      }>
    ).map((x) => x.r);
    return { positions, total };
  }

  /**
   * Rows matching a validated `where` clause, ordered by `orderby` (then by row), one page.
   * @throws InvalidArgumentError from the clause parser.
   */
  filter(where: string | undefined, orderby: string | undefined, offset: number, length: number): IndexPage {
    const w = where?.trim() ? parseWhere(where, this.columns) : { sql: "1", params: [] };
    const o = orderby?.trim() ? `${parseOrderBy(orderby, this.columns)}, row_idx` : "row_idx";
    const total = (this.db.prepare(`SELECT count(*) AS n FROM rows WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
    const positions = (
      this.db
        .prepare(`SELECT row_idx AS r FROM rows WHERE ${w.sql} ORDER BY ${o} LIMIT ? OFFSET ?`)
        .all(...w.params, length, offset) as Array<{ r: number }>
    ).map((x) => x.r);
    return { positions, total };
  }

  /** Run a read-only statement over the `rows` table (for statistics); `sql` is built by this package only. */
  query<T>(sql: string, ...params: Array<string | number>): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  close(): void {
    this.db.close();
    this.store.close();
  }
}

/** The columns kept in the index, with generated SQL names. */
export function filterColumns(source: SplitSource): FilterColumn[] {
  const out: FilterColumn[] = [];
  for (const [i, [name, f]] of Object.entries(source.features).entries()) {
    const kind = indexedKind(f);
    if (kind !== "none") out.push({ name, sql: `c${i}`, kind });
  }
  return out;
}

async function buildIndex(
  db: Db,
  source: SplitSource,
  columns: FilterColumn[],
  writer: RowStoreWriter,
  cancelled: () => boolean,
): Promise<void> {
  try {
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    const sqlType = (k: FilterColumn["kind"]): string => (k === "string" ? "TEXT" : k === "float" ? "REAL" : "INTEGER");
    db.exec(`CREATE TABLE rows (row_idx INTEGER PRIMARY KEY${columns.map((c) => `, ${c.sql} ${sqlType(c.kind)}`).join("")})`);
    db.exec("CREATE VIRTUAL TABLE fts USING fts5(text, content='', detail=none, columnsize=0, tokenize='unicode61 remove_diacritics 2')");
    const insertRow = db.prepare(`INSERT INTO rows VALUES (?${", ?".repeat(columns.length)})`);
    const insertText = db.prepare("INSERT INTO fts (rowid, text) VALUES (?, ?)");
    const strings = columns.filter((c) => c.kind === "string");
    let pos = 0;
    let pending: Array<Record<string, unknown>> = [];
    const flush = db.transaction((rows: Array<Record<string, unknown>>, start: number) => {
      for (const [k, r] of rows.entries()) {
        const values = columns.map((c) => sqlValue(r[c.name], c.kind));
        insertRow.run(start + k, ...values);
        const text = strings
          .map((c) => r[c.name])
          .filter((v): v is string => typeof v === "string")
          .join("\n");
        if (text) insertText.run(start + k, text);
      }
    });
    let start = 0;
    for await (const batch of source.scan()) {
      if (cancelled()) throw new Error("index build cancelled (the mirror is closing)");
      for (const r of batch) writer.append(r);
      pending.push(...batch);
      pos += batch.length;
      if (pending.length >= INSERT_BATCH) {
        flush(pending, start);
        start = pos;
        pending = [];
      }
    }
    if (pending.length) flush(pending, start);
    // indexes for ordering and range filters on numeric columns
    for (const c of columns) if (c.kind !== "string") db.exec(`CREATE INDEX i_${c.sql} ON rows(${c.sql})`);
    db.exec("INSERT INTO fts(fts) VALUES('optimize')");
    // statistics for the query planner (without them it walks an ORDER BY index and checks every row)
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
}

function sqlValue(v: unknown, kind: FilterColumn["kind"]): string | number | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case "string":
      return typeof v === "string" ? v : String(v);
    case "bool":
      return v ? 1 : 0;
    case "list":
      return Array.isArray(v) ? v.length : null;
    default:
      if (typeof v === "bigint") return Number(v);
      return typeof v === "number" && Number.isFinite(v) ? v : null;
  }
}

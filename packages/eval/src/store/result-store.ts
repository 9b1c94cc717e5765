/**
 * ResultStore: evaluation results in an embedded SQLite database (better-sqlite3), in WAL mode so that several
 * processes can write to one file; every save is one transaction, so a killed writer leaves either the whole
 * result or nothing. Ids are random UUIDs (or caller-chosen strings) used only as database keys, never as paths.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { CrucibleError, InvalidArgumentError, type EvalResult, type ItemResult } from "@crucible/types";
import { defaultResultStorePath } from "./data-dir.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

/** Options of {@link ResultStore.open}. */
export interface ResultStoreOptions {
  /** Database file. Default `<crucible data dir>/results.sqlite` (see `defaultResultStorePath`); `":memory:"` for a throw-away store. */
  path?: string;
  /** Open read-only (no migrations run). Default `false`. */
  readonly?: boolean;
  /** How long to wait for another process's write lock, in ms. Default 15000. */
  busyTimeoutMs?: number;
}

/** A stored result without its items, as returned by `query` and `list`. */
export type ResultSummary = Omit<EvalResult, "items"> & {
  /** The store's id of the result. */
  id: string;
  /** When it was saved (ISO 8601, UTC). */
  createdAt: string;
};

/** A stored result with its items, as returned by `load`. */
export type StoredEvalResult = EvalResult & { id: string; createdAt: string };

/** A metric range filter: results whose metric `name` lies in [min, max] (both inclusive, both optional). */
export interface MetricRange {
  name: string;
  min?: number;
  max?: number;
}

/** Filters of {@link ResultStore.query}; all given filters must hold (AND). */
export interface ResultQuery {
  /** Exact model name, or any of several. */
  model?: string | readonly string[];
  /** Exact dataset name, or any of several. */
  dataset?: string | readonly string[];
  /** Metric range(s); every range must hold. */
  metric?: MetricRange | readonly MetricRange[];
  /** Runs started at or after this instant (a Date or ISO string; a bare `YYYY-MM-DD` means that day's start, UTC). */
  from?: Date | string;
  /** Runs started at or before this instant (a bare `YYYY-MM-DD` includes that whole day, UTC). */
  to?: Date | string;
  /** Tag(s) the result must carry (all of them). */
  tag?: string | readonly string[];
  /** Order by start time. Default `"newest"`. */
  order?: "newest" | "oldest";
  /** Maximum rows. Default no limit. */
  limit?: number;
  /** Rows to skip. Default 0. */
  offset?: number;
}

interface ResultRow {
  id: string;
  created_at: string;
  summary: string;
}

interface ItemRow {
  item_id: string;
  answered: number;
  scores: string;
  prediction: string | null;
  reference: string | null;
}

function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

function instant(value: Date | string, endOfDay: boolean, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidArgumentError(`Invalid date in query.${field}`);
    return value.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`;
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new InvalidArgumentError(`Invalid date ${JSON.stringify(value)} in query.${field}`, {
      hint: "Use a Date, an ISO 8601 string or YYYY-MM-DD",
    });
  }
  return new Date(t).toISOString();
}

function list<T>(v: T | readonly T[] | undefined): readonly T[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

function storeError(message: string, file: string, cause?: unknown, hint?: string): CrucibleError {
  return new CrucibleError("STORE", message, { file, ...(cause !== undefined ? { cause } : {}), ...(hint ? { hint } : {}) });
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_RECOVERY" || code === "SQLITE_LOCKED";
}

/** Runs `fn`, retrying with a short synchronous back-off while SQLite reports the file busy, up to `timeoutMs`. */
function retryWhileBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      Atomics.wait(sleeper, 0, 0, Math.min(100, 2 ** attempt));
    }
  }
}

/** An evaluation-result database. Open with {@link ResultStore.open}; close with {@link ResultStore.close}. */
export class ResultStore {
  /** The database file. */
  readonly path: string;
  private readonly db: Database.Database;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
  }

  /**
   * Opens (creating if needed) a result store and brings its schema up to date.
   * @param options - File path (default under the crucible data dir), read-only, busy timeout (default 15 s).
   */
  static open(options: ResultStoreOptions = {}): ResultStore {
    const path = options.path ?? defaultResultStorePath();
    const readonly = options.readonly ?? false;
    let db: Database.Database;
    try {
      if (path !== ":memory:" && !readonly) mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 15_000 });
    } catch (cause) {
      throw storeError(`Cannot open the result store`, path, cause, "Check the path and its permissions");
    }
    try {
      // SQLite can answer SQLITE_BUSY at once, without its busy handler, when two processes switch a new file to WAL
      // at the same moment: retry the initialisation until the busy timeout.
      return retryWhileBusy(() => {
        if (!readonly) {
          db.pragma("journal_mode = WAL");
          db.pragma("synchronous = NORMAL");
        }
        db.pragma("foreign_keys = ON");
        const store = new ResultStore(path, db);
        if (!readonly) store.migrate();
        else if (store.schemaVersion() > SCHEMA_VERSION) store.tooNew(store.schemaVersion());
        return store;
      }, options.busyTimeoutMs ?? 15_000);
    } catch (cause) {
      db.close();
      if (CrucibleError.isInstance(cause)) throw cause;
      throw storeError("Cannot initialise the result store", path, cause, "The file may not be a crucible result store");
    }
  }

  private tooNew(version: number): never {
    throw storeError(
      `The result store has schema version ${version}, newer than this crucible (${SCHEMA_VERSION})`,
      this.path,
      undefined,
      "Upgrade @crucible/eval to read it",
    );
  }

  /** The schema version recorded in the file (`PRAGMA user_version`). */
  schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  private migrate(): void {
    // IMMEDIATE takes the write lock first, so two processes opening a new file migrate it once.
    const run = this.db.transaction(() => {
      const current = this.schemaVersion();
      if (current > SCHEMA_VERSION) this.tooNew(current);
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }
    });
    run.immediate();
  }

  /**
   * Saves a result and its items in one transaction.
   * @param result - The result to store.
   * @param options - `id`: the id to store it under (any non-empty string up to 256 chars). Default a random UUID.
   * @returns The id.
   */
  save(result: EvalResult, options: { id?: string } = {}): string {
    const id = options.id ?? randomUUID();
    if (typeof id !== "string" || id.length === 0 || id.length > 256) {
      throw new InvalidArgumentError("A result id must be a non-empty string of at most 256 characters");
    }
    const { items, ...summary } = result;
    const createdAt = new Date().toISOString();
    const startedAt = instant(result.timing.startedAt, false, "timing.startedAt");
    const insertResult = this.db.prepare(
      `INSERT INTO results (id, model, dataset, started_at, created_at, duration_ms, total, answered, summary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertMetric = this.db.prepare(`INSERT INTO metrics (result_id, name, value) VALUES (?, ?, ?)`);
    const insertTag = this.db.prepare(`INSERT OR IGNORE INTO tags (result_id, tag) VALUES (?, ?)`);
    const insertItem = this.db.prepare(
      `INSERT INTO items (result_id, idx, item_id, answered, scores, prediction, reference) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const tx = this.db.transaction(() => {
      insertResult.run(
        id,
        result.model,
        result.dataset,
        startedAt,
        createdAt,
        result.timing.durationMs,
        result.coverage.total,
        result.coverage.answered,
        toJson(summary),
      );
      for (const [name, value] of Object.entries(result.metrics)) insertMetric.run(id, name, Number.isFinite(value) ? value : null);
      for (const tag of result.tags ?? []) insertTag.run(id, tag);
      items.forEach((it, idx) => {
        insertItem.run(
          id,
          idx,
          it.id,
          it.answered ? 1 : 0,
          toJson(it.scores),
          it.prediction ?? null,
          it.reference === undefined ? null : toJson(it.reference),
        );
      });
    });
    try {
      tx.immediate();
    } catch (cause) {
      if ((cause as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
        throw storeError(
          `A result with id ${JSON.stringify(id)} already exists`,
          this.path,
          cause,
          "Delete it first or save under another id",
        );
      }
      throw storeError("Saving the result failed", this.path, cause);
    }
    return id;
  }

  private summaryOf(row: ResultRow): ResultSummary {
    return { ...(JSON.parse(row.summary) as Omit<EvalResult, "items">), id: row.id, createdAt: row.created_at };
  }

  /**
   * Loads one result with all its items.
   * @param id - The id `save` returned.
   * @returns The result, or `undefined` when no result has that id.
   */
  load(id: string): StoredEvalResult | undefined {
    const row = this.db.prepare(`SELECT id, created_at, summary FROM results WHERE id = ?`).get(id) as ResultRow | undefined;
    if (!row) return undefined;
    const itemRows = this.db
      .prepare(`SELECT item_id, answered, scores, prediction, reference FROM items WHERE result_id = ? ORDER BY idx`)
      .all(id) as ItemRow[];
    const items: ItemResult[] = itemRows.map((r) => {
      const item: ItemResult = { id: r.item_id, scores: JSON.parse(r.scores) as Record<string, number>, answered: r.answered === 1 };
      if (r.prediction !== null) item.prediction = r.prediction;
      if (r.reference !== null) item.reference = JSON.parse(r.reference) as unknown;
      return item;
    });
    const { id: _id, createdAt, ...summary } = this.summaryOf(row);
    return { ...summary, items, id: row.id, createdAt };
  }

  /**
   * Finds results (without items) matching every given filter.
   * @param filter - Model, dataset, metric ranges, start-date range, tags, order (default newest first), limit, offset.
   */
  query(filter: ResultQuery = {}): ResultSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const models = list(filter.model);
    if (models.length > 0) {
      where.push(`r.model IN (${models.map(() => "?").join(",")})`);
      params.push(...models);
    }
    const datasets = list(filter.dataset);
    if (datasets.length > 0) {
      where.push(`r.dataset IN (${datasets.map(() => "?").join(",")})`);
      params.push(...datasets);
    }
    for (const range of list(filter.metric)) {
      let cond = `EXISTS (SELECT 1 FROM metrics m WHERE m.result_id = r.id AND m.name = ?`;
      params.push(range.name);
      if (range.min !== undefined) {
        cond += ` AND m.value >= ?`;
        params.push(range.min);
      }
      if (range.max !== undefined) {
        cond += ` AND m.value <= ?`;
        params.push(range.max);
      }
      where.push(cond + ")");
    }
    if (filter.from !== undefined) {
      where.push(`r.started_at >= ?`);
      params.push(instant(filter.from, false, "from"));
    }
    if (filter.to !== undefined) {
      where.push(`r.started_at <= ?`);
      params.push(instant(filter.to, true, "to"));
    }
    for (const tag of list(filter.tag)) {
      where.push(`EXISTS (SELECT 1 FROM tags t WHERE t.result_id = r.id AND t.tag = ?)`);
      params.push(tag);
    }
    const dir = (filter.order ?? "newest") === "newest" ? "DESC" : "ASC";
    let sql = `SELECT r.id, r.created_at, r.summary FROM results r`;
    if (where.length > 0) sql += ` WHERE ${where.join(" AND ")}`;
    sql += ` ORDER BY r.started_at ${dir}, r.created_at ${dir}, r.rowid ${dir}`;
    if (filter.limit !== undefined || filter.offset !== undefined) {
      sql += ` LIMIT ? OFFSET ?`;
      params.push(filter.limit ?? -1, filter.offset ?? 0);
    }
    return (this.db.prepare(sql).all(...params) as ResultRow[]).map((r) => this.summaryOf(r));
  }

  /**
   * Lists every stored result (without items), newest first.
   * @param options - `limit` (default none) and `offset` (default 0).
   */
  list(options: { limit?: number; offset?: number } = {}): ResultSummary[] {
    return this.query(options);
  }

  /** Number of stored results. */
  count(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM results`).get() as { n: number }).n;
  }

  /**
   * Deletes a result and its items.
   * @returns `true` when a result was deleted, `false` when none had that id.
   */
  delete(id: string): boolean {
    return this.db.prepare(`DELETE FROM results WHERE id = ?`).run(id).changes > 0;
  }

  /** Runs SQLite's `PRAGMA integrity_check`; returns `"ok"` for a healthy file. */
  integrityCheck(): string {
    const rows = this.db.pragma("integrity_check") as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join("\n");
  }

  /** Closes the database. The store cannot be used afterwards. */
  close(): void {
    this.db.close();
  }
}

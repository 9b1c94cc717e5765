/** Schema migrations of the ResultStore, applied in order; `PRAGMA user_version` records the last one applied. */

/** One migration: the SQL that moves the schema from version `version - 1` to `version`. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** All migrations, oldest first. Never edit a released one; append a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "results, metrics, tags, items",
    sql: `
      CREATE TABLE results (
        id          TEXT PRIMARY KEY,
        model       TEXT NOT NULL,
        dataset     TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        total       INTEGER NOT NULL,
        answered    INTEGER NOT NULL,
        summary     TEXT NOT NULL
      );
      CREATE INDEX results_model ON results(model);
      CREATE INDEX results_dataset ON results(dataset);
      CREATE INDEX results_started ON results(started_at);
      CREATE TABLE metrics (
        result_id TEXT NOT NULL REFERENCES results(id) ON DELETE CASCADE,
        name      TEXT NOT NULL,
        value     REAL,
        PRIMARY KEY (result_id, name)
      );
      CREATE INDEX metrics_name_value ON metrics(name, value);
      CREATE TABLE tags (
        result_id TEXT NOT NULL REFERENCES results(id) ON DELETE CASCADE,
        tag       TEXT NOT NULL,
        PRIMARY KEY (result_id, tag)
      );
      CREATE INDEX tags_tag ON tags(tag);
      CREATE TABLE items (
        result_id  TEXT NOT NULL REFERENCES results(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        item_id    TEXT NOT NULL,
        answered   INTEGER NOT NULL,
        scores     TEXT NOT NULL,
        prediction TEXT,
        reference  TEXT,
        PRIMARY KEY (result_id, idx)
      );
    `,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

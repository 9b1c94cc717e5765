const SKIP = Symbol.for("crucible.skipRow");

/** What a transform step returns to leave a source row out and have it recorded (see {@link skipRow}). */
export interface SkipRow {
  readonly [SKIP]: true;
  /** Why the row was left out (a short stable word, e.g. `no-boxed-answer`). */
  readonly reason: string;
  /** Free-text detail, e.g. the parse error's message. */
  readonly detail?: string;
  /** Extra data kept with the skip record (must be JSON-like: it is stored with the output). */
  readonly data?: Record<string, unknown>;
}

/**
 * Marks a source row as skipped: a step returning it drops the row and the pipeline records
 * `{ position, reason, detail, data }` (reported through `skipped()` on every later open too).
 * @param reason - Why the row was left out.
 * @param detail - Optional detail (default none).
 * @param data - Optional JSON-like extra data (default none).
 */
export function skipRow(reason: string, detail?: string, data?: Record<string, unknown>): SkipRow {
  return { [SKIP]: true, reason, ...(detail === undefined ? {} : { detail }), ...(data === undefined ? {} : { data }) } as SkipRow;
}

/** True when `value` is a {@link skipRow} marker. */
export function isSkipRow(value: unknown): value is SkipRow {
  return typeof value === "object" && value !== null && (value as { [SKIP]?: unknown })[SKIP] === true;
}

/** Where the row being transformed comes from. */
export interface RowContext {
  /** Position of the row in the source dataset. */
  readonly position: number;
  /** The split the row belongs to (the source's `info.split`, or the split of its source range). */
  readonly split: string | undefined;
  /** Index of the row in that split (differs from `position` when the source is a split string such as `train[10:]`). */
  readonly index: number;
}

/** One member of a group handed to a {@link Transform.group} reducer. */
export interface GroupMember<T> {
  /** The member's value after the steps before the group. */
  readonly value: T;
  /** Where it came from. */
  readonly context: RowContext;
}

/** One step of a pipeline. @internal */
export type Step =
  | { kind: "map"; fn: (row: unknown, ctx: RowContext) => unknown }
  | { kind: "filter"; fn: (row: unknown, ctx: RowContext) => boolean | SkipRow }
  | { kind: "flatMap"; fn: (row: unknown, ctx: RowContext) => Iterable<unknown> | SkipRow }
  | { kind: "group"; key: (row: unknown, ctx: RowContext) => unknown; reduce: (members: GroupMember<unknown>[], key: unknown) => unknown };

/**
 * A row pipeline from source rows of type `In` to outputs of type `Out`, built step by step (each call returns a
 * new, immutable Transform). Run it with `transformDataset`. Steps see each row with its {@link RowContext}; any
 * step may return {@link skipRow} to drop the row with a recorded reason.
 *
 * Outputs keep source order: the outputs of source row p come before those of row p + 1 (a `group` emits each
 * group at its first member's position, groups in first-seen order).
 */
export class Transform<In, Out> {
  /** @internal */
  readonly steps: readonly Step[];

  private constructor(steps: readonly Step[]) {
    this.steps = steps;
  }

  /** The identity pipeline over rows of type `In`; add steps to it. */
  static rows<In>(): Transform<In, In> {
    return new Transform<In, In>([]);
  }

  /** Replaces each row by `fn(row, ctx)`, or drops it with a record when `fn` returns {@link skipRow}. */
  map<U>(fn: (row: Out, ctx: RowContext) => U | SkipRow): Transform<In, U> {
    return new Transform<In, U>([...this.steps, { kind: "map", fn: fn as (row: unknown, ctx: RowContext) => unknown }]);
  }

  /** Keeps the rows for which `fn` returns true; `false` drops silently, {@link skipRow} drops with a record. */
  filter(fn: (row: Out, ctx: RowContext) => boolean | SkipRow): Transform<In, Out> {
    return new Transform<In, Out>([...this.steps, { kind: "filter", fn: fn as (row: unknown, ctx: RowContext) => boolean | SkipRow }]);
  }

  /** Replaces each row by zero or more outputs (all at the row's position), or a {@link skipRow}. */
  flatMap<U>(fn: (row: Out, ctx: RowContext) => Iterable<U> | SkipRow): Transform<In, U> {
    return new Transform<In, U>([
      ...this.steps,
      { kind: "flatMap", fn: fn as (row: unknown, ctx: RowContext) => Iterable<unknown> | SkipRow },
    ]);
  }

  /**
   * Groups rows by `key` (compared with `Map` semantics: strings and numbers by value) and replaces each group by
   * `reduce(members, key)`, or a {@link skipRow} (recorded at the first member's position). Groups come out in
   * first-seen order once the whole source is read. The members are held in memory until then: map rows to what
   * the reducer needs before grouping.
   */
  group<K, U>(key: (row: Out, ctx: RowContext) => K, reduce: (members: GroupMember<Out>[], key: K) => U | SkipRow): Transform<In, U> {
    return new Transform<In, U>([
      ...this.steps,
      {
        kind: "group",
        key: key as (row: unknown, ctx: RowContext) => unknown,
        reduce: reduce as (members: GroupMember<unknown>[], key: unknown) => unknown,
      },
    ]);
  }
}

import { attachRaw, type SkipRecord, type TransformedDataset } from "./transform/transformed.js";

/** A row a loader left out, with where it was and the untouched raw row. */
export interface SkippedRow<Reason extends string = string> {
  /** Repository id. */
  repo: string;
  /** Config name. */
  config: string;
  /** The split the row was read from. */
  split: string;
  /** Row index in that split, as read. */
  index: number;
  /** Why the row was left out. */
  reason: Reason;
  /** Extra detail, e.g. the parse or extraction error. */
  detail?: string;
  /** The raw row. */
  raw: Record<string, unknown>;
}

/** Options of {@link SkipCollector}. */
export interface SkipCollectorOptions<Reason extends string> {
  /** The `code` of the summary `process.emitWarning`, e.g. `CRUCIBLE_MATH_SKIPPED`. */
  warningCode: string;
  /** Reasons that are expected (e.g. decontamination): passed to `onSkip`, left out of the warning. Default none. */
  expected?: readonly Reason[];
}

/**
 * Collects the rows a domain loader leaves out during one load, so none is lost silently: each goes to the
 * caller's `onSkip`, or, without one, `finish()` emits one process warning counting them per reason.
 */
export class SkipCollector<Reason extends string = string, Skipped extends SkippedRow<Reason> = SkippedRow<Reason>> {
  private readonly counts = new Map<Reason, number>();

  /**
   * @param loader - The loader's name, shown in the warning (e.g. `gsm8k`).
   * @param onSkip - The caller's callback; when undefined the summary warning is emitted instead.
   * @param options - Warning code and expected reasons.
   */
  constructor(
    private readonly loader: string,
    private readonly onSkip: ((row: Skipped) => void) | undefined,
    private readonly options: SkipCollectorOptions<Reason>,
  ) {}

  /** Records one skipped row (and passes it to `onSkip`). */
  add(row: Skipped): void {
    this.counts.set(row.reason, (this.counts.get(row.reason) ?? 0) + 1);
    this.onSkip?.(row);
  }

  /**
   * Records every skip of a transform run (see `transformDataset`), in source order, as {@link SkippedRow}s of
   * `repo`/`config` with the raw source row. Reused (warm) runs replay the stored records, so a loader reports
   * the same skips whether or not its transform ran.
   * @param transformed - The transform's result.
   * @param where - Repository and config recorded in each row.
   * @param extend - Adds loader-specific fields to each row (e.g. an error rebuilt from the record's data); needed
   *   when `Skipped` has fields beyond {@link SkippedRow}. Default none.
   * @param records - The records to add, e.g. only those of the rows a loader selected. Default: all of them.
   */
  addAll(
    transformed: TransformedDataset<unknown>,
    where: { repo: string; config: string },
    extend?: (row: SkippedRow<Reason>, record: SkipRecord) => Skipped,
    records: readonly SkipRecord[] = transformed.skipped(),
  ): void {
    for (const record of records) {
      const row = {
        repo: where.repo,
        config: where.config,
        split: record.split ?? "",
        index: record.index,
        reason: record.reason as Reason,
        ...(record.detail !== undefined ? { detail: record.detail } : {}),
      } as SkippedRow<Reason>;
      // raw is read from the source only when looked at (a warm load replaying many skips decodes none)
      attachRaw(row, "raw", () => transformed.rawOf(record.position));
      this.add(extend ? extend(row, record) : (row as Skipped));
    }
  }

  /** Total rows skipped so far. */
  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** How many rows were skipped for `reason` so far. */
  count(reason: Reason): number {
    return this.counts.get(reason) ?? 0;
  }

  /**
   * Emits the summary warning when there is no callback and an unexpected reason occurred.
   * @param total - Rows read, shown as "skipped n of total rows" when given. Default: not shown.
   */
  finish(total?: number): void {
    if (this.onSkip) return;
    const expected = new Set<string>(this.options.expected ?? []);
    const unexpected = [...this.counts].filter(([reason]) => !expected.has(reason));
    if (unexpected.length === 0) return;
    const parts = unexpected.map(([reason, n]) => `${n} × ${reason}`).join(", ");
    const n = unexpected.reduce((sum, [, c]) => sum + c, 0);
    const what = total === undefined ? parts : `${n} of ${total} rows: ${parts}`;
    process.emitWarning(`${this.loader}: skipped ${what} (pass onSkip to see each row)`, {
      code: this.options.warningCode,
    });
  }
}

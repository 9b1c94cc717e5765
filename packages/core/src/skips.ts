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
export class SkipCollector<Reason extends string = string> {
  private readonly counts = new Map<Reason, number>();

  /**
   * @param loader - The loader's name, shown in the warning (e.g. `gsm8k`).
   * @param onSkip - The caller's callback; when undefined the summary warning is emitted instead.
   * @param options - Warning code and expected reasons.
   */
  constructor(
    private readonly loader: string,
    private readonly onSkip: ((row: SkippedRow<Reason>) => void) | undefined,
    private readonly options: SkipCollectorOptions<Reason>,
  ) {}

  /** Records one skipped row (and passes it to `onSkip`). */
  add(row: SkippedRow<Reason>): void {
    this.counts.set(row.reason, (this.counts.get(row.reason) ?? 0) + 1);
    this.onSkip?.(row);
  }

  /** How many rows were skipped for `reason` so far. */
  count(reason: Reason): number {
    return this.counts.get(reason) ?? 0;
  }

  /** Emits the summary warning when there is no callback and an unexpected reason occurred. */
  finish(): void {
    if (this.onSkip) return;
    const expected = new Set<string>(this.options.expected ?? []);
    const parts = [...this.counts].filter(([reason]) => !expected.has(reason)).map(([reason, n]) => `${n} × ${reason}`);
    if (parts.length === 0) return;
    process.emitWarning(`${this.loader}: skipped ${parts.join(", ")} (pass onSkip to see each row)`, {
      code: this.options.warningCode,
    });
  }
}

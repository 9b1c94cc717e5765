import type { Row } from "./hub.js";

/** Why a loader left a row out. */
export type SkipReason =
  /** The `tests` cell is not valid JSON, or not a shape the cookbook's `_normalize_tests` accepts. */
  | "malformed-tests"
  /** The row has no tests after normalisation (the cookbook drops it). */
  | "no-tests"
  /** The problem text (`question`/`prompt`/`problem`) is empty (the cookbook drops it). */
  | "empty-problem";

/** A row a loader left out, with where it was and the raw row. */
export interface SkippedRow {
  repo: string;
  config: string;
  split: string;
  /** Row index in the split as read from the Hub. */
  index: number;
  reason: SkipReason;
  /** Extra detail, e.g. the JSON parse error. */
  detail?: string;
  raw: Row;
}

/** Options every code loader accepts for skipped rows. */
export interface SkipReporting {
  /**
   * Called for each row left out. When omitted, one process warning (`process.emitWarning`, code
   * `CRUCIBLE_CODE_SKIPPED`) summarises the skipped rows, so none is lost silently.
   */
  onSkip?: (row: SkippedRow) => void;
}

/** Collects skips during one load and reports them. @internal */
export class SkipCollector {
  private readonly counts = new Map<SkipReason, number>();
  constructor(
    private readonly loader: string,
    private readonly onSkip: ((row: SkippedRow) => void) | undefined,
  ) {}
  add(row: SkippedRow): void {
    this.counts.set(row.reason, (this.counts.get(row.reason) ?? 0) + 1);
    this.onSkip?.(row);
  }
  /** Emits the summary warning when there is no callback. */
  finish(): void {
    if (this.onSkip || this.counts.size === 0) return;
    const parts = [...this.counts].map(([r, n]) => `${n} × ${r}`);
    process.emitWarning(`${this.loader}: skipped ${parts.join(", ")} (pass onSkip to see each row)`, { code: "CRUCIBLE_CODE_SKIPPED" });
  }
}

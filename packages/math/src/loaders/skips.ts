import type { Row } from "./adapters.js";

/** Why a loader left a row out. */
export type SkipReason =
  /** MATH / MATH-500: the solution has no `\boxed{}` answer the cookbook's `extract_boxed` accepts. */
  | "no-boxed-answer"
  /** GSM8K: the answer has no `####` final answer. */
  | "no-final-answer"
  /** DeepMath / Polaris: the problem is empty or missing. */
  | "empty-problem"
  /** DeepMath / Polaris: the reference answer is empty or missing. */
  | "empty-answer"
  /** hendrycks_math: the problem is one of MATH-500's (decontamination, as the cookbook does). */
  | "decontaminated";

/** A row a loader left out, with where it was and the raw row. */
export interface SkippedRow {
  repo: string;
  config: string;
  split: string;
  /** Row index in the split as read from the Hub. */
  index: number;
  reason: SkipReason;
  /** Extra detail, e.g. the extraction error. */
  detail?: string;
  raw: Row;
}

/** Options every math loader accepts for skipped rows. */
export interface SkipReporting {
  /**
   * Called for each row left out (and for each decontaminated row). When omitted, one process warning
   * (`process.emitWarning`, code `CRUCIBLE_MATH_SKIPPED`) summarises the skipped rows, so none is lost silently;
   * decontaminated rows are expected and not warned about.
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
  count(reason: SkipReason): number {
    return this.counts.get(reason) ?? 0;
  }
  /** Emits the summary warning when there is no callback. */
  finish(): void {
    if (this.onSkip) return;
    const parts = [...this.counts].filter(([r]) => r !== "decontaminated").map(([r, n]) => `${n} × ${r}`);
    if (parts.length === 0) return;
    process.emitWarning(`${this.loader}: skipped ${parts.join(", ")} (pass onSkip to see each row)`, {
      code: "CRUCIBLE_MATH_SKIPPED",
    });
  }
}

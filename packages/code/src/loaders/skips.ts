import { SkipCollector as CoreSkipCollector, type SkippedRow as CoreSkippedRow } from "@crucible/core";

/** Why a loader left a row out. */
export type SkipReason =
  /** The `tests` cell is not valid JSON, or has a shape the cookbook's `_normalize_tests` raises on. */
  | "malformed-tests"
  /** The row has no tests after normalisation (the cookbook drops it). */
  | "no-tests"
  /** The problem text (`question`/`prompt`/`problem`) is missing, blank or not text (the cookbook drops it). */
  | "empty-problem";

/** A row a loader left out, with where it was and the raw row (core's `SkippedRow` with this package's reasons). */
export type SkippedRow = CoreSkippedRow<SkipReason>;

/** Options every code loader accepts for skipped rows. */
export interface SkipReporting {
  /**
   * Called for each row left out. When omitted, one process warning (`process.emitWarning`, code
   * `CRUCIBLE_CODE_SKIPPED`) summarises the skipped rows, so none is lost silently.
   */
  onSkip?: (row: SkippedRow) => void;
}

/** Collects skips during one load and reports them (core's collector with this package's warning code). @internal */
export class SkipCollector extends CoreSkipCollector<SkipReason> {
  constructor(loader: string, onSkip: ((row: SkippedRow) => void) | undefined) {
    super(loader, onSkip, { warningCode: "CRUCIBLE_CODE_SKIPPED" });
  }
}

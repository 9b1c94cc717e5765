import { SkipCollector as CoreSkipCollector, type SkippedRow as CoreSkippedRow } from "@crucible/core";

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

/** A row a loader left out, with where it was and the raw row (core's `SkippedRow` with this package's reasons). */
export type SkippedRow = CoreSkippedRow<SkipReason>;

/** Options every math loader accepts for skipped rows. */
export interface SkipReporting {
  /**
   * Called for each row left out (and for each decontaminated row). When omitted, one process warning
   * (`process.emitWarning`, code `CRUCIBLE_MATH_SKIPPED`) summarises the skipped rows, so none is lost silently;
   * decontaminated rows are expected and not warned about.
   */
  onSkip?: (row: SkippedRow) => void;
}

/** Collects skips during one load and reports them (core's collector with this package's warning code). @internal */
export class SkipCollector extends CoreSkipCollector<SkipReason> {
  constructor(loader: string, onSkip: ((row: SkippedRow) => void) | undefined) {
    super(loader, onSkip, { warningCode: "CRUCIBLE_MATH_SKIPPED", expected: ["decontaminated"] });
  }
}

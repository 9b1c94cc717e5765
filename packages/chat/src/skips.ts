import {
  SkipCollector as CoreSkipCollector,
  type SkipRecord,
  type SkippedRow as CoreSkippedRow,
  type TransformedDataset,
} from "@crucible/core";
import { DataFormatError, type ErrorLocation } from "@crucible/types";

/** Why a chat loader left a row out: its messages are not a valid conversation. */
export type SkipReason = "invalid-conversation";

/** A row a chat loader left out because it is not a valid conversation (core's `SkippedRow` plus the error). */
export interface SkippedRow extends CoreSkippedRow<SkipReason> {
  /** The error describing what was wrong (repo, row and field are in its location). */
  error: DataFormatError;
}

/** Options every chat loader accepts for bad rows. */
export interface SkipReporting {
  /**
   * Called for each row left out. When omitted, a process warning (`process.emitWarning`, code
   * `CRUCIBLE_CHAT_SKIPPED`) summarises them, so none is lost silently. Default: undefined.
   */
  onSkip?: (row: SkippedRow) => void;
  /** Throw the first bad row's DataFormatError (in row order) instead of skipping. Default: false. */
  strict?: boolean;
}

/** What a skip record keeps of a DataFormatError so it can be rebuilt on a warm load. @internal */
export function errorData(error: DataFormatError): Record<string, unknown> {
  return { message: error.message, location: error.location, ...(error.hint !== undefined ? { hint: error.hint } : {}) };
}

/** Rebuilds the DataFormatError of a stored skip record (same message, location and hint). @internal */
export function errorFromRecord(record: SkipRecord): DataFormatError {
  const data = (record.data ?? {}) as { message?: string; location?: ErrorLocation; hint?: string };
  const error = new DataFormatError(data.message ?? record.detail ?? record.reason);
  Object.assign(error, { location: data.location ?? {}, hint: data.hint });
  return error;
}

/** Collects skips during one load and reports them (core's collector with the chat warning code and `strict`). @internal */
export class SkipCollector extends CoreSkipCollector<SkipReason, SkippedRow> {
  constructor(
    loader: string,
    private readonly reporting: SkipReporting,
  ) {
    super(loader, reporting.onSkip, { warningCode: "CRUCIBLE_CHAT_SKIPPED" });
  }

  /** Records the skips of a transform run, rebuilding each row's error; throws the first one when `strict`. */
  addTransformed(
    transformed: TransformedDataset<unknown>,
    where: { repo: string; config: string },
    extend: (row: SkippedRow, record: SkipRecord) => SkippedRow = (row) => row,
  ): void {
    const first = transformed.skipped()[0];
    if (this.reporting.strict && first !== undefined) throw errorFromRecord(first);
    this.addAll(transformed, where, (row, record) =>
      extend({ ...row, reason: "invalid-conversation", error: errorFromRecord(record) }, record),
    );
  }
}

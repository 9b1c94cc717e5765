import type { DataFormatError } from "@crucible/types";

/** A row a chat loader left out because it is not a valid conversation. */
export interface SkippedRow {
  /** Repository id (or the local file for file loaders). */
  repo: string;
  config: string;
  split: string;
  /** Row index in the split as read (for streams: position in the stream, see each loader). */
  index: number;
  /** The error describing what was wrong (repo, row and field are in its location). */
  error: DataFormatError;
  /** The untouched raw row. */
  raw: Record<string, unknown>;
}

/** Options every chat loader accepts for bad rows. */
export interface SkipReporting {
  /**
   * Called for each row left out. When omitted, a process warning (`process.emitWarning`, code
   * `CRUCIBLE_CHAT_SKIPPED`) summarises them, so none is lost silently. Default: undefined.
   */
  onSkip?: (row: SkippedRow) => void;
  /** Throw the row's DataFormatError instead of skipping it. Default: false. */
  strict?: boolean;
}

/** Collects skips during one load and reports them. @internal */
export class SkipCollector {
  private count = 0;
  constructor(
    private readonly loader: string,
    private readonly options: SkipReporting,
  ) {}
  /** Records a bad row, or throws its error when `strict`. */
  add(row: SkippedRow): void {
    if (this.options.strict) throw row.error;
    this.count += 1;
    this.options.onSkip?.(row);
  }
  /** Number of rows skipped so far. */
  get skipped(): number {
    return this.count;
  }
  /** Emits the summary warning when there is no callback. */
  finish(total: number): void {
    if (this.options.onSkip || this.count === 0) return;
    process.emitWarning(`${this.loader}: skipped ${this.count} of ${total} rows that are not valid conversations (pass onSkip to see each row)`, {
      code: "CRUCIBLE_CHAT_SKIPPED",
    });
  }
}

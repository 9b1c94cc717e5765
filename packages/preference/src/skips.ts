import type { Row } from "./hub.js";

/** Why a loader left a row out. */
export type SkipReason =
  /** HelpSteer3 `overall_preference == 0`; Arena `winner` is `tie` or `both_bad` (the cookbook skips both). */
  | "tie"
  /** hh-rlhf: chosen/rejected differ in message count, or in a message before the last, or not in the last one. */
  | "mismatched-turns"
  /** Arena: a content item is not `{type: "text"}` (e.g. an image); the cookbook skips the whole row. */
  | "non-text-content"
  /** Arena: a parsed conversation is empty, has fewer than 2 messages, or does not end with an assistant turn. */
  | "bad-conversation"
  /** HelpSteer2: the prompt has only one response, so no pair can be built. */
  | "single-response"
  /** HelpSteer2: every response of the prompt has the same helpfulness. */
  | "no-helpfulness-gap"
  /**
   * A field the transform needs is missing or has the wrong type (e.g. null text, Tulu `chosen` with fewer
   * than 2 messages, hh-rlhf text before the first `Human:`). The cookbook would crash or pass the value on;
   * crucible skips and reports instead.
   */
  | "invalid-row";

/** A row a loader left out, with where it was and the raw row. */
export interface SkippedRow {
  repo: string;
  config: string;
  /** The Hub split the row was read from (e.g. `validation` for HelpSteer3's test). */
  split: string;
  /** Row index in the Hub split as read from the Hub (HelpSteer2: the prompt's first row). */
  index: number;
  reason: SkipReason;
  /** Extra detail, e.g. which field was invalid. */
  detail?: string;
  raw: Row;
}

/** Options every preference loader accepts for skipped rows. */
export interface SkipReporting {
  /**
   * Called for each row left out. When omitted, one process warning (`process.emitWarning`, code
   * `CRUCIBLE_PREFERENCE_SKIPPED`) summarises the skipped rows per reason, so none is lost silently.
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
    process.emitWarning(`${this.loader}: skipped ${parts.join(", ")} (pass onSkip to see each row)`, {
      code: "CRUCIBLE_PREFERENCE_SKIPPED",
    });
  }
}

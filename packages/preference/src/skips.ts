import { SkipCollector as CoreSkipCollector, type SkippedRow as CoreSkippedRow } from "@crucible/core";

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

/** A row a loader left out, with where it was and the raw row (core's `SkippedRow` with this package's reasons). */
export type SkippedRow = CoreSkippedRow<SkipReason>;

/** Options every preference loader accepts for skipped rows. */
export interface SkipReporting {
  /**
   * Called for each row left out. When omitted, one process warning (`process.emitWarning`, code
   * `CRUCIBLE_PREFERENCE_SKIPPED`) summarises the skipped rows per reason, so none is lost silently.
   */
  onSkip?: (row: SkippedRow) => void;
}

/** Collects skips during one load and reports them (core's collector with this package's warning code). @internal */
export class SkipCollector extends CoreSkipCollector<SkipReason> {
  constructor(loader: string, onSkip: ((row: SkippedRow) => void) | undefined) {
    super(loader, onSkip, { warningCode: "CRUCIBLE_PREFERENCE_SKIPPED" });
  }
}

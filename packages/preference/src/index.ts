// Loaders (cookbook order, test split and filters; see README)
export { hhRlhf, parseHhConversation, HH_RLHF_REPO } from "./loaders/hh-rlhf.js";
export type { HhRlhfOptions } from "./loaders/hh-rlhf.js";
export { helpSteer3, HELPSTEER3_REPO } from "./loaders/helpsteer3.js";
export type { HelpSteer3Options } from "./loaders/helpsteer3.js";
export { helpSteer2, HELPSTEER2_REPO } from "./loaders/helpsteer2.js";
export type { HelpSteer2Options, HelpSteer2Pair } from "./loaders/helpsteer2.js";
export { ultraFeedback, ULTRAFEEDBACK_REPO } from "./loaders/ultrafeedback.js";
export type { UltraFeedbackOptions } from "./loaders/ultrafeedback.js";
export { arena140k, parseArenaConversation, ARENA_140K_REPO } from "./loaders/arena.js";
export type { Arena140kOptions } from "./loaders/arena.js";
export { tulu3Preference, TULU3_PREFERENCE_REPO } from "./loaders/tulu3.js";
export type { Tulu3PreferenceOptions } from "./loaders/tulu3.js";

// Shared options, skip reporting, A/B swap
export type { PreferenceOptions, PreferenceSplit } from "./common.js";
export type { HubLoadOptions, PreferenceDatasetInfo } from "./hub.js";
export type { SkipReason, SkippedRow, SkipReporting } from "./skips.js";
export { cookbookSwap } from "./swap.js";
export type { CookbookSwapOptions } from "./swap.js";

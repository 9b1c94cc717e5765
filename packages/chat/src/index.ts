export { normalizeRole, cookbookShareGptRole, ROLE_ALIASES } from "./roles.js";
export { parseMessages, parseShareGpt, type RowLocation } from "./parse.js";
export type { SkippedRow, SkipReporting } from "./skips.js";
export type { ChatSplits, HubLoadOptions } from "./loaders/common.js";
export { tulu3Sft, TULU3_SFT_REPO, type Tulu3SftOptions } from "./loaders/tulu3.js";
export { noRobots, noRobotsSplit, NO_ROBOTS_REPO, type NoRobotsOptions, type NoRobotsSplitOptions } from "./loaders/no-robots.js";
export { openThoughts3, OPEN_THOUGHTS3_REPO, OPEN_THOUGHTS3_COOKBOOK_ROWS, type OpenThoughts3Options } from "./loaders/open-thoughts.js";
export { conversationsFromFile, type ConversationsFromFileOptions } from "./loaders/files.js";

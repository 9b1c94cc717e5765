// --- CLI (owner: hub-load) ---
export { runCli } from "./cli/main.js";
export type { CliIO } from "./cli/context.js";
export { formatTable, toJsonLine } from "./cli/serialize.js";

// --- named loaders ---
// Named loaders (`load("gsm8k")`) will be registered here; they may import the domain packages
// (@crucible/math, chat, preference, code, vision, eval). None is imported yet.

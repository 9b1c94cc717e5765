#!/usr/bin/env node
// Runs every example (one per domain) and fails when one does. Needs the packages built (`pnpm build`).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const EXAMPLES = ["math", "chat", "preference", "code", "vision", "eval"];
const failed = [];
for (const name of EXAMPLES) {
  console.log(`\n== examples/${name}.mjs`);
  const r = spawnSync(process.execPath, [`${name}.mjs`], { cwd: here, stdio: "inherit" });
  if (r.status !== 0) failed.push(name);
}
console.log(failed.length ? `\nexamples failed: ${failed.join(", ")}` : `\nall ${EXAMPLES.length} examples passed`);
process.exitCode = failed.length ? 1 : 0;

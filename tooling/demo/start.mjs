#!/usr/bin/env node
// `pnpm start`: build the packages when a build is missing or older than the sources, then run `crucible demo`
// (the main job against the bundled sample hub). Arguments go to the demo, e.g. `pnpm start -- --root DIR`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Newest modification time of the files under dir (0 when it does not exist). */
function newest(dir) {
  let t = 0;
  for (const e of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function needsBuild() {
  const pkgs = join(root, "packages");
  return readdirSync(pkgs).some((name) => {
    const dist = join(pkgs, name, "dist", "index.js");
    return !existsSync(dist) || newest(join(pkgs, name, "src")) > statSync(dist).mtimeMs;
  });
}

if (needsBuild()) {
  console.log("building the packages (first run, or sources changed)…");
  const turbo = join(root, "node_modules", ".bin", process.platform === "win32" ? "turbo.cmd" : "turbo");
  const r = spawnSync(turbo, ["run", "build", "--output-logs=errors-only"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) {
    console.error(`build failed (exit ${r.status ?? r.signal}); run \`pnpm build\` to see why`);
    process.exit(1);
  }
}

const args = process.argv.slice(2);
if (args[0] === "--") args.shift();
const { runCli } = await import(pathToFileURL(join(root, "packages", "datasets", "dist", "index.js")).href);
process.exitCode = await runCli(["demo", ...args]);

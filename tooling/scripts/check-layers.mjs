#!/usr/bin/env node
// Fails when a package imports a @crucible package above it or a sibling domain package (DESIGN.md §2).
// Test files (*.test.ts, test/, test-support/) may also import @crucible/mirror, the project's test server.
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const DOMAIN = ["math", "chat", "preference", "code", "vision", "eval"];
/** Which workspace packages each package may import at run time. */
const ALLOWED = {
  types: [],
  core: ["types"],
  hub: ["types", "core"],
  mirror: ["types", "core"],
  ...Object.fromEntries(DOMAIN.map((d) => [d, ["types", "core", "hub"]])),
  // datasets serves repos (`crucible mirror serve`, `crucible demo`), so it may import mirror at run time.
  datasets: ["types", "core", "hub", "mirror", ...DOMAIN],
};
const TEST_ONLY = ["mirror"];

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(m?[jt]s|tsx)$/.test(name)) yield p;
  }
}

// `--package NAME` checks one package (its turbo `lint` task); no argument checks them all.
const only = process.argv.includes("--package") ? process.argv[process.argv.indexOf("--package") + 1] : undefined;
const violations = [];
const pkgsDir = join(root, "packages");
for (const pkg of readdirSync(pkgsDir)) {
  if (only && pkg !== only) continue;
  const dir = join(pkgsDir, pkg);
  if (!existsSync(join(dir, "package.json"))) continue;
  const allowed = ALLOWED[pkg];
  if (!allowed) {
    violations.push(`packages/${pkg}: not in the layer graph; add it to tooling/scripts/check-layers.mjs`);
    continue;
  }
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const m = /^@crucible\/(.+)$/.exec(dep);
    if (m && !allowed.includes(m[1])) violations.push(`packages/${pkg}/package.json: depends on ${dep}, which is not below it`);
  }
  for (const file of walk(dir)) {
    const rel = relative(root, file);
    const isTest = /\.test\.ts$|\/test\/|\/test-support\//.test(rel) || rel.endsWith("vitest.config.ts");
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']@crucible\/([a-z-]+)/g)) {
      const target = m[1];
      if (target === pkg || allowed.includes(target) || (isTest && TEST_ONLY.includes(target))) continue;
      violations.push(`${rel}: imports @crucible/${target}, which ${pkg} may not import`);
    }
  }
}

if (violations.length) {
  console.error(`Layering check failed (${violations.length}):\n  ${violations.join("\n  ")}`);
  process.exit(1);
}
console.log(`Layering check passed${only ? ` for @crucible/${only}` : ""}.`);

#!/usr/bin/env node
// Fails when a package imports a @crucible package above it or a sibling domain package (types → core → hub →
// domain packages → datasets), when any file reaches into another package by a relative path, or when a
// package.json's dependencies do not match what its files import (missing or unused).
// Test files (*.test.ts, test/, test-support/) may also import @crucible/mirror, the project's test server.
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
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
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const rootDevDependencies = Object.keys(rootManifest.devDependencies ?? {});

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(m?[jt]s|tsx)$/.test(name)) yield p;
  }
}

// `--package NAME` checks one package; no argument checks them all.
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
  const dependencies = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  const devDependencies = Object.keys(manifest.devDependencies ?? {});
  const usedAtRunTime = new Set();
  const usedByTests = new Set();
  for (const file of walk(dir)) {
    const rel = relative(root, file);
    // Build-time sources (the viewer page, bundled into page-dist by the package build) may use devDependencies.
    const isTest = /\.test\.ts$|\/test\/|\/test-support\/|\/viewer\/page\//.test(rel) || rel.endsWith("vitest.config.ts");
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|[\s;])(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)["']([^"'./][^"']*)["']/gm)) {
      const name = packageName(m[1]);
      if (name) (isTest ? usedByTests : usedAtRunTime).add(name);
      if (name && !isTest && !dependencies.includes(name)) {
        violations.push(`${rel}: imports ${name}, which packages/${pkg}/package.json does not list in "dependencies"`);
      } else if (name && isTest && !dependencies.includes(name) && !devDependencies.includes(name) && !rootDevDependencies.includes(name)) {
        violations.push(`${rel}: imports ${name}, which packages/${pkg}/package.json does not list (add it to "devDependencies")`);
      }
    }
    // Another package is reached through its entry points (or a published subpath such as
    // `@crucible/mirror/testing`), never by a relative path into its files.
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.\.?\/[^"']*)["']/g)) {
      const target = resolve(dirname(file), m[1]);
      if (target.startsWith(pkgsDir + sep) && !target.startsWith(dir + sep)) {
        violations.push(
          `${rel}: imports ${m[1]}, a file of packages/${relative(pkgsDir, target).split(sep)[0]}; import its package name instead`,
        );
      }
    }
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']@crucible\/([a-z-]+)/g)) {
      const target = m[1];
      if (target === pkg || allowed.includes(target) || (isTest && TEST_ONLY.includes(target))) continue;
      violations.push(`${rel}: imports @crucible/${target}, which ${pkg} may not import`);
    }
  }
  for (const dep of dependencies) {
    if (usedAtRunTime.has(dep)) continue;
    const where = usedByTests.has(dep) ? "only tests import it: move it to devDependencies" : "nothing imports it: remove it";
    violations.push(`packages/${pkg}/package.json: depends on ${dep}, but ${where}`);
  }
  for (const dep of devDependencies) {
    if (usedByTests.has(dep) || dep.startsWith("@types/")) continue;
    violations.push(`packages/${pkg}/package.json: devDependency ${dep} is imported by no test: remove it`);
  }
}

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a builtin. */
function packageName(specifier) {
  if (specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

if (violations.length) {
  console.error(`Layering check failed (${violations.length}):\n  ${violations.join("\n  ")}`);
  process.exit(1);
}
console.log(`Layering check passed${only ? ` for @crucible/${only}` : ""}.`);

#!/usr/bin/env node
// Lints what would be published: packs every workspace package the way `changeset publish` does (`pnpm pack`, so
// publishConfig and workspace: ranges are applied), then runs publint (strict: warnings fail) and arethetypeswrong
// on each tarball. attw runs in-process through @arethetypeswrong/core (the engine of `attw`, same version; one
// TypeScript load instead of eleven) with the CLI's `esm-only` profile: the packages are ESM-only, so a CommonJS
// `require()` resolving to ESM (node16-cjs) and node10 resolution are not problems (Node ≥ 20.19 can require() them;
// pack-check verifies that). Unlike the CLI, a package without types fails. Equivalent by hand, per package:
// `attw --profile esm-only <tarball>`. Needs built `dist/` folders: run through `pnpm lint`, which builds first.
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { problemKindInfo } from "@arethetypeswrong/core/problems";
import { execFile as execFileCb } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const execFile = promisify(execFileCb);
const root = fileURLToPath(new URL("../..", import.meta.url));
/** Resolution modes attw's `esm-only` profile ignores. */
const ESM_ONLY_IGNORED = new Set(["node10", "node16-cjs"]);
const started = Date.now();
/** Package names given on the command line limit the run to them (`node lint-packages.mjs @crucible/core`). */
const only = process.argv.slice(2);

const packages = readdirSync(join(root, "packages"))
  .map((dir) => join(root, "packages", dir))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => !manifest.private)
  .filter(({ manifest }) => only.length === 0 || only.includes(manifest.name));

const failures = [];
const scratch = mkdtempSync(join(tmpdir(), "crucible-lint-packages-"));
try {
  await mapLimit(packages, 2, async ({ dir, manifest }) => {
    if (!existsSync(join(dir, "dist", "index.js"))) {
      failures.push(`${manifest.name}: no dist/index.js; run \`pnpm build\` first (or \`pnpm lint\`)`);
      return;
    }
    const { stdout } = await execFile("pnpm", ["pack", "--json", "--pack-destination", scratch], { cwd: dir });
    const tarball = resolve(scratch, JSON.parse(stdout).filename);

    const packed = readFileSync(tarball);
    const result = await publint({
      pack: { tarball: packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength) },
      strict: true,
    });
    for (const message of result.messages) {
      failures.push(`${manifest.name}: publint ${message.type}: ${formatMessage(message, result.pkg) ?? message.code}`);
    }

    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(packed)));
    if (!analysis.types) failures.push(`${manifest.name}: attw: the package ships no types`);
    else {
      for (const problem of analysis.problems) {
        if ("resolutionKind" in problem && ESM_ONLY_IGNORED.has(problem.resolutionKind)) continue;
        const where = "entrypoint" in problem ? ` (${problem.entrypoint}, ${problem.resolutionKind})` : "";
        failures.push(`${manifest.name}: attw ${problem.kind}${where}: ${problemKindInfo[problem.kind].description}`);
      }
    }
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(`Package lint failed (${failures.length}) after ${seconds} s:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`Package lint passed: publint --strict and attw --profile esm-only on ${packages.length} packed packages in ${seconds} s.`);

async function mapLimit(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

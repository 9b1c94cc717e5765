#!/usr/bin/env node
// Packs every workspace package the way `changeset publish` would (`pnpm pack`), checks each tarball's manifest
// and contents, then installs all tarballs into an empty consumer project and imports each package there (ESM
// `import`, `require()` of the same entry, and a TypeScript `NodeNext` type check).
// Needs built `dist/` folders: run through `pnpm run check:pack`, which builds first.
// Options: `--keep` leaves the scratch folder in place and prints its path.
import { execFile as execFileCb } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFile = promisify(execFileCb);
const root = fileURLToPath(new URL("../..", import.meta.url));
const keep = process.argv.includes("--keep");
const started = Date.now();
/** Conditions a published manifest may use; anything else (like the repo's source condition) is unshipped. */
const STANDARD_CONDITIONS = new Set(["types", "import", "require", "default", "node"]);

const packages = readdirSync(join(root, "packages"))
  .map((dir) => join(root, "packages", dir))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => !manifest.private);

const problems = [];
const scratch = mkdtempSync(join(tmpdir(), "crucible-pack-check-"));
try {
  for (const { dir, manifest } of packages) {
    if (!existsSync(join(dir, "dist", "index.js"))) {
      throw new Error(`${manifest.name} has no dist/index.js; run \`pnpm build\` first (or \`pnpm run check:pack\`).`);
    }
  }
  const tarballs = join(scratch, "tarballs");
  mkdirSync(tarballs);
  const packed = await mapLimit(packages, 4, async ({ dir, manifest }) => {
    const { stdout } = await execFile("pnpm", ["pack", "--json", "--pack-destination", tarballs], { cwd: dir });
    const info = JSON.parse(stdout);
    const tarball = resolve(tarballs, info.filename);
    const unpacked = join(scratch, "unpacked", manifest.name.replace("/", "+"));
    mkdirSync(unpacked, { recursive: true });
    await execFile("tar", ["-xzf", tarball, "-C", unpacked]);
    const packedManifest = JSON.parse(readFileSync(join(unpacked, "package", "package.json"), "utf8"));
    const entries = Object.keys(packedManifest.exports ?? { ".": null })
      .filter((subpath) => !subpath.endsWith(".json"))
      .map((subpath) => manifest.name + subpath.slice(1));
    return { name: manifest.name, tarball, dir: join(unpacked, "package"), entries };
  });
  for (const pkg of packed) checkTarball(pkg);

  const consumer = join(scratch, "consumer");
  mkdirSync(consumer);
  const specs = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  const typesNode = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies["@types/node"];
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify(
      { name: "pack-check-consumer", private: true, type: "module", dependencies: { ...specs, "@types/node": typesNode } },
      null,
      2,
    ),
  );
  // Overrides make the packages' dependencies on each other resolve to these tarballs, not the registry.
  const yamlMap = (o) =>
    Object.entries(o)
      .map(([k, v]) => `  "${k}": "${v}"`)
      .join("\n");
  writeFileSync(join(consumer, "pnpm-workspace.yaml"), `overrides:\n${yamlMap(specs)}\nallowBuilds:\n  better-sqlite3: true\n`);
  await run("pnpm", ["install", "--prefer-offline", "--reporter=silent"], consumer, "install the tarballs");

  // Every entry point the manifests export: "@crucible/mirror", "@crucible/mirror/testing", …
  const names = packed.flatMap((p) => p.entries);
  writeFileSync(
    join(consumer, "import-all.mjs"),
    `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const failures = [];
for (const name of ${JSON.stringify(names)}) {
  try {
    const esm = await import(name);
    if (Object.keys(esm).length === 0) failures.push(name + ": import() gave no exports");
    const cjs = require(name);
    if (Object.keys(cjs).length !== Object.keys(esm).length) failures.push(name + ": require() and import() differ");
  } catch (error) {
    failures.push(name + ": " + (error?.stack ?? error));
  }
}
if (failures.length) { console.error(failures.join("\\n")); process.exit(1); }
`,
  );
  await run(process.execPath, ["import-all.mjs"], consumer, "import every package");

  writeFileSync(
    join(consumer, "types.ts"),
    names.map((n, i) => `import * as p${i} from "${n}";\n`).join("") + `export const all = [${names.map((_, i) => `p${i}`).join(", ")}];\n`,
  );
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
      },
      files: ["types.ts"],
    }),
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  await run(process.execPath, [tsc, "-p", "tsconfig.json"], consumer, "type-check the packages' declarations");
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  if (keep) console.log(`scratch folder kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length) {
  console.error(`Pack check failed (${problems.length}) after ${seconds} s:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`Pack check passed: ${packages.length} packages packed, installed, imported and type-checked in ${seconds} s.`);

/** Checks one unpacked tarball: manifest fields, referenced files, shipped files and source maps. */
function checkTarball({ name, dir }) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const where = `${name} (packed package.json)`;
  // No "repository": the project has no public repository yet, and a made-up URL would be worse than none.
  for (const field of ["license", "engines", "types", "exports", "files"]) {
    if (manifest[field] === undefined) problems.push(`${where}: missing "${field}"`);
  }
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith("workspace:")) problems.push(`${where}: ${field}.${dep} is still "${range}"`);
    }
  }
  const targets = [manifest.types, manifest.main, ...Object.values(manifest.bin ?? {})].filter(Boolean);
  for (const [subpath, entry] of Object.entries(manifest.exports ?? {})) {
    for (const [condition, target] of leaves(entry)) {
      if (condition && !STANDARD_CONDITIONS.has(condition)) {
        problems.push(
          `${where}: exports["${subpath}"] uses the condition "${condition}"; move it out of the published manifest (publishConfig.exports)`,
        );
      }
      targets.push(target);
    }
    if (typeof entry === "object" && entry.types === undefined && !subpath.endsWith(".json")) {
      problems.push(`${where}: exports["${subpath}"] has no "types"`);
    }
  }
  for (const target of targets) {
    if (!existsSync(join(dir, target))) problems.push(`${where}: points at ${target}, which is not in the tarball`);
  }
  for (const bin of Object.values(manifest.bin ?? {})) {
    const file = join(dir, bin);
    if (existsSync(file) && !readFileSync(file, "utf8").startsWith("#!")) problems.push(`${name}: bin ${bin} has no #! line`);
  }
  for (const file of ["README.md", "LICENSE"]) {
    if (!existsSync(join(dir, file))) problems.push(`${name}: tarball has no ${file}`);
  }
  for (const file of walk(dir)) {
    const rel = relative(dir, file);
    if (/\.test\.[jt]s$|(^|\/)(test-support|__tests__|__fixtures__)\//.test(rel)) problems.push(`${name}: tarball ships test file ${rel}`);
    if (rel.endsWith(".map")) {
      const map = JSON.parse(readFileSync(file, "utf8"));
      for (const source of map.sources ?? []) {
        if (!existsSync(resolve(dirname(file), map.sourceRoot ?? "", source))) {
          problems.push(
            `${name}: ${rel} points at ${source}, which is not in the tarball (a stale build output? delete dist/ and rebuild)`,
          );
        }
      }
    }
  }
}

/** The [condition, target] leaves of an `exports` entry (condition is undefined for a plain string). */
function* leaves(entry, condition) {
  if (typeof entry === "string") yield [condition, entry];
  else if (entry && typeof entry === "object") for (const [k, v] of Object.entries(entry)) yield* leaves(v, k);
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

async function run(command, args, cwd, what) {
  try {
    await execFile(command, args, {
      cwd,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? "/usr" },
    });
  } catch (error) {
    throw new Error(`could not ${what}:\n${error.stdout ?? ""}${error.stderr ?? ""}`.trimEnd());
  }
}

async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

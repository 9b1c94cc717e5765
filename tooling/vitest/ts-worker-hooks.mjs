// Module hooks that let a worker thread or child process started by a test run TypeScript sources (the test itself
// runs under vitest, which transpiles, but workers and children are plain Node): `.js` imports of a `.ts` module resolve to the
// `.ts` file, workspace packages resolve to their source (`@crucible/source` condition), and `.ts` files are
// transpiled with TypeScript's `transpileModule` (no type check).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith(".ts") && specifier.startsWith(".") && specifier.endsWith(".js")) {
    const url = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, { ...context, conditions: ["@crucible/source", ...context.conditions] });
}

export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const file = fileURLToPath(url);
  const out = ts.transpileModule(await readFile(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: "module", source: out.outputText, shortCircuit: true };
}

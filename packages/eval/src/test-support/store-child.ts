/**
 * Test support (not exported): transpiles the store modules (and the error classes they import) to plain ESM
 * under `packages/eval/.tmp/`, so child processes can use the real ResultStore code without a TS loader.
 * @internal
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));

function transpile(src: string, out: string, rewrite: (code: string) => string): void {
  const code = ts.transpileModule(readFileSync(src, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
  writeFileSync(out, rewrite(code));
}

/** Builds the child-process copy of the store; returns its `result-store.js` and the folder to delete afterwards. */
export function buildStoreForChild(): { module: string; dir: string } {
  const base = resolve(here, "../../.tmp");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, "store-child-"));
  mkdirSync(join(dir, "store"));
  mkdirSync(join(dir, "types"));
  transpile(resolve(here, "../../../types/src/errors.ts"), join(dir, "types", "errors.js"), (c) => c);
  for (const f of ["result-store", "migrations", "data-dir"]) {
    transpile(join(here, "..", "store", `${f}.ts`), join(dir, "store", `${f}.js`), (c) => c.replace(/from "@crucible\/types"/g, 'from "../types/errors.js"'));
  }
  return { module: join(dir, "store", "result-store.js"), dir };
}

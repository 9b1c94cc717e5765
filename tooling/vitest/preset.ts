import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

interface Sandbox {
  dir: string;
  env: Record<string, string>;
}

/**
 * One sandbox per vitest process, however many project configs load this preset: crucible's data dirs, the HF home
 * and TMPDIR of the test workers point into it, so tests never touch the user's caches and every temp dir a test
 * makes (os.tmpdir()) is removed with it when the run ends. One exit listener in all.
 */
function sandbox(): Sandbox {
  const key = Symbol.for("crucible.vitest.sandbox");
  const g = globalThis as { [key]?: Sandbox };
  const existing = g[key];
  if (existing) return existing;
  const dir = mkdtempSync(join(tmpdir(), "crucible-test-home-"));
  const tmp = join(dir, "tmp");
  mkdirSync(tmp);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    CRUCIBLE_HOME: process.env.CRUCIBLE_HOME ?? join(dir, "crucible"),
    CRUCIBLE_DATA_DIR: process.env.CRUCIBLE_DATA_DIR ?? join(dir, "crucible-data"),
    HF_HOME: process.env.HF_HOME ?? join(dir, "huggingface"),
    TMPDIR: tmp,
    TMP: tmp,
    TEMP: tmp,
    // The optional sample data some suites read (they skip without it): set once here for every package.
    CRUCIBLE_SHARED_DIR: process.env.CRUCIBLE_SHARED_DIR ?? fileURLToPath(new URL("../../../shared", import.meta.url)),
  };
  const created: Sandbox = { dir, env };
  g[key] = created;
  return created;
}

/** Conditions that make workspace packages resolve to their TypeScript source in tests (no build needed). */
export const sourceConditions = ["@crucible/source", "import", "module", "node", "default"];

/**
 * The shared vitest project config of every crucible package.
 * @param name - The project name shown in vitest output (the package's short name).
 * @param overrides - Extra `test` options (for example a longer `testTimeout` for integration suites).
 */
export function cruciblePreset(name: string, overrides: UserWorkspaceConfig["test"] = {}) {
  return defineProject({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: sourceConditions } },
    test: {
      name,
      environment: "node",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
      env: { ...sandbox().env, ...overrides.env },
    },
  });
}

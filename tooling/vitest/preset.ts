import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

// Tests never write to the user's real caches: crucible's data dirs and the HF home point into a fresh temp dir
// for the whole run, unless the caller set them on purpose.
const sandbox = mkdtempSync(join(tmpdir(), "crucible-test-home-"));
process.once("exit", () => rmSync(sandbox, { recursive: true, force: true }));
const sandboxEnv: Record<string, string> = {
  CRUCIBLE_HOME: process.env.CRUCIBLE_HOME ?? join(sandbox, "crucible"),
  CRUCIBLE_DATA_DIR: process.env.CRUCIBLE_DATA_DIR ?? join(sandbox, "crucible-data"),
  HF_HOME: process.env.HF_HOME ?? join(sandbox, "huggingface"),
};

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
      env: { ...sandboxEnv, ...overrides.env },
    },
  });
}

import { defineProject, type UserWorkspaceConfig } from "vitest/config";

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
    },
  });
}

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The repository root: this file lives in tooling/vitest/.
const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  test: {
    projects: ["packages/*/vitest.config.ts"],
    // Two cores: keep file-level parallelism modest so integration suites that start servers stay stable.
    maxWorkers: 2,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
  },
});

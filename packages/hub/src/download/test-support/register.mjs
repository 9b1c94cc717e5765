// `--import` path some hub tests pass to child processes; the TypeScript hooks themselves are the repository's one
// copy in tooling/vitest (ts-worker-hooks.mjs).
import "../../../../../tooling/vitest/ts-worker-register.mjs";

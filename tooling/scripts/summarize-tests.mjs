#!/usr/bin/env node
// Prints the summary of vitest's JSON report as one line whose numbers add up:
// "N passed, N failed, N skipped (N tests)", where skipped counts skipped, pending and todo tests, and a test file
// that failed to load (no test results) counts as one failed test so it is never silent.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-results.json";
const report = JSON.parse(readFileSync(file, "utf8"));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of report.testResults ?? []) {
  const tests = suite.assertionResults ?? [];
  if (tests.length === 0 && suite.status === "failed") failed++;
  for (const t of tests) {
    if (t.status === "passed") passed++;
    else if (t.status === "failed") failed++;
    else skipped++; // skipped, pending, todo, disabled
  }
}
const total = passed + failed + skipped;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped (${total} tests)`);

#!/usr/bin/env node
// Prints "N passed, N failed" from vitest's JSON report (skipped tests are listed separately, before it).
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-results.json";
const report = JSON.parse(readFileSync(file, "utf8"));
const passed = report.numPassedTests ?? 0;
// A test file that fails to load has no test results; count it as a failure so it is never silent.
const failedSuites = (report.testResults ?? []).filter((r) => r.status === "failed" && (r.assertionResults ?? []).length === 0).length;
const failed = (report.numFailedTests ?? 0) + failedSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);

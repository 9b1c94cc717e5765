/**
 * `@crucible/mirror/testing`: helpers for other packages' tests — write a Hub-layout fixture repo and serve it
 * with a mirror on 127.0.0.1.
 */
export { type MirrorHarness, startMirrorHarness } from "./harness.js";
export { type FixtureFiles, flatParquet, hfMetadata, jsonl, writeFixtureRepo } from "./repo.js";
export { type ExpectedSplit, readExpectedSplits, sharedData, type SharedData } from "./shared.js";
export { gitSha1, pseudoRandomBytes, sha256 } from "./bytes.js";
export { decodePng, inkStats } from "./png.js";

export { type MirrorHarness, startMirrorHarness } from "@crucible/mirror/testing";

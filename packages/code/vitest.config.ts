import { cruciblePreset } from "../../tooling/vitest/preset.js";

export default cruciblePreset("code");

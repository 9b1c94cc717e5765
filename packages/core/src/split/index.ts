export { parseSplit, resolveSplit, SplitSpecError } from "./split-spec.js";
export type { SplitInstruction, ResolvedSplit, SplitRounding } from "./split-spec.js";
export { trainTestSplitIndices } from "./train-test-split.js";
export type { TrainTestSplitIndicesOptions, TrainTestIndices } from "./train-test-split.js";

export { stratifiedSample, stratifiedSampleWithAllocation } from "./stratified.js";
export type { StratifiedSampleOptions, StratifiedSample, StratumAllocation } from "./stratified.js";
export { kFold } from "./k-fold.js";
export type { KFoldOptions, Fold } from "./k-fold.js";
export { randomSample } from "./random-sample.js";
export type { RandomSampleOptions } from "./random-sample.js";

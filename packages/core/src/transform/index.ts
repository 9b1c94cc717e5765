export { Transform, skipRow, isSkipRow } from "./transform.js";
export type { SkipRow, RowContext, GroupMember } from "./transform.js";
export { transformDataset, transformFingerprint } from "./transform-dataset.js";
export type { TransformDatasetOptions } from "./transform-dataset.js";
export { TransformedDataset } from "./transformed.js";
export { TransformFeed } from "./pass.js";
export type { SkipRecord } from "./transformed.js";

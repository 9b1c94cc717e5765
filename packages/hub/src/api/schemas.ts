import { z } from "zod";

/** LFS pointer info of a sibling in dataset info (`blobs=true`). */
export const SiblingLfsSchema = z.looseObject({
  sha256: z.string(),
  size: z.number(),
  pointerSize: z.number().nullish(),
});

/** One file in dataset info `siblings`. */
export const SiblingSchema = z.looseObject({
  rfilename: z.string(),
  size: z.number().nullish(),
  blobId: z.string().nullish(),
  lfs: SiblingLfsSchema.nullish(),
});

/** `GET /api/datasets/{id}[/revision/{rev}]`: only `id` is required; everything else is optional. */
export const DatasetInfoSchema = z.looseObject({
  _id: z.string().nullish(),
  id: z.string(),
  author: z.string().nullish(),
  sha: z.string().nullish(),
  lastModified: z.string().nullish(),
  createdAt: z.string().nullish(),
  private: z.boolean().nullish(),
  gated: z.union([z.boolean(), z.string()]).nullish(),
  disabled: z.boolean().nullish(),
  tags: z.array(z.string()).nullish(),
  description: z.string().nullish(),
  downloads: z.number().nullish(),
  likes: z.number().nullish(),
  cardData: z.record(z.string(), z.unknown()).nullish(),
  siblings: z.array(SiblingSchema).nullish(),
  usedStorage: z.number().nullish(),
});

/** One entry of the tree listing and of paths-info. */
export const TreeEntrySchema = z.looseObject({
  type: z.string(),
  path: z.string(),
  oid: z.string().nullish(),
  size: z.number().nullish(),
  lfs: z.looseObject({ oid: z.string(), size: z.number(), pointerSize: z.number().nullish() }).nullish(),
  xetHash: z.string().nullish(),
  lastCommit: z.looseObject({ id: z.string(), title: z.string().nullish(), date: z.string().nullish() }).nullish(),
});

/** An array of tree entries (tree page, paths-info answer). */
export const TreeEntryListSchema = z.array(TreeEntrySchema);

/** Parsed dataset info. */
export type DatasetInfoResponse = z.infer<typeof DatasetInfoSchema>;
/** Parsed tree entry. */
export type RawTreeEntry = z.infer<typeof TreeEntrySchema>;

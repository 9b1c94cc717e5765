import { InvalidArgumentError } from "@crucible/types";
import { permutation } from "@crucible/core";
import { parseMessages } from "../parse.js";
import { SkipCollector, type SkipReporting } from "../skips.js";
import { type ChatSplits, conversationInfo, type HubLoadOptions, loadConversations } from "./common.js";

/** The tulu-3-sft-mixture repo id. */
export const TULU3_SFT_REPO = "allenai/tulu-3-sft-mixture";

/** Options of {@link tulu3Sft}. */
export interface Tulu3SftOptions extends HubLoadOptions, SkipReporting {
  /** Seed of the numpy-parity shuffle of the whole split. Default 0 (the cookbook's). */
  seed?: number;
  /** Rows taken from the front of the shuffled split as the test set. Default 1024 (the cookbook's). */
  testSize?: number;
  /** Split string to load (slices allowed, e.g. `train[:10%]`). Default `"train"`. */
  split?: string;
}

/**
 * Loads `allenai/tulu-3-sft-mixture` as the cookbook's `Tulu3Builder` does (`tinker_cookbook/recipes/chat_sl/chat_datasets.py`):
 * `train.shuffle(seed=0)`, then `test = take(1024)`, `train = skip(1024)`; `messages` used as-is (roles unchanged).
 * The permutation is numpy's `default_rng(seed).permutation(n)` over ALL rows of the split, so the order equals
 * Python's; rows whose `messages` is not a non-empty `{role, content}[]` are then left out of whichever side they
 * fell in and reported (so with bad rows `test` can be shorter than `testSize`). The conversations are parsed once,
 * streamed into a row store beside the split and reopened on the next load (no re-parse); `train` and `test` are
 * index views over it, and `raw` is read from the split on access, so memory does not grow with the dataset.
 * With `strict`, the first bad row in row order throws.
 * @param options - `seed` (default 0), `testSize` (default 1024), `split` (default `"train"`), Hub options,
 *   `onSkip`/`strict` (default: skip and warn).
 * @returns `{ train, test }`; `id` is the row's `id` column, `raw` the untouched row, `source.index` the row index
 *   in the loaded split. Both datasets' `info.split` is the loaded split (`train`).
 * @throws InvalidArgumentError for a bad `testSize`; hub errors; DataFormatError when `strict`.
 */
export async function tulu3Sft(options: Tulu3SftOptions = {}): Promise<ChatSplits> {
  const { seed = 0, testSize = 1024, split = "train", onSkip, strict, ...hub } = options;
  if (!Number.isInteger(testSize) || testSize < 0)
    throw new InvalidArgumentError(`tulu3Sft: testSize must be a non-negative integer, got ${testSize}`);
  const config = "default";
  const skips = new SkipCollector("tulu3Sft", { ...(onSkip ? { onSkip } : {}), ...(strict ? { strict } : {}) });
  const out = await loadConversations(
    { ...hub, config, split },
    { repo: TULU3_SFT_REPO, field: "messages", idField: "id", parse: parseMessages },
    "tulu3Sft",
    skips,
  );
  skips.finish(out.source.length);
  const perm = permutation(out.source.length, seed);
  const cut = Math.min(testSize, perm.length);
  const info = conversationInfo(TULU3_SFT_REPO, config, split, out.source.info.revision);
  return { train: out.inOrder(perm.subarray(cut), info), test: out.inOrder(perm.subarray(0, cut), info) };
}

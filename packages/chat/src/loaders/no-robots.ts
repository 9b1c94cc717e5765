import type { Conversation } from "@crucible/types";
import { type Dataset, permutation } from "@crucible/core";
import { parseMessages } from "../parse.js";
import { SkipCollector, type SkipReporting } from "../skips.js";
import { type ChatSplits, conversationInfo, type HubLoadOptions, loadConversations } from "./common.js";

/** The no_robots repo id. */
export const NO_ROBOTS_REPO = "HuggingFaceH4/no_robots";

/** Options of {@link noRobots}. */
export interface NoRobotsOptions extends HubLoadOptions, SkipReporting {
  /** Seed of the numpy-parity shuffle of `train` (test is never shuffled). Default 0 (the cookbook's); `false` keeps Hub order. */
  seed?: number | false;
}

/** Options of {@link noRobotsSplit}. */
export interface NoRobotsSplitOptions extends HubLoadOptions, SkipReporting {
  /** Seed of a numpy-parity shuffle. Default `false`: Hub order. */
  seed?: number | false;
}

/**
 * Loads one no_robots split (split strings with slices allowed, e.g. `train[:100]`) as conversations:
 * `messages` used as-is, `id` = `prompt_id` (falling back to `HuggingFaceH4/no_robots/default/<split>/<index>`),
 * `raw` = the untouched row. Invalid rows are skipped and reported (after the shuffle, which covers every row).
 * @param split - Split string.
 * @param options - `seed` (default `false`: Hub order), Hub options, `onSkip`/`strict` (default: skip and warn).
 * @returns A Dataset of conversations.
 */
export async function noRobotsSplit(split: string, options: NoRobotsSplitOptions = {}): Promise<Dataset<Conversation>> {
  const { seed = false, onSkip, strict, ...hub } = options;
  const config = "default";
  const skips = new SkipCollector(`noRobots(${split})`, { ...(onSkip ? { onSkip } : {}), ...(strict ? { strict } : {}) });
  const out = await loadConversations(
    { ...hub, config, split },
    { repo: NO_ROBOTS_REPO, field: "messages", idField: "prompt_id", parse: parseMessages },
    `noRobots`,
    skips,
  );
  skips.finish(out.source.length);
  const info = conversationInfo(NO_ROBOTS_REPO, config, split, out.source.info.revision);
  return seed === false ? out.dataset(info) : out.inOrder(permutation(out.source.length, seed), info);
}

/**
 * Loads `HuggingFaceH4/no_robots` as the cookbook's `NoRobotsBuilder` does (`tinker_cookbook/recipes/chat_sl/chat_datasets.py`):
 * `train = load["train"].shuffle(seed=0)` (numpy parity) and `test = load["test"]` in Hub order; messages as-is.
 * @param options - `seed` (default 0; `false` keeps Hub order), Hub options, `onSkip`/`strict`.
 * @returns `{ train, test }` (9,500 / 500 rows on the Hub).
 */
export async function noRobots(options: NoRobotsOptions = {}): Promise<ChatSplits> {
  const { seed = 0, ...rest } = options;
  const train = await noRobotsSplit("train", { ...rest, seed });
  const test = await noRobotsSplit("test", { ...rest, seed: false });
  return { train, test };
}

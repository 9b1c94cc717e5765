import { permutation } from "@crucible/core";
import type { Dataset } from "@crucible/core";
import { InvalidArgumentError, type LabeledComparison, type Message, type PreferenceLabel, type SourceRef } from "@crucible/types";
import { datasetFromRows, type HubLoadOptions, loadSplit, type RawSplit, type Row } from "./hub.js";
import { SkipCollector, type SkipReason, type SkipReporting } from "./skips.js";

/** Which side of the cookbook's train/test split to load. */
export type PreferenceSplit = "train" | "test";

/** Options every preference loader accepts. */
export interface PreferenceOptions extends HubLoadOptions, SkipReporting {
  /** `"train"` or `"test"`, as the cookbook's `get_train_and_test_datasets()` builds them. Default `"train"`. */
  split?: PreferenceSplit;
  /** Rows in the cookbook's test set (its `test_size`). Default `1024`. */
  testSize?: number;
  /**
   * Shuffle the Hub rows with `Dataset.shuffle(seed)` (numpy `default_rng(seed).permutation`) before the
   * take/skip, as the cookbook does. Default `true`; `false` keeps Hub file order (take/skip still apply).
   */
  shuffle?: boolean;
  /** Seed of that shuffle. Default `0` (the cookbook's). */
  seed?: number;
}

/** What a row transform returns: a comparison, or a reason to skip the row. @internal */
export type Transformed =
  | { ok: true; prompt: Message[]; completionA: Message[]; completionB: Message[]; label: PreferenceLabel; id?: string }
  | { ok: false; reason: SkipReason; detail?: string };

/** A skip result. @internal */
export function skip(reason: SkipReason, detail?: string): Transformed {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

/** How the cookbook turns the Hub split into its train or test rows. @internal */
export interface CookbookPlan {
  /** Hub split to read. */
  hubSplit: string;
  /** `all` (whole shuffled split), `take` (first n after the shuffle) or `skip` (rows after n). */
  select: "all" | "take" | "skip";
}

/** Checks the common options and fills defaults. @internal */
export function commonDefaults(options: PreferenceOptions): { split: PreferenceSplit; testSize: number; shuffle: boolean; seed: number } {
  const { split = "train", testSize = 1024, shuffle = true, seed = 0 } = options;
  if (split !== "train" && split !== "test") {
    throw new InvalidArgumentError(`preference loaders take split "train" or "test" (the cookbook's), got ${JSON.stringify(split)}`);
  }
  if (!Number.isSafeInteger(testSize) || testSize < 0) {
    throw new InvalidArgumentError(`testSize must be a non-negative integer, got ${String(testSize)}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError(`seed must be a non-negative integer, got ${String(seed)}`);
  return { split, testSize, shuffle, seed };
}

/** Hub option subset of the loader options (strips the loader-only keys). @internal */
export function hubOptions(options: PreferenceOptions): HubLoadOptions {
  const { split: _s, testSize: _t, shuffle: _h, seed: _e, onSkip: _o, ...hub } = options;
  return hub;
}

/** Row indices in cookbook order: shuffled (or not), then take/skip n. @internal */
export function cookbookIndices(length: number, select: CookbookPlan["select"], n: number, shuffle: boolean, seed: number): Uint32Array {
  const order = shuffle ? permutation(length, seed) : Uint32Array.from({ length }, (_, i) => i);
  if (select === "take") return order.subarray(0, Math.min(n, length));
  if (select === "skip") return order.subarray(Math.min(n, length));
  return order;
}

/** The `source` of a comparison. @internal */
export function sourceOf(repo: string, config: string, split: string, index: number, rawSplit: RawSplit): SourceRef {
  const revision = rawSplit.info?.revision;
  return revision === undefined ? { repo, config, split, index } : { repo, config, split, index, revision };
}

/** The stable default id `repo/config/split/index`. @internal */
export function defaultId(repo: string, config: string, split: string, index: number): string {
  return `${repo}/${config}/${split}/${index}`;
}

/** A string cell, or undefined when it is not a string. @internal */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A plain object, or undefined. @internal */
export function obj(value: unknown): Row | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as Row) : undefined;
}

/** Description of one simple row-by-row loader. @internal */
export interface SimpleLoader {
  name: string;
  repo: string;
  /** Config passed to `loadDataset` (undefined: the repo's default). */
  hubConfig?: string;
  /** Config name recorded in ids and sources. */
  config: string;
  plan: (split: PreferenceSplit) => CookbookPlan;
  transform: (raw: Row) => Transformed;
}

/**
 * Loads the Hub split, orders it as the cookbook does, transforms each row and reports skips.
 * The transform runs after the shuffle and take/skip, as in the cookbook (skipped rows shrink the split).
 * @internal
 */
export async function loadComparisons(spec: SimpleLoader, options: PreferenceOptions): Promise<Dataset<LabeledComparison>> {
  const { split, testSize, shuffle, seed } = commonDefaults(options);
  const plan = spec.plan(split);
  const rows = await loadSplit(spec.repo, {
    ...hubOptions(options),
    ...(spec.hubConfig === undefined ? {} : { config: spec.hubConfig }),
    split: plan.hubSplit,
  });
  const skips = new SkipCollector(spec.name, options.onSkip);
  const out: LabeledComparison[] = [];
  for (const index of cookbookIndices(rows.length, plan.select, testSize, shuffle, seed)) {
    const raw = rows.at(index) as Row;
    const t = spec.transform(raw);
    if (!t.ok) {
      skips.add({ repo: spec.repo, config: spec.config, split: plan.hubSplit, index, reason: t.reason, ...(t.detail === undefined ? {} : { detail: t.detail }), raw });
      continue;
    }
    out.push({
      id: t.id ?? defaultId(spec.repo, spec.config, plan.hubSplit, index),
      comparison: { prompt: t.prompt, completionA: t.completionA, completionB: t.completionB },
      label: t.label,
      source: sourceOf(spec.repo, spec.config, plan.hubSplit, index, rows),
      raw,
    });
  }
  skips.finish();
  const revision = rows.info?.revision;
  return datasetFromRows(out, { repo: spec.repo, config: spec.config, split, ...(revision ? { revision } : {}) });
}

/** `[user: text]`. @internal */
export const user = (content: string): Message => ({ role: "user", content });
/** `[assistant: text]`. @internal */
export const assistant = (content: string): Message => ({ role: "assistant", content });

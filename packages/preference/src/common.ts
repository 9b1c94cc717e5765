import { type Dataset, permutation, type SkipRecord, Transform, skipRow } from "@crucible/core";
import { loadTransformed } from "@crucible/hub";
import { InvalidArgumentError, type LabeledComparison, type Message, type PreferenceLabel, type SourceRef } from "@crucible/types";
import { type HubLoadOptions, PREFERENCE_TRANSFORM_VERSION, type Row } from "./hub.js";
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
export function sourceOf(repo: string, config: string, split: string, index: number, revision: string | undefined): SourceRef {
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
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? (value as Row)
    : undefined;
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
 * Loads the Hub split, transforms every row once through hub's `loadTransformed` (a row store reopened on the next
 * load, `raw` read lazily from the split), then orders the comparisons as the cookbook does: shuffled, then
 * take/skip n. Only the skipped rows that fall in the selected side are reported, in that order (the cookbook
 * transforms after the shuffle and take/skip, so skipped rows shrink the split).
 * @internal
 */
export async function loadComparisons(spec: SimpleLoader, options: PreferenceOptions): Promise<Dataset<LabeledComparison>> {
  const { split, testSize, shuffle, seed } = commonDefaults(options);
  const plan = spec.plan(split);
  const where = (index: number) => ({ repo: spec.repo, config: spec.config, split: plan.hubSplit, index });
  const out = await loadTransformed<LabeledComparison>(
    spec.repo,
    { ...hubOptions(options), ...(spec.hubConfig === undefined ? {} : { config: spec.hubConfig }), split: plan.hubSplit },
    (info) =>
      Transform.rows<Row>().map((raw, ctx) => {
        const t = spec.transform(raw);
        if (!t.ok) return skipRow(t.reason, t.detail);
        const w = where(ctx.index);
        return {
          id: t.id ?? defaultId(w.repo, w.config, w.split, w.index),
          comparison: { prompt: t.prompt, completionA: t.completionA, completionB: t.completionB },
          label: t.label,
          source: sourceOf(w.repo, w.config, w.split, w.index, info.revision),
        };
      }),
    { name: `preference.${spec.name}`, version: PREFERENCE_TRANSFORM_VERSION, rawField: "raw" },
  );
  const order = cookbookIndices(out.source.length, plan.select, testSize, shuffle, seed);
  const skips = new SkipCollector(spec.name, options.onSkip);
  skips.addAll(out, { repo: spec.repo, config: spec.config }, undefined, selectedSkips(out.skipped(), order, out.source.length));
  skips.finish();
  const revision = out.source.info.revision;
  return out.inOrder(order, { repo: spec.repo, config: spec.config, split, ...(revision ? { revision } : {}) });
}

/** The skip records whose source position is in `order`, in `order`'s order. @internal */
export function selectedSkips(records: SkipRecord[], order: Uint32Array, sourceLength: number): SkipRecord[] {
  const rank = new Int32Array(sourceLength).fill(-1);
  for (let k = 0; k < order.length; k++) rank[order[k] as number] = k;
  return records
    .filter((r) => (rank[r.position] as number) >= 0)
    .sort((a, b) => (rank[a.position] as number) - (rank[b.position] as number));
}

/** `[user: text]`. @internal */
export const user = (content: string): Message => ({ role: "user", content });
/** `[assistant: text]`. @internal */
export const assistant = (content: string): Message => ({ role: "assistant", content });

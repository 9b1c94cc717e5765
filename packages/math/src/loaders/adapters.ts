/**
 * The @crucible/hub and @crucible/core entry points the loaders use, in one place.
 * @internal
 */
import {
  concatenateDatasets,
  Dataset,
  type DatasetInfo,
  permutation,
  type SkipRecord,
  type Transform,
  type TransformedDataset,
} from "@crucible/core";
import { getConfigNames, type LoaderHubOptions, loadDataset, loadTransformed } from "@crucible/hub";
import type { SkipCollector } from "./skips.js";
import type { Row } from "@crucible/types";

export type { Row } from "@crucible/types";

/** Where a dataset came from (core's `DatasetInfo`). */
export interface MathDatasetInfo {
  repo?: string;
  config?: string;
  split?: string;
  revision?: string;
}

/** Options forwarded to @crucible/hub for every load (endpoint, token, cacheDir, processedDir, offline, revision, …): hub's `LoaderHubOptions`. */
export type HubLoadOptions = LoaderHubOptions;

/** Version of every math loader's stored output: bump when a transform's output changes. @internal */
export const MATH_TRANSFORM_VERSION = 2;

/**
 * Loads one split through hub's `loadTransformed`: the outputs go to a row store beside the split, reopened on the
 * next load without re-running the transform; `raw` is read lazily from the split. @internal
 */
export async function loadProblems<Out>(
  repo: string,
  options: HubLoadOptions & { config?: string; split: string },
  name: string,
  transform: (source: DatasetInfo) => Transform<Row, Out>,
  params?: unknown,
): Promise<LoadedPart<Out>> {
  const out = await loadTransformed<Out>(repo, options, transform, {
    name: `math.${name}`,
    version: MATH_TRANSFORM_VERSION,
    rawField: "raw",
    ...(params !== undefined ? { params } : {}),
  });
  return { out, config: out.source.info.config ?? options.config ?? "default" };
}

/** Info of a loaded dataset: repo, config, split and the split's revision. @internal */
export function problemInfo(repo: string, config: string, split: string, part: LoadedPart<unknown> | undefined): DatasetInfo {
  const revision = part?.out.source.info.revision;
  return { repo, config, split, ...(revision !== undefined ? { revision } : {}) };
}

/** `getConfigNames(repo)` of @crucible/hub (README / Hub order). @internal */
export function configNames(repo: string, options: HubLoadOptions): Promise<string[]> {
  return getConfigNames(repo, options);
}

/** The values of one column of a raw Hub split, as text. @internal */
export async function columnText(
  repo: string,
  options: HubLoadOptions & { config?: string; split: string },
  column: string,
  text: (v: unknown) => string,
): Promise<string[]> {
  const ds = await loadDataset(repo, { ...options, streaming: false });
  const out: string[] = [];
  for (const row of ds) out.push(text(row[column]));
  return out;
}

/** One loaded split's transformed rows and the config they are recorded under. @internal */
export interface LoadedPart<Out> {
  out: TransformedDataset<Out>;
  config: string;
}

/**
 * The outputs in the cookbook's order: the source rows of every part, concatenated, minus those skipped for a
 * `preShuffle` reason (the cookbook drops them before it shuffles, e.g. decontamination; reported in row order), then
 * shuffled with `seed` (numpy-exact `default_rng(seed).permutation`; `false` keeps the order), then the other skipped
 * rows are dropped and reported at their place in that order, so a dropped row never moves the others. Only index
 * arrays are built: the outputs stay where `loadTransformed` stored them. @internal
 */
export function inCookbookOrder<Out>(
  repo: string,
  parts: ReadonlyArray<LoadedPart<Out>>,
  seed: number | false,
  skips: SkipCollector,
  info: DatasetInfo,
  preShuffle: ReadonlySet<string> = new Set(),
): Dataset<Out> {
  // Per part: the index of each source row's skip record (-1: none), and the rows the cookbook shuffles.
  const records = parts.map(({ out }) => out.skipped());
  const skipOf = parts.map(({ out }, p) => {
    const at = new Int32Array(out.source.length).fill(-1);
    (records[p] as SkipRecord[]).forEach((r, i) => (at[r.position] = i));
    return at;
  });
  let kept = 0;
  for (const [p, { out, config }] of parts.entries()) {
    const before = (records[p] as SkipRecord[]).filter((r) => preShuffle.has(r.reason));
    skips.addAll(out, { repo, config }, undefined, before);
    kept += out.source.length - before.length;
  }
  const keptPart = new Uint32Array(kept);
  const keptPosition = new Uint32Array(kept);
  let k = 0;
  for (const [p, { out }] of parts.entries()) {
    const at = skipOf[p] as Int32Array;
    const list = records[p] as SkipRecord[];
    for (let position = 0; position < out.source.length; position++) {
      const r = at[position] as number;
      if (r >= 0 && preShuffle.has((list[r] as SkipRecord).reason)) continue;
      keptPart[k] = p;
      keptPosition[k++] = position;
    }
  }
  const base: number[] = [];
  let total = 0;
  for (const { out } of parts) {
    base.push(total);
    total += out.length;
  }
  const order = seed === false ? undefined : permutation(kept, seed);
  const indices = new Uint32Array(total);
  let n = 0;
  for (let j = 0; j < kept; j++) {
    const i = order ? (order[j] as number) : j;
    const p = keptPart[i] as number;
    const position = keptPosition[i] as number;
    const { out, config } = parts[p] as LoadedPart<Out>;
    const r = (skipOf[p] as Int32Array)[position] as number;
    if (r >= 0) {
      skips.addAll(out, { repo, config }, undefined, [(records[p] as SkipRecord[])[r] as SkipRecord]);
      continue;
    }
    const end = out.outputStart(position + 1);
    for (let o = out.outputStart(position); o < end; o++) indices[n++] = (base[p] as number) + o;
  }
  const all =
    parts.length === 1
      ? (parts[0] as LoadedPart<Out>).out.dataset(info)
      : parts.length === 0
        ? Dataset.fromRows<Out>([], { info })
        : concatenateDatasets(
            parts.map(({ out }) => out.dataset()),
            { info },
          );
  return all.select(indices.subarray(0, n));
}

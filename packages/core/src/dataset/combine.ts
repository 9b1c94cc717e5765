import { InvalidArgumentError, SchemaMismatchError, type Features } from "@crucible/types";
import { NumpyGenerator } from "../rng/index.js";
import type { DatasetInfo } from "../store/row-store.js";
import { Dataset } from "./dataset.js";
import { ConcatSource } from "./source.js";

/** Options of {@link concatenateDatasets}. */
export interface ConcatenateOptions {
  /** Info of the result. Default `{}`. */
  info?: DatasetInfo;
}

function sameColumns(a: Features, b: Features): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => kb.includes(k));
}

/**
 * Rows of every dataset one after the other (Python `concatenate_datasets`, axis 0). No row is copied: the
 * result reads through to each input (and its index mapping).
 * @throws InvalidArgumentError for an empty list; SchemaMismatchError when two datasets' features have different
 *   columns.
 */
export function concatenateDatasets<T>(datasets: ReadonlyArray<Dataset<T>>, options: ConcatenateOptions = {}): Dataset<T> {
  if (datasets.length === 0) throw new InvalidArgumentError("concatenateDatasets: unable to concatenate an empty list of datasets");
  let features: Features | undefined;
  datasets.forEach((ds, i) => {
    if (!ds.features) return;
    if (features === undefined) features = ds.features;
    else if (!sameColumns(features, ds.features)) {
      throw new SchemaMismatchError(
        `concatenateDatasets: dataset ${i} has columns [${Object.keys(ds.features).join(", ")}] but dataset 0 has [${Object.keys(features).join(", ")}]`,
        { hint: "Rename, remove or cast columns so every dataset has the same columns" },
      );
    }
  });
  const parts = datasets.map((ds) => ({ length: ds.length, at: (i: number) => ds.at(i), onDisk: ds.onDisk }));
  return Dataset.fromSource(new ConcatSource<T>(parts), undefined, features, options.info ?? {});
}

/** How {@link interleaveDatasets} stops. */
export type StoppingStrategy = "first_exhausted" | "all_exhausted" | "all_exhausted_without_replacement";

/** Options of {@link interleaveDatasets}. */
export interface InterleaveOptions {
  /** Probability of drawing from each dataset. Default: none (round-robin). Must sum to 1 (numpy's check). */
  probabilities?: readonly number[];
  /** Seed of `np.random.default_rng(seed)` for the random source choice. Default: OS entropy. */
  seed?: number | bigint;
  /**
   * `first_exhausted` (default): stop when any dataset runs out (undersampling).
   * `all_exhausted`: stop once every dataset has been fully seen, restarting exhausted ones (oversampling).
   * `all_exhausted_without_replacement`: every row exactly once.
   */
  stoppingStrategy?: StoppingStrategy;
  /** Info of the result. Default `{}`. */
  info?: DatasetInfo;
}

/**
 * The row indices (into the concatenation of the datasets) that Python `datasets`' `_interleave_map_style_datasets`
 * selects, for the same lengths, probabilities, seed and strategy.
 *
 * With probabilities, sources are drawn in blocks of 1000 with numpy's `rng.choice(len(datasets), size=1000, p=p)`
 * (`NumpyGenerator.choice` with `p`, numpy's `Generator.choice`: cumsum / searchsorted over `rng.random()`).
 */
export function interleaveIndices(lengths: readonly number[], options: Omit<InterleaveOptions, "info"> = {}): Uint32Array {
  const strategy = options.stoppingStrategy ?? "first_exhausted";
  if (!["first_exhausted", "all_exhausted", "all_exhausted_without_replacement"].includes(strategy)) {
    throw new InvalidArgumentError(`interleaveDatasets: ${strategy} stopping strategy is not implemented`);
  }
  const k = lengths.length;
  const offsets: number[] = [];
  let acc = 0;
  for (const len of lengths) {
    offsets.push(acc);
    acc += len;
  }
  const out: number[] = [];
  const probabilities = options.probabilities;
  if (probabilities === undefined) {
    if (strategy === "all_exhausted_without_replacement") {
      // Round-robin over the datasets that still have rows.
      const max = Math.max(0, ...lengths);
      for (let row = 0; row < max; row++)
        for (let d = 0; d < k; d++) if (row < (lengths[d] as number)) out.push((offsets[d] as number) + row);
    } else if (strategy === "first_exhausted") {
      const min = Math.min(...lengths);
      for (let row = 0; row < min; row++) for (let d = 0; d < k; d++) out.push((offsets[d] as number) + row);
    } else {
      const max = Math.max(...lengths);
      for (let row = 0; row < max; row++) for (let d = 0; d < k; d++) out.push((offsets[d] as number) + (row % (lengths[d] as number)));
    }
    return Uint32Array.from(out);
  }
  if (probabilities.length !== k) {
    throw new InvalidArgumentError(`interleaveDatasets: ${probabilities.length} probabilities for ${k} datasets`);
  }
  if (strategy !== "first_exhausted" && probabilities.some((p, d) => p === 0 && (lengths[d] as number) > 0)) {
    // Python would loop forever: a dataset that is never drawn is never exhausted.
    throw new InvalidArgumentError(`interleaveDatasets: ${strategy} never ends when a non-empty dataset has probability 0`);
  }
  const rng = new NumpyGenerator(options.seed);
  const exhausted = new Array<boolean>(k).fill(false);
  const current = new Array<number>(k).fill(0);
  const stopAll = strategy !== "first_exhausted";
  const withoutReplacement = strategy === "all_exhausted_without_replacement";
  for (;;) {
    const block = rng.choice(k, 1000, { p: probabilities });
    for (const source of block) {
      if (stopAll ? exhausted.every(Boolean) : exhausted.some(Boolean)) return Uint32Array.from(out);
      if (!withoutReplacement || !exhausted[source]) {
        out.push((current[source] as number) + (offsets[source] as number));
        current[source] = (current[source] as number) + 1;
      }
      if ((current[source] as number) >= (lengths[source] as number)) {
        exhausted[source] = true;
        if (!withoutReplacement) current[source] = 0;
      }
    }
  }
}

/**
 * Mixes datasets row by row (Python `interleave_datasets` on map-style datasets): round-robin without
 * probabilities, else a random source per row drawn with numpy's generator, so the same seed picks the same rows
 * in the same order as Python. No row is copied (an index mapping over the concatenation).
 */
export function interleaveDatasets<T>(datasets: ReadonlyArray<Dataset<T>>, options: InterleaveOptions = {}): Dataset<T> {
  if (datasets.length === 0) throw new InvalidArgumentError("interleaveDatasets: unable to interleave an empty list of datasets");
  const concat = concatenateDatasets(datasets, options.info ? { info: options.info } : {});
  return concat.select(
    interleaveIndices(
      datasets.map((d) => d.length),
      options,
    ),
  );
}

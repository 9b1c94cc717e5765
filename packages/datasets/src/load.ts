import type { Dataset, DatasetDict, IterableDataset, Row } from "@crucible/core";
import { type IterableDatasetDict, loadDataset, type LoadDatasetOptions } from "@crucible/hub";
import { InvalidArgumentError } from "@crucible/types";
import { findEntry, suggestNames } from "./registry/find.js";
import { type DatasetName, LOADERS, type NamedDatasets } from "./registry/loaders.js";

/** Other spellings `load()` accepts, typed as the name they stand for. */
export interface DatasetAliases {
  math_500: "math500";
}

type AliasName = keyof DatasetAliases;
type Target<N> = N extends DatasetName ? N : N extends AliasName ? DatasetAliases[N] : never;

/**
 * Loads a dataset by registered name or by Hub repo id, as Python's `load_dataset` does for a repo.
 *
 * - A registered name (`gsm8k`, `math500`, `hh_rlhf`, … see {@link list}) runs the domain loader and is typed by
 *   name: `load("gsm8k")` is `Promise<Dataset<MathProblem>>`, `load("hh_rlhf", { split: "test" })` is
 *   `Promise<Dataset<LabeledComparison>>`, `load("openthoughts3")` an `IterableDataset<Conversation>` (streamed).
 *   Case and separators are forgiven at run time (`MATH-500`, `math_500`).
 * - Anything with a `/` is a repo id and falls through to `@crucible/hub`'s `loadDataset` (raw rows; with `split` a
 *   `Dataset`, without a `DatasetDict`; `streaming: true` streams).
 * - A name that is neither registered nor a repo id but close to a registered one is an error with suggestions; any
 *   other bare name is tried as a Hub repo id.
 * @param nameOrRepo - A registered name or a Hub repo id.
 * @param options - The named loader's options (its defaults apply), or `loadDataset`'s options for a repo.
 * @throws InvalidArgumentError "Unknown dataset name" with "did you mean" for a near miss; the loaders' errors.
 */
export function load<N extends DatasetName | AliasName>(
  nameOrRepo: N,
  options?: NamedDatasets[Target<N>]["options"],
): Promise<NamedDatasets[Target<N>]["result"]>;
export function load(repo: string, options: LoadDatasetOptions & { streaming: true; split: string }): Promise<IterableDataset<Row>>;
export function load(repo: string, options: LoadDatasetOptions & { streaming: true }): Promise<IterableDatasetDict<Row>>;
export function load(repo: string, options: LoadDatasetOptions & { split: string; streaming?: false }): Promise<Dataset<Row>>;
export function load(repo: string, options?: LoadDatasetOptions & { streaming?: false }): Promise<DatasetDict<Row>>;
export async function load(nameOrRepo: string, options: object = {}): Promise<unknown> {
  const entry = findEntry(nameOrRepo);
  if (entry) {
    const loader = LOADERS[entry.name as DatasetName] as (o: object) => Promise<unknown>;
    return loader(options);
  }
  if (!nameOrRepo.includes("/")) {
    const near = suggestNames(nameOrRepo);
    if (near.length > 0) {
      throw new InvalidArgumentError(`Unknown dataset name ${JSON.stringify(nameOrRepo)} (did you mean ${near.join(" or ")}?)`, {
        hint: "list() gives every registered name; a Hub repo id has the form org/name",
      });
    }
  }
  return (loadDataset as (repo: string, o: LoadDatasetOptions) => Promise<unknown>)(nameOrRepo, options as LoadDatasetOptions);
}

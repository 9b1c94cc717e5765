import type { Dataset, IterableDataset } from "@crucible/core";
import {
  noRobotsSplit,
  openThoughts3,
  tulu3Sft,
  type NoRobotsSplitOptions,
  type OpenThoughts3Options,
  type Tulu3SftOptions,
} from "@crucible/chat";
import { deepCoder, humanEval, type DeepCoderOptions, type HumanEvalOptions, type HumanEvalProblem } from "@crucible/code";
import { mmlu, type MmluHubApi, type MmluOptions } from "@crucible/eval";
import { getConfigNames, loadDataset, type LoadDatasetOptions } from "@crucible/hub";
import {
  deepMath,
  gsm8k,
  hendrycksMath,
  math500,
  polaris,
  type AnswerSetOptions,
  type DeepMathProblem,
  type Gsm8kOptions,
  type HendrycksMathOptions,
  type HendrycksMathProblem,
  type Math500Options,
  type Math500Problem,
  type PolarisProblem,
} from "@crucible/math";
import {
  arena140k,
  helpSteer2,
  helpSteer3,
  hhRlhf,
  tulu3Preference,
  ultraFeedback,
  type Arena140kOptions,
  type HelpSteer2Options,
  type HelpSteer3Options,
  type HhRlhfOptions,
  type Tulu3PreferenceOptions,
  type UltraFeedbackOptions,
} from "@crucible/preference";
import type { CodeProblem, Conversation, ImageExample, LabeledComparison, MathProblem, MultipleChoiceQuestion } from "@crucible/types";
import { caltech101, flowers102, oxfordPets, stanfordCars, type ImageDatasetOptions } from "@crucible/vision";

/**
 * Options of `load("tulu3_sft")`: the cookbook's `Tulu3Builder` (shuffle the Hub split with `seed`, the first
 * `testSize` rows are test, the rest train).
 */
export interface Tulu3SftLoadOptions extends Omit<Tulu3SftOptions, "split"> {
  /** Which side of the cookbook's split: `"train"` or `"test"`. Default `"train"`. */
  split?: "train" | "test";
  /** The Hub split string that is shuffled and cut (slices allowed, e.g. `train[:10%]`). Default `"train"`. */
  hubSplit?: string;
}

/** Options of `load("no_robots")`. */
export interface NoRobotsLoadOptions extends Omit<NoRobotsSplitOptions, "seed"> {
  /** Split string. Default `"train"`. */
  split?: string;
  /** Seed of the numpy-parity shuffle. Default: the cookbook's, `0` for `train` and Hub order (`false`) otherwise. */
  seed?: number | false;
}

/** Options of `load("deepcoder")`: as `deepCoder()`, with the config optional. */
export interface DeepCoderLoadOptions extends Omit<DeepCoderOptions, "config" | "split"> {
  /** The config. Default `"codeforces"` (a cookbook test set). */
  config?: DeepCoderOptions["config"];
  /** Split string. Default `"test"` (the only split of `codeforces`). */
  split?: string;
}

/**
 * Options of `load("mmlu")`: `mmlu()`'s, plus the Hub options every other loader takes (`offline`, `processedDir`,
 * `progress`, `fetch`, …), which are passed to each of its loads.
 */
export type MmluLoadOptions = MmluOptions &
  Omit<LoadDatasetOptions, keyof MmluOptions | "config" | "split" | "streaming" | "token"> & { token?: string | false };

/** mmlu() with the Hub options it does not take itself forwarded to every Hub call. */
function mmluWithHub({ subjects, split, repo, hub, revision, endpoint, token, cacheDir, ...extra }: MmluLoadOptions) {
  const base = { ...extra, ...(token !== undefined ? { token } : {}) };
  const api: MmluHubApi = hub ?? {
    loadDataset: (r, o) => loadDataset(r, { ...base, ...o }),
    getConfigNames: (r, o) => getConfigNames(r, { ...base, ...o }),
  };
  const opts: MmluOptions = { hub: api };
  if (subjects !== undefined) opts.subjects = subjects;
  if (split !== undefined) opts.split = split;
  if (repo !== undefined) opts.repo = repo;
  if (revision !== undefined) opts.revision = revision;
  if (endpoint !== undefined) opts.endpoint = endpoint;
  if (cacheDir !== undefined) opts.cacheDir = cacheDir;
  return mmlu(opts);
}

/** Options of `load("openthoughts3")`: as `openThoughts3()`; it is streamed, there is one split. */
export type OpenThoughts3LoadOptions = OpenThoughts3Options & { split?: "train" };

/**
 * Every named dataset: the options `load(name, options)` takes and what it returns.
 * `load("gsm8k")` is `Promise<Dataset<MathProblem>>`, `load("openthoughts3")` a stream.
 */
export interface NamedDatasets {
  gsm8k: { options: Gsm8kOptions; result: Dataset<MathProblem> };
  math500: { options: Math500Options; result: Dataset<Math500Problem> };
  hendrycks_math: { options: HendrycksMathOptions; result: Dataset<HendrycksMathProblem> };
  deepmath: { options: AnswerSetOptions; result: Dataset<DeepMathProblem> };
  polaris: { options: AnswerSetOptions; result: Dataset<PolarisProblem> };
  tulu3_sft: { options: Tulu3SftLoadOptions; result: Dataset<Conversation> };
  no_robots: { options: NoRobotsLoadOptions; result: Dataset<Conversation> };
  openthoughts3: { options: OpenThoughts3LoadOptions; result: IterableDataset<Conversation> };
  hh_rlhf: { options: HhRlhfOptions; result: Dataset<LabeledComparison> };
  helpsteer3: { options: HelpSteer3Options; result: Dataset<LabeledComparison> };
  helpsteer2: { options: HelpSteer2Options; result: Dataset<LabeledComparison> };
  ultrafeedback: { options: UltraFeedbackOptions; result: Dataset<LabeledComparison> };
  arena_140k: { options: Arena140kOptions; result: Dataset<LabeledComparison> };
  tulu3_preference: { options: Tulu3PreferenceOptions; result: Dataset<LabeledComparison> };
  deepcoder: { options: DeepCoderLoadOptions; result: Dataset<CodeProblem> };
  humaneval: { options: HumanEvalOptions; result: Dataset<HumanEvalProblem> };
  mmlu: { options: MmluLoadOptions; result: Dataset<MultipleChoiceQuestion> };
  caltech101: { options: ImageDatasetOptions; result: Dataset<ImageExample> };
  flowers102: { options: ImageDatasetOptions; result: Dataset<ImageExample> };
  oxford_pets: { options: ImageDatasetOptions; result: Dataset<ImageExample> };
  stanford_cars: { options: ImageDatasetOptions; result: Dataset<ImageExample> };
}

/** A registered dataset name. */
export type DatasetName = keyof NamedDatasets;

type Loaders = { [N in DatasetName]: (options: NamedDatasets[N]["options"]) => Promise<NamedDatasets[N]["result"]> };

/** Each name's loader: the domain package's function, adapted where its shape differs from `Dataset` of one split. */
export const LOADERS: Loaders = {
  gsm8k: (o) => gsm8k(o),
  math500: (o) => math500(o),
  hendrycks_math: (o) => hendrycksMath(o),
  deepmath: (o) => deepMath(o),
  polaris: (o) => polaris(o),
  tulu3_sft: async ({ split = "train", hubSplit, ...rest }) => {
    const splits = await tulu3Sft({ ...rest, ...(hubSplit !== undefined ? { split: hubSplit } : {}) });
    return split === "test" ? (splits.test as Dataset<Conversation>) : splits.train;
  },
  no_robots: ({ split = "train", seed, ...rest }) => noRobotsSplit(split, { ...rest, seed: seed ?? (split === "train" ? 0 : false) }),
  openthoughts3: ({ split: _train, ...rest }) => openThoughts3(rest),
  hh_rlhf: (o) => hhRlhf(o),
  helpsteer3: (o) => helpSteer3(o),
  helpsteer2: (o) => helpSteer2(o),
  ultrafeedback: (o) => ultraFeedback(o),
  arena_140k: (o) => arena140k(o),
  tulu3_preference: (o) => tulu3Preference(o),
  deepcoder: ({ config = "codeforces", split = "test", ...rest }) => deepCoder({ ...rest, config, split }),
  humaneval: (o) => humanEval(o),
  mmlu: (o) => mmluWithHub(o),
  caltech101: (o) => caltech101(o),
  flowers102: (o) => flowers102(o),
  oxford_pets: (o) => oxfordPets(o),
  stanford_cars: (o) => stanfordCars(o),
};

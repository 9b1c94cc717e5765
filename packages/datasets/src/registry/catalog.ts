/** The domain a named dataset belongs to (the package that loads it). */
export type DatasetDomain = "math" | "chat" | "preference" | "code" | "vision" | "eval";

/** What one named dataset is, where it comes from and how it loads. */
export interface DatasetEntry {
  /** The name `load()` and the CLI accept, e.g. `gsm8k`. */
  name: string;
  /** The Hub repo the rows come from, e.g. `openai/gsm8k`. */
  repo: string;
  /** The domain package that owns the loader. */
  domain: DatasetDomain;
  /** What the rows are used for, e.g. `math RL`, `reward model`, `VLM classifier`. */
  task: string;
  /** The row type `load(name)` returns, as exported by `@crucible/types` (or the loader's package). */
  rowType: string;
  /** The package and function that load it, e.g. `@crucible/math` `gsm8k`. */
  loader: { package: string; fn: string };
  /** The upstream license of the data (SPDX id as the Hub card declares it; `other` when the card says so). */
  license: string;
  /** Hub configs of the repo that the loader reads. */
  configs: string[];
  /** Splits `load(name, { split })` accepts. The first is the default. */
  splits: string[];
  /** True when `load(name)` returns a stream (`IterableDataset`) rather than a random-access `Dataset`. */
  streaming?: boolean;
  /** One line: what the dataset is. */
  description: string;
}

const entry = (e: DatasetEntry): DatasetEntry => e;

/**
 * The 21 datasets the tinker cookbook loads (its `recipes/*` dataset builders), with their metadata.
 * Order: by domain, then as the cookbook lists them.
 */
export const CATALOG: readonly DatasetEntry[] = Object.freeze([
  entry({
    name: "gsm8k",
    repo: "openai/gsm8k",
    domain: "math",
    task: "math RL, eval",
    rowType: "MathProblem",
    loader: { package: "@crucible/math", fn: "gsm8k" },
    license: "mit",
    configs: ["main", "socratic"],
    splits: ["train", "test"],
    description: "Grade-school math word problems; the answer is the number after ####.",
  }),
  entry({
    name: "math500",
    repo: "HuggingFaceH4/MATH-500",
    domain: "math",
    task: "math eval",
    rowType: "Math500Problem",
    loader: { package: "@crucible/math", fn: "math500" },
    license: "mit",
    configs: ["default"],
    splits: ["test"],
    description: "The 500-problem MATH test subset; the answer is the last \\boxed{} of the solution.",
  }),
  entry({
    name: "hendrycks_math",
    repo: "EleutherAI/hendrycks_math",
    domain: "math",
    task: "math RL",
    rowType: "HendrycksMathProblem",
    loader: { package: "@crucible/math", fn: "hendrycksMath" },
    license: "mit",
    configs: ["algebra", "counting_and_probability", "geometry", "intermediate_algebra", "number_theory", "prealgebra", "precalculus"],
    splits: ["train", "test"],
    description: "MATH competition problems in 7 subjects, decontaminated against MATH-500 (the cookbook's train set).",
  }),
  entry({
    name: "deepmath",
    repo: "zwhe99/DeepMath-103K",
    domain: "math",
    task: "math RL",
    rowType: "DeepMathProblem",
    loader: { package: "@crucible/math", fn: "deepMath" },
    license: "mit",
    configs: ["default"],
    splits: ["train"],
    description: "103K hard math problems with verifiable final answers and three R1 solutions each.",
  }),
  entry({
    name: "polaris",
    repo: "POLARIS-Project/Polaris-Dataset-53K",
    domain: "math",
    task: "math RL",
    rowType: "PolarisProblem",
    loader: { package: "@crucible/math", fn: "polaris" },
    license: "apache-2.0",
    configs: ["default"],
    splits: ["train"],
    description: "53K math problems with answers and a difficulty estimate, for reasoning RL.",
  }),
  entry({
    name: "tulu3_sft",
    repo: "allenai/tulu-3-sft-mixture",
    domain: "chat",
    task: "SFT",
    rowType: "Conversation",
    loader: { package: "@crucible/chat", fn: "tulu3Sft" },
    license: "odc-by",
    configs: ["default"],
    splits: ["train", "test"],
    description: "The Tulu 3 SFT mixture; the cookbook holds out the first 1024 shuffled rows as test.",
  }),
  entry({
    name: "no_robots",
    repo: "HuggingFaceH4/no_robots",
    domain: "chat",
    task: "SFT",
    rowType: "Conversation",
    loader: { package: "@crucible/chat", fn: "noRobotsSplit" },
    license: "cc-by-nc-4.0",
    configs: ["default"],
    splits: ["train", "test"],
    description: "10K human-written instruction conversations (train shuffled with seed 0, test in Hub order).",
  }),
  entry({
    name: "openthoughts3",
    repo: "open-thoughts/OpenThoughts3-1.2M",
    domain: "chat",
    task: "reasoning SFT (streamed)",
    rowType: "Conversation",
    loader: { package: "@crucible/chat", fn: "openThoughts3" },
    license: "apache-2.0",
    configs: ["default"],
    splits: ["train"],
    streaming: true,
    description: "1.2M reasoning traces (human/gpt turns), streamed over HTTP Range requests.",
  }),
  entry({
    name: "hh_rlhf",
    repo: "Anthropic/hh-rlhf",
    domain: "preference",
    task: "DPO, reward model, RLHF",
    rowType: "LabeledComparison",
    loader: { package: "@crucible/preference", fn: "hhRlhf" },
    license: "mit",
    configs: ["default"],
    splits: ["train", "test"],
    description: "Anthropic's helpful/harmless dialogues as chosen/rejected comparisons.",
  }),
  entry({
    name: "helpsteer3",
    repo: "nvidia/HelpSteer3",
    domain: "preference",
    task: "DPO",
    rowType: "LabeledComparison",
    loader: { package: "@crucible/preference", fn: "helpSteer3" },
    license: "cc-by-4.0",
    configs: ["preference"],
    splits: ["train", "test"],
    description: "Multi-domain response pairs with an overall preference from -3 to 3 (ties dropped).",
  }),
  entry({
    name: "helpsteer2",
    repo: "nvidia/HelpSteer2",
    domain: "preference",
    task: "comparisons",
    rowType: "LabeledComparison",
    loader: { package: "@crucible/preference", fn: "helpSteer2" },
    license: "cc-by-4.0",
    configs: ["default"],
    splits: ["train", "test"],
    description: "Responses rated 0-4 for helpfulness, paired best-vs-worst per prompt.",
  }),
  entry({
    name: "ultrafeedback",
    repo: "argilla/ultrafeedback-binarized-preferences",
    domain: "preference",
    task: "DPO",
    rowType: "LabeledComparison",
    loader: { package: "@crucible/preference", fn: "ultraFeedback" },
    license: "mit",
    configs: ["default"],
    splits: ["train", "test"],
    description: "UltraFeedback binarised into chosen/rejected responses by average rating.",
  }),
  entry({
    name: "arena_140k",
    repo: "lmarena-ai/arena-human-preference-140k",
    domain: "preference",
    task: "comparisons",
    rowType: "LabeledComparison",
    loader: { package: "@crucible/preference", fn: "arena140k" },
    license: "cc-by-4.0",
    configs: ["default"],
    splits: ["train", "test"],
    description: "140K Chatbot Arena battles with the human vote (text-only, decided battles kept).",
  }),
  entry({
    name: "tulu3_preference",
    repo: "allenai/llama-3.1-tulu-3-8b-preference-mixture",
    domain: "preference",
    task: "comparisons",
    rowType: "LabeledComparison",
    loader: { package: "@crucible/preference", fn: "tulu3Preference" },
    license: "odc-by",
    configs: ["default"],
    splits: ["train", "test"],
    description: "The Tulu 3 8B on-policy preference mixture (chosen/rejected conversations).",
  }),
  entry({
    name: "deepcoder",
    repo: "agentica-org/DeepCoder-Preview-Dataset",
    domain: "code",
    task: "code RL",
    rowType: "CodeProblem",
    loader: { package: "@crucible/code", fn: "deepCoder" },
    license: "mit",
    configs: ["codeforces", "lcbv5", "primeintellect", "taco"],
    splits: ["test", "train"],
    description: "Verifiable coding problems with unit tests (default config codeforces, its test split).",
  }),
  entry({
    name: "humaneval",
    repo: "openai/openai_humaneval",
    domain: "code",
    task: "code eval",
    rowType: "HumanEvalProblem",
    loader: { package: "@crucible/code", fn: "humanEval" },
    license: "mit",
    configs: ["openai_humaneval"],
    splits: ["test"],
    description: "164 hand-written Python functions with tests (pass@k).",
  }),
  entry({
    name: "mmlu",
    repo: "cais/mmlu",
    domain: "eval",
    task: "multiple-choice eval",
    rowType: "MultipleChoiceQuestion",
    loader: { package: "@crucible/eval", fn: "mmlu" },
    license: "mit",
    configs: ["all"],
    splits: ["test", "dev", "validation", "auxiliary_train"],
    description: "57-subject multiple-choice knowledge test (answers A-D).",
  }),
  entry({
    name: "caltech101",
    repo: "dpdl-benchmark/caltech101",
    domain: "vision",
    task: "VLM classifier",
    rowType: "ImageExample",
    loader: { package: "@crucible/vision", fn: "caltech101" },
    license: "other",
    configs: ["default"],
    splits: ["train", "test"],
    description: "Object photos in 101 categories plus background.",
  }),
  entry({
    name: "flowers102",
    repo: "dpdl-benchmark/oxford_flowers102",
    domain: "vision",
    task: "VLM classifier",
    rowType: "ImageExample",
    loader: { package: "@crucible/vision", fn: "flowers102" },
    license: "other",
    configs: ["default"],
    splits: ["train", "validation", "test"],
    description: "Oxford 102 flower species.",
  }),
  entry({
    name: "oxford_pets",
    repo: "dpdl-benchmark/oxford_iiit_pet",
    domain: "vision",
    task: "VLM classifier",
    rowType: "ImageExample",
    loader: { package: "@crucible/vision", fn: "oxfordPets" },
    license: "other",
    configs: ["default"],
    splits: ["train", "test"],
    description: "Oxford-IIIT pets: 37 cat and dog breeds.",
  }),
  entry({
    name: "stanford_cars",
    repo: "tanganke/stanford_cars",
    domain: "vision",
    task: "VLM classifier",
    rowType: "ImageExample",
    loader: { package: "@crucible/vision", fn: "stanfordCars" },
    license: "other",
    configs: ["default"],
    splits: ["train", "test"],
    description: "Stanford Cars: 196 make/model/year classes.",
  }),
]);

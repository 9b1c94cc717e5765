import { type Dataset, pyStrip, Transform, skipRow } from "@crucible/core";
import type { CodeProblem } from "@crucible/types";
import { InvalidArgumentError } from "@crucible/types";
import { type CodeHubOptions, loadProblems, type Row } from "./hub.js";
import { ensurePyDict, normalizeDeepCoderTests } from "./normalize-tests.js";
import { pyTruthy } from "./pyjson.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The DeepCoder repo id. */
export const DEEPCODER_REPO = "agentica-org/DeepCoder-Preview-Dataset";

/** DeepCoder's configs, in the order the cookbook concatenates them. */
export const DEEPCODER_CONFIGS = ["primeintellect", "taco", "lcbv5", "codeforces"] as const;

/** A DeepCoder config name. */
export type DeepCoderConfig = (typeof DEEPCODER_CONFIGS)[number];

/** Options of {@link deepCoder}. */
export interface DeepCoderOptions extends CodeHubOptions, SkipReporting {
  /** The config. Required: the cookbook uses train of `primeintellect`/`taco`/`lcbv5`, test of `codeforces`/`lcbv5`. */
  config: DeepCoderConfig;
  /** Split or split string (`train`, `test`, `test[:10]`). Default `"train"`. */
  split?: string;
}

/** Python `not s.strip()`: empty or only Python whitespace. */
const isBlank = (s: string): boolean => pyStrip(s) === "";

/**
 * Loads one DeepCoder config as code problems, as the cookbook's `load_deepcoder_tasks` does
 * (`tinker_cookbook/recipes/code_rl/code_env.py`, commit 9dfcc3a; tests normalised by {@link normalizeDeepCoderTests}):
 * `metadata` through `_ensure_dict`; tests from `tests`, or `ground_truth` when `tests` is falsy; `problem` = the
 * first truthy of `question` / `prompt` / `problem` (the raw text: the LiveCodeBench system-prompt wrapping is NOT
 * applied); `starterCode` from a `starter_code` that is not blank; `entryPoint` = the first functional test's `fnName`.
 * Rows whose tests are not valid JSON or have a shape the cookbook's code raises on (`malformed-tests`), rows without
 * tests (`no-tests`) and rows whose problem is missing, blank or not text (`empty-problem`) are left out and reported
 * through `onSkip` (or one warning). Rows keep their Hub order; to reproduce the cookbook's training order,
 * concatenate the train configs in {@link DEEPCODER_CONFIGS} order and `.shuffle({ seed: 0 })`.
 * @param options - `config` (required), `split` (default `"train"`), Hub options, `onSkip`.
 * @returns A Dataset of {@link CodeProblem} with `id` = `agentica-org/DeepCoder-Preview-Dataset/<config>/<split>/<index>`
 *   and `raw` = the untouched row.
 * @throws InvalidArgumentError for an unknown config; the hub's errors (e.g. SplitNotFoundError) for missing data.
 */
export async function deepCoder(options: DeepCoderOptions): Promise<Dataset<CodeProblem>> {
  const { config, split = "train", onSkip, ...hub } = options;
  if (!(DEEPCODER_CONFIGS as readonly string[]).includes(config)) {
    throw new InvalidArgumentError(`deepCoder: unknown config ${JSON.stringify(config)}`, {
      hint: `use one of ${DEEPCODER_CONFIGS.join(", ")}`,
    });
  }
  const skips = new SkipCollector(`deepCoder(${config})`, onSkip);
  const ds = await loadProblems<CodeProblem>(
    DEEPCODER_REPO,
    { ...hub, config, split },
    "deepCoder",
    (info) =>
      Transform.rows<Row>().map((raw, ctx) => {
        const metadata = ensurePyDict(raw.metadata);
        const rawTests = pyTruthy(raw.tests) ? raw.tests : raw.ground_truth; // `row.get("tests") or row.get("ground_truth")`
        const normalized = normalizeDeepCoderTests(rawTests, metadata);
        if (!normalized.ok) return skipRow("malformed-tests", normalized.detail);
        if (normalized.tests.length === 0) return skipRow("no-tests");
        // `_build_question`: the first truthy of question / prompt / problem, which must be text that is not blank
        const problem = [raw.question, raw.prompt, raw.problem].find(pyTruthy);
        if (typeof problem !== "string" || isBlank(problem)) return skipRow("empty-problem");
        const starter = typeof raw.starter_code === "string" && !isBlank(raw.starter_code) ? raw.starter_code : "";
        const entryPoint = normalized.tests.find((t) => t.kind === "functional")?.fnName;
        const rowSplit = ctx.split ?? split;
        return {
          id: `${DEEPCODER_REPO}/${config}/${rowSplit}/${ctx.index}`,
          problem,
          tests: normalized.tests,
          ...(starter !== "" ? { starterCode: starter } : {}),
          ...(entryPoint !== undefined ? { entryPoint } : {}),
          source: {
            repo: DEEPCODER_REPO,
            config,
            split: rowSplit,
            index: ctx.index,
            ...(info.revision ? { revision: info.revision } : {}),
          },
        };
      }),
    skips,
  );
  skips.finish();
  return ds;
}

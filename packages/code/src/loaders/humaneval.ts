import { type Dataset, Transform, skipRow } from "@crucible/core";
import type { CodeProblem } from "@crucible/types";
import { type CodeHubOptions, loadProblems, type Row } from "./hub.js";
import { SkipCollector, type SkipReporting } from "./skips.js";

/** The HumanEval repo id. */
export const HUMANEVAL_REPO = "openai/openai_humaneval";

/** A HumanEval problem: a {@link CodeProblem} plus the reference completion. */
export interface HumanEvalProblem extends CodeProblem {
  /** The `canonical_solution` column: a function body that completes `problem` (the prompt). */
  canonicalSolution: string;
  /** The entry point (`entry_point`), always set. */
  entryPoint: string;
}

/** Options of {@link humanEval}. */
export interface HumanEvalOptions extends CodeHubOptions, SkipReporting {
  /** Split or split string. Default `"test"` (the only split). */
  split?: string;
}

const text = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v));

/**
 * Loads HumanEval (`openai/openai_humaneval`, config `openai_humaneval`). `problem` and `starterCode` are the
 * `prompt` (a signature plus docstring to complete); the tests are one `assert`-kind case whose `input` is the
 * `test` column followed by `check(<entry_point>)`, so `runTests(problem, prompt + completion)` runs it as the
 * human-eval harness does (without its per-problem `reliability_guard`). Rows without a prompt are skipped and reported.
 * @param options - `split` (default `"test"`), Hub options, `onSkip`.
 * @returns A Dataset of {@link HumanEvalProblem} with `id` = `task_id` (e.g. `HumanEval/0`) and `raw`.
 */
export async function humanEval(options: HumanEvalOptions = {}): Promise<Dataset<HumanEvalProblem>> {
  const { split = "test", onSkip, ...hub } = options;
  const config = "openai_humaneval";
  const skips = new SkipCollector("humanEval", onSkip);
  const ds = await loadProblems<HumanEvalProblem>(
    HUMANEVAL_REPO,
    { ...hub, config, split },
    "humanEval",
    (info) =>
      Transform.rows<Row>().map((raw, ctx) => {
        const prompt = text(raw.prompt);
        if (prompt === "") return skipRow("empty-problem");
        const entryPoint = text(raw.entry_point);
        if (entryPoint === "" || text(raw.test) === "") return skipRow("no-tests", "empty `test` or `entry_point`");
        const rowSplit = ctx.split ?? split;
        return {
          id: text(raw.task_id) || `${HUMANEVAL_REPO}/${config}/${rowSplit}/${ctx.index}`,
          problem: prompt,
          tests: [{ kind: "assert" as const, input: `${text(raw.test)}\n\ncheck(${entryPoint})\n`, output: "", fnName: entryPoint }],
          starterCode: prompt,
          entryPoint,
          canonicalSolution: text(raw.canonical_solution),
          source: {
            repo: HUMANEVAL_REPO,
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

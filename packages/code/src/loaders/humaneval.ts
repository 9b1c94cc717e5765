import type { Dataset } from "@crucible/core";
import type { CodeProblem } from "@crucible/types";
import { type CodeHubOptions, datasetFromRows, indexed, loadSplit } from "./hub.js";
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
  const rows = await loadSplit(HUMANEVAL_REPO, { ...hub, config, split });
  const skips = new SkipCollector("humanEval", onSkip);
  const out: HumanEvalProblem[] = [];
  const revision = rows.info?.revision;
  for (const [raw, index, rowSplit] of indexed(rows, split)) {
    const prompt = text(raw.prompt);
    if (prompt === "") {
      skips.add({ repo: HUMANEVAL_REPO, config, split: rowSplit, index, reason: "empty-problem", raw });
      continue;
    }
    const entryPoint = text(raw.entry_point);
    if (entryPoint === "" || text(raw.test) === "") {
      skips.add({ repo: HUMANEVAL_REPO, config, split: rowSplit, index, reason: "no-tests", detail: "empty `test` or `entry_point`", raw });
      continue;
    }
    out.push({
      id: text(raw.task_id) || `${HUMANEVAL_REPO}/${config}/${rowSplit}/${index}`,
      problem: prompt,
      tests: [{ kind: "assert", input: `${text(raw.test)}\n\ncheck(${entryPoint})\n`, output: "", fnName: entryPoint }],
      starterCode: prompt,
      entryPoint,
      canonicalSolution: text(raw.canonical_solution),
      source: { repo: HUMANEVAL_REPO, config, split: rowSplit, index, ...(revision ? { revision } : {}) },
      raw,
    });
  }
  skips.finish();
  return datasetFromRows(out, { repo: HUMANEVAL_REPO, config, split, ...(revision ? { revision } : {}) });
}

/**
 * MMLU (`cais/mmlu`) as `MultipleChoiceQuestion`s: choices, the answer's ClassLabel index and letter (names from
 * the data's features), subject, source and raw row. Subjects come from the repo's configs (README `configs:`),
 * in the Hub's order, minus the aggregate `all` config.
 */
import { concatenateDatasets, Dataset, Transform, type TransformedDataset } from "@crucible/core";
import { getConfigNames, loadDataset, loadTransformed } from "@crucible/hub";
import {
  DataFormatError,
  InvalidArgumentError,
  classLabelName,
  type ClassLabelFeature,
  type Features,
  type MultipleChoiceQuestion,
} from "@crucible/types";
import { choiceLetter } from "../metrics/choice-letter.js";

/** The random-access dataset an injected `loadDataset` returns (structurally core's `Dataset`). */
export interface QuestionDataset<T> extends Iterable<T> {
  readonly length: number;
  at(i: number): T | undefined;
  readonly features: Features | undefined;
  readonly info: { repo?: string; config?: string; split?: string; revision?: string };
}

/** The two Hub entry points MMLU needs (contract of @crucible/hub); injectable for custom hubs and tests. */
export interface MmluHubApi {
  loadDataset(
    repo: string,
    options: { config?: string; split: string; revision?: string; token?: string; cacheDir?: string; endpoint?: string },
  ): Promise<QuestionDataset<Record<string, unknown>>>;
  getConfigNames(repo: string, options: { revision?: string; token?: string; cacheDir?: string; endpoint?: string }): Promise<string[]>;
}

/** Options of {@link mmlu}. */
export interface MmluOptions {
  /** `"all"` (the aggregate config, 14042 test rows) or a list of subject configs. Default `"all"`. */
  subjects?: "all" | readonly string[];
  /** Split, with Python `datasets` slicing (`"test"`, `"dev"`, `"test[:100]"`). Default `"test"`. */
  split?: string;
  /** Repository. Default `"cais/mmlu"`. */
  repo?: string;
  /** Revision. Default the repo's default branch. */
  revision?: string;
  /** Hub endpoint. Default from `HF_ENDPOINT`, else the Hub. */
  endpoint?: string;
  /** Token. Default from the environment. */
  token?: string;
  /** Hub cache directory. Default from the environment. */
  cacheDir?: string;
  /** Hub functions to use instead of @crucible/hub's. Default @crucible/hub. */
  hub?: MmluHubApi;
}

const AGGREGATE = "all";

function hubApi(injected: MmluHubApi | undefined): MmluHubApi {
  if (injected) return injected;
  return {
    loadDataset: (repo, options) => loadDataset(repo, options) as Promise<QuestionDataset<Record<string, unknown>>>,
    getConfigNames: (repo, options) => getConfigNames(repo, options),
  };
}

function hubOpts(o: MmluOptions): { revision?: string; token?: string; cacheDir?: string; endpoint?: string } {
  const out: { revision?: string; token?: string; cacheDir?: string; endpoint?: string } = {};
  if (o.revision !== undefined) out.revision = o.revision;
  if (o.token !== undefined) out.token = o.token;
  if (o.cacheDir !== undefined) out.cacheDir = o.cacheDir;
  if (o.endpoint !== undefined) out.endpoint = o.endpoint;
  return out;
}

/**
 * The MMLU subjects: the repo's config names in the Hub's order, without the aggregate `all`.
 * @param options - Repo (default cais/mmlu), revision, endpoint, token, cache dir, injected hub.
 */
export async function mmluSubjects(options: MmluOptions = {}): Promise<string[]> {
  const repo = options.repo ?? "cais/mmlu";
  const names = await hubApi(options.hub).getConfigNames(repo, hubOpts(options));
  return names.filter((n) => n !== AGGREGATE);
}

/** Where one row came from, for {@link mmluRowToQuestion}. */
export interface MmluRowContext {
  repo: string;
  config: string;
  split: string;
  index: number;
  revision?: string;
  features?: Features | undefined;
}

/**
 * Converts one MMLU row (`question`, `subject`, `choices`, `answer`) to a MultipleChoiceQuestion.
 * The answer letter is the ClassLabel name of `answer` when the features carry one, else `A` + index.
 * @param row - The raw row.
 * @param ctx - Repo, config, split, row index, revision and the split's features.
 * @throws DataFormatError naming the row and field when a field is malformed.
 */
export function mmluRowToQuestion(row: Record<string, unknown>, ctx: MmluRowContext): MultipleChoiceQuestion {
  const where = { repo: ctx.repo, row: ctx.index, ...(ctx.revision ? { revision: ctx.revision } : {}) };
  const bad = (field: string, what: string) =>
    new DataFormatError(`MMLU row has ${what} in "${field}" (config ${ctx.config}, split ${ctx.split})`, { ...where, field });
  const question = row.question;
  if (typeof question !== "string") throw bad("question", "no string");
  const choices = row.choices;
  if (!Array.isArray(choices) || !choices.every((c) => typeof c === "string")) throw bad("choices", "no list of strings");
  const rawAnswer = row.answer;
  const answer = typeof rawAnswer === "bigint" ? Number(rawAnswer) : rawAnswer;
  if (typeof answer !== "number" || !Number.isInteger(answer) || answer < 0 || answer >= choices.length) {
    throw bad("answer", `an answer index out of range (${String(rawAnswer)})`);
  }
  const feature = ctx.features?.answer;
  const answerLetter =
    feature && feature.kind === "class_label" ? classLabelName(feature as ClassLabelFeature, answer) : choiceLetter(answer);
  const subject = typeof row.subject === "string" && row.subject !== "" ? row.subject : ctx.config === AGGREGATE ? undefined : ctx.config;
  const q: MultipleChoiceQuestion = {
    id: `${ctx.repo}/${ctx.config}/${ctx.split}/${ctx.index}`,
    question,
    choices: choices as string[],
    answer,
    answerLetter,
    source: { repo: ctx.repo, config: ctx.config, split: ctx.split, index: ctx.index, ...(ctx.revision ? { revision: ctx.revision } : {}) },
    raw: row,
  };
  if (subject !== undefined) q.subject = subject;
  return q;
}

/**
 * Loads MMLU as multiple-choice questions.
 * @param options - Subjects (default `"all"`), split (default `"test"`), repo (default cais/mmlu), Hub options.
 * @returns A crucible `Dataset` of MultipleChoiceQuestion (features and info kept), in the Hub's row order (subject by subject for a subject list).
 */
export async function mmlu(options: MmluOptions = {}): Promise<Dataset<MultipleChoiceQuestion>> {
  const repo = options.repo ?? "cais/mmlu";
  const split = options.split ?? "test";
  const api = hubApi(options.hub);
  let configs: string[];
  if (options.subjects === undefined || options.subjects === AGGREGATE) configs = [AGGREGATE];
  else {
    if (options.subjects.length === 0) throw new InvalidArgumentError("mmlu({ subjects }) needs at least one subject");
    const known = await mmluSubjects({ ...options, hub: api });
    const unknown = options.subjects.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
      throw new InvalidArgumentError(`Unknown MMLU subject(s): ${unknown.join(", ")}`, {
        repo,
        hint: `Known subjects: ${known.slice(0, 8).join(", ")}, … (${known.length} in all; see mmluSubjects())`,
      });
    }
    configs = [...options.subjects];
  }
  const info: QuestionDataset<MultipleChoiceQuestion>["info"] = {
    repo,
    config: configs.length === 1 ? configs[0]! : configs.join("+"),
    split,
  };
  if (options.hub) return fromInjectedHub(api, repo, configs, split, options, info);
  // @crucible/hub: each subject's questions are converted once into a row store beside the split and reopened on
  // the next load (hub's loadTransformed); `raw` is read from the split on access.
  const parts: Array<TransformedDataset<MultipleChoiceQuestion>> = [];
  for (const config of configs) {
    const out = await loadTransformed<MultipleChoiceQuestion>(
      repo,
      { ...hubOpts(options), config, split },
      (source, features) =>
        Transform.rows<Record<string, unknown>>().map((row, ctx) => {
          const { raw: _stored, ...q } = mmluRowToQuestion(row, {
            repo,
            config,
            split,
            index: ctx.position,
            ...(source.revision ? { revision: source.revision } : {}),
            features,
          });
          return q as MultipleChoiceQuestion;
        }),
      { name: "eval.mmlu", version: MMLU_TRANSFORM_VERSION, rawField: "raw", features: (source) => source },
    );
    if (out.source.info.revision && !info.revision) info.revision = out.source.info.revision;
    parts.push(out);
  }
  return parts.length === 1
    ? (parts[0] as TransformedDataset<MultipleChoiceQuestion>).dataset(info)
    : concatenateDatasets(
        parts.map((p) => p.dataset()),
        { info },
      );
}

/** Version of the stored questions: bump when {@link mmluRowToQuestion} changes its output. */
const MMLU_TRANSFORM_VERSION = 1;

/** The injected-hub path: the rows the injected `loadDataset` returns, converted in memory. */
async function fromInjectedHub(
  api: MmluHubApi,
  repo: string,
  configs: string[],
  split: string,
  options: MmluOptions,
  info: QuestionDataset<MultipleChoiceQuestion>["info"],
): Promise<Dataset<MultipleChoiceQuestion>> {
  const out: MultipleChoiceQuestion[] = [];
  let features: Features | undefined;
  for (const config of configs) {
    const ds = await api.loadDataset(repo, { ...hubOpts(options), config, split });
    features ??= ds.features;
    if (ds.info.revision && !info.revision) info.revision = ds.info.revision;
    let index = 0;
    for (const row of ds) {
      out.push(
        mmluRowToQuestion(row, {
          repo,
          config,
          split,
          index,
          ...(ds.info.revision ? { revision: ds.info.revision } : {}),
          features: ds.features,
        }),
      );
      index++;
    }
  }
  return Dataset.fromRows(out, { features, info });
}

/**
 * The usual zero-shot MMLU prompt: the question, the lettered choices and `Answer:`.
 * @param q - A question.
 * @returns The prompt text.
 */
export function mmluPrompt(q: MultipleChoiceQuestion): string {
  const lines = [q.question.trim(), ...q.choices.map((c, i) => `${choiceLetter(i)}. ${c}`), "Answer:"];
  return lines.join("\n");
}

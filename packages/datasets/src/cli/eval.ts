import { readFile } from "node:fs/promises";
import { executionMetric } from "@crucible/code";
import {
  bleuMetric,
  evaluate,
  exactMatchMetric,
  multipleChoiceAccuracy,
  ResultStore,
  rougeMetric,
  squadExactMatchMetric,
  squadF1Metric,
} from "@crucible/eval";
import { mathEquivalence } from "@crucible/math";
import { DataFormatError, InvalidArgumentError, type Metric, type Prediction, predictionSchema } from "@crucible/types";
import { IterableDataset, type Dataset } from "@crucible/core";
import type { DatasetDomain } from "../registry/catalog.js";
import type { CliHubOptions, CliIO } from "./context.js";
import { loadNamed, parseTarget } from "./named.js";
import { outputFormat, writeRecords } from "./output.js";

/** The metrics `--metric` accepts, by CLI name. */
export const METRICS: Record<string, () => Metric<never>> = {
  math: () => mathEquivalence() as Metric<never>,
  "exact-match": () => exactMatchMetric() as Metric<never>,
  "squad-em": () => squadExactMatchMetric() as Metric<never>,
  "squad-f1": () => squadF1Metric() as Metric<never>,
  bleu: () => bleuMetric() as Metric<never>,
  rouge: () => rougeMetric() as Metric<never>,
  choice: () => multipleChoiceAccuracy() as Metric<never>,
  execution: () => executionMetric() as Metric<never>,
};

const DEFAULT_METRIC: Record<DatasetDomain, string> = {
  math: "math",
  eval: "choice",
  code: "execution",
  chat: "rouge",
  preference: "exact-match",
  vision: "exact-match",
};

/** Reads predictions: one JSON object `{ "id", "output" }` per line; blank lines are ignored. */
export async function readPredictions(file: string): Promise<Prediction[]> {
  const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new InvalidArgumentError(`cannot read ${file}: ${e.code ?? e.message}`, { file });
  });
  const out: Prediction[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DataFormatError("prediction line is not JSON", { file, line: i + 1, hint: 'Each line is {"id": "...", "output": "..."}' });
    }
    const parsed = predictionSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DataFormatError(`prediction ${issue?.message ?? "is invalid"}`, {
        file,
        line: i + 1,
        ...(issue?.path.length ? { field: issue.path.join(".") } : {}),
        hint: 'Each line is {"id": "...", "output": "..."} with the id of a dataset row',
      });
    }
    out.push(parsed.data as Prediction);
  });
  return out;
}

/** Flags of `crucible eval`. */
export interface EvalFlags {
  dataset?: string;
  split?: string;
  config?: string;
  metric?: string[];
  model?: string;
  store?: boolean;
  storePath?: string;
  tag?: string[];
  json?: boolean;
  format?: string;
}

/**
 * `crucible eval <predictions.jsonl> --dataset <name>`: scores predictions against a named dataset's rows with the
 * given metrics (default by domain: math → math, mmlu → choice, code → execution), prints the scores and coverage,
 * and with `--store` saves the result in the result store (`crucible results`).
 * @returns The stored result's id, or undefined.
 */
export async function evalCommand(file: string, flags: EvalFlags, hub: CliHubOptions, io: CliIO): Promise<string | undefined> {
  if (!flags.dataset)
    throw new InvalidArgumentError("--dataset is required: the name of the dataset the predictions answer (crucible list)");
  const target = parseTarget(flags.dataset);
  if (target.kind !== "named")
    throw new InvalidArgumentError(`--dataset must be a registered name (crucible list), got repo ${target.repo}`);
  const names = flags.metric?.length ? flags.metric : [DEFAULT_METRIC[target.entry.domain]];
  const unknown = names.filter((n) => !(n in METRICS));
  if (unknown.length) throw new InvalidArgumentError(`unknown --metric ${unknown.join(", ")}; use ${Object.keys(METRICS).join(", ")}`);
  const predictions = await readPredictions(file);
  const rows = await loadNamed(
    target.entry,
    { ...(flags.split ? { split: flags.split } : {}), ...(flags.config ? { config: flags.config } : {}) },
    hub,
    io,
  );
  if (rows instanceof IterableDataset)
    throw new InvalidArgumentError(`${target.entry.name} is streamed; evaluate against a loaded split instead`);
  const result = await evaluate(predictions, rows as Dataset<Record<string, unknown>>, {
    metrics: names.map((n) => (METRICS[n] as () => Metric<never>)()) as never,
    model: flags.model ?? "unknown",
    ...(flags.tag?.length ? { tags: flags.tag } : {}),
  });
  let id: string | undefined;
  if (flags.store) {
    const store = ResultStore.open(flags.storePath ? { path: flags.storePath } : {});
    try {
      id = store.save(result);
    } finally {
      store.close();
    }
  }
  const summary = {
    ...(id ? { id } : {}),
    model: result.model,
    dataset: result.dataset,
    ...result.metrics,
    answered: result.coverage.answered,
    total: result.coverage.total,
    unknown_predictions: result.unknownPredictionIds.length,
  };
  writeRecords([summary], outputFormat(flags.format, io, flags.json), io);
  if (id && !flags.json) io.stderr.write(`stored as ${id} (crucible results, crucible export)\n`);
  return id;
}

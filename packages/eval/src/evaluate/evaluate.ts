/**
 * `evaluate(predictions, dataset, { metrics })`: scores each dataset item, counts items without a prediction as
 * wrong (0 on every metric) and reports them, reports prediction ids that match no item, aggregates per metric.
 */
import { InvalidArgumentError, type EvalResult, type ItemResult, type Metric, type Prediction } from "@crucible/types";
import { exactMatchMetric } from "../metrics/metric-adapters.js";

/** What `evaluate` needs of a dataset: iteration (a crucible `Dataset`, an array, any iterable). */
export type EvaluableDataset<T> = Iterable<T> & { info?: { repo?: string; config?: string; split?: string } };

/** Options of {@link evaluate}. */
export interface EvaluateOptions<T, Ref> {
  /** Metrics to compute. Default `[exactMatchMetric()]`. Names must be unique. */
  metrics?: ReadonlyArray<Metric<Ref>>;
  /** Model name stored in the result. Default `"unknown"`. */
  model?: string;
  /** Dataset name stored in the result. Default the dataset's `info.repo` (+ `/config`, `:split`), else `"unknown"`. */
  datasetName?: string;
  /** Item id. Default `item.id` when it is a string or number, else the item's zero-based index as a string. */
  id?: (item: T, index: number) => string;
  /** Reference passed to metrics. Default `item.reference`, else `item.answer`, else the item itself. */
  reference?: (item: T) => Ref;
  /** Keep each prediction text and reference in the item results. Default `true`. */
  keepText?: boolean;
  /** Tags stored with the result (for ResultStore queries). Default none. */
  tags?: string[];
  /** Extra data stored with the result. Default none. */
  meta?: Record<string, unknown>;
}

function defaultId(item: unknown, index: number): string {
  if (item !== null && typeof item === "object") {
    const id = (item as { id?: unknown }).id;
    if (typeof id === "string") return id;
    if (typeof id === "number" || typeof id === "bigint") return String(id);
  }
  return String(index);
}

function defaultReference(item: unknown): unknown {
  if (item !== null && typeof item === "object") {
    const o = item as { reference?: unknown; answer?: unknown };
    if (o.reference !== undefined) return o.reference;
    if (o.answer !== undefined) return o.answer;
  }
  return item;
}

function describeDataset(ds: { info?: { repo?: string; config?: string; split?: string } }): string {
  const info = ds.info;
  if (!info?.repo) return "unknown";
  return `${info.repo}${info.config ? `/${info.config}` : ""}${info.split ? `:${info.split}` : ""}`;
}

function checkScore(value: unknown, metric: string, id: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new InvalidArgumentError(`Metric "${metric}" returned ${String(value)} for item "${id}"`, {
      hint: "A metric's score must be a number",
    });
  }
  return value;
}

function mean(xs: number[]): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Evaluates predictions against a dataset.
 * @param predictions - Model outputs, each with the id of the item it answers.
 * @param dataset - The items (a crucible Dataset or any iterable).
 * @param options - Metrics (default exact match), model name, id/reference accessors, tags.
 * @returns An EvalResult: per-item scores, aggregate per metric (mean of item scores, or the metric's `aggregate`,
 *   or its `corpus` value over all items with "" for unanswered ones), coverage, unknown prediction ids, timing.
 */
export async function evaluate<T, Ref = unknown>(
  predictions: Iterable<Prediction>,
  dataset: EvaluableDataset<T>,
  options: EvaluateOptions<T, Ref> = {},
): Promise<EvalResult> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const metrics = (options.metrics ?? [exactMatchMetric() as unknown as Metric<Ref>]) as ReadonlyArray<Metric<Ref>>;
  if (metrics.length === 0) throw new InvalidArgumentError("evaluate needs at least one metric");
  const names = new Set<string>();
  for (const m of metrics) {
    if (!m || typeof m.name !== "string" || m.name === "" || typeof m.score !== "function") {
      throw new InvalidArgumentError("Every metric needs a non-empty name and a score(prediction, reference) function");
    }
    if (names.has(m.name)) throw new InvalidArgumentError(`Two metrics are named "${m.name}"`, { hint: "Metric names must be unique" });
    names.add(m.name);
  }
  const idOf = options.id ?? defaultId;
  const refOf = options.reference ?? (defaultReference as (item: T) => Ref);
  const keepText = options.keepText ?? true;

  const byId = new Map<string, Prediction>();
  const duplicates: string[] = [];
  for (const p of predictions) {
    const id = String(p.id);
    if (byId.has(id)) duplicates.push(id);
    else byId.set(id, p);
  }

  const items: ItemResult[] = [];
  const missingIds: string[] = [];
  const seen = new Set<string>();
  const perMetric = new Map<string, number[]>(metrics.map((m) => [m.name, []]));
  const corpusPreds: string[] = [];
  const corpusRefs: Ref[] = [];
  let index = 0;
  for (const item of dataset) {
    const id = idOf(item, index++);
    if (seen.has(id))
      throw new InvalidArgumentError(`Dataset item id "${id}" occurs twice`, {
        row: index - 1,
        hint: "Pass evaluate({ id }) to build unique ids",
      });
    seen.add(id);
    const ref = refOf(item);
    const pred = byId.get(id);
    const scores: Record<string, number> = {};
    if (pred === undefined) {
      missingIds.push(id);
      for (const m of metrics) scores[m.name] = 0;
    } else {
      for (const m of metrics) {
        let v: number | Promise<number>;
        try {
          v = m.score(pred.output, ref);
          if (v instanceof Promise) v = await v;
        } catch (error) {
          if (error instanceof InvalidArgumentError) throw error;
          throw new InvalidArgumentError(`Metric "${m.name}" failed on item "${id}": ${(error as Error)?.message ?? String(error)}`, {
            cause: error,
            row: index - 1,
          });
        }
        scores[m.name] = checkScore(v, m.name, id);
      }
    }
    for (const m of metrics) perMetric.get(m.name)!.push(scores[m.name]!);
    corpusPreds.push(pred?.output ?? "");
    corpusRefs.push(ref);
    const result: ItemResult = { id, scores, answered: pred !== undefined };
    if (keepText) {
      if (pred !== undefined) result.prediction = pred.output;
      result.reference = ref;
    }
    items.push(result);
  }

  const aggregates: Record<string, number> = {};
  for (const m of metrics) {
    const xs = perMetric.get(m.name)!;
    if (m.corpus) {
      const v = m.corpus(corpusPreds, corpusRefs);
      aggregates[m.name] = checkScore(v instanceof Promise ? await v : v, m.name, "(corpus)");
    } else {
      aggregates[m.name] = m.aggregate ? m.aggregate(xs) : mean(xs);
    }
  }
  const unknownPredictionIds = [...byId.keys()].filter((id) => !seen.has(id));
  const result: EvalResult = {
    model: options.model ?? "unknown",
    dataset: options.datasetName ?? describeDataset(dataset),
    metrics: aggregates,
    items,
    coverage: { total: items.length, answered: items.length - missingIds.length, missingIds },
    unknownPredictionIds,
    timing: { startedAt, durationMs: performance.now() - t0 },
  };
  if (duplicates.length > 0) result.duplicatePredictionIds = duplicates;
  if (options.tags) result.tags = [...options.tags];
  if (options.meta) result.meta = { ...options.meta };
  return result;
}

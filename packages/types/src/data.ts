/**
 * One row as crucible reads it: column name → value, in the JS form of what Python `datasets` returns (int64 →
 * `number` when safe, else `bigint`; binary → `Uint8Array`; struct → object; list → array; null → `null`).
 */
export type Row = Record<string, unknown>;

/** Where a row came from: enough to find it again on the Hub. */
export interface SourceRef {
  /** Repository id, e.g. `openai/gsm8k`. */
  repo: string;
  /** Config name, e.g. `main`. */
  config: string;
  /** Split name, e.g. `train`. */
  split: string;
  /** Zero-based row index in the split, in the order the Hub files list it. */
  index: number;
  /** Commit sha the row was read at, when known. */
  revision?: string;
}

/** Fields shared by every typed example: its source and the untouched raw row. */
export interface Sourced<Raw = Record<string, unknown>> {
  /** Where the example came from. Absent for examples built in memory. */
  source?: SourceRef;
  /** The raw row as read from the file, before any transform. */
  raw?: Raw;
}

/** Chat roles. Loaders normalise `human`/`gpt`/`bot` to `user`/`assistant`. */
export type Role = "system" | "user" | "assistant" | "tool" | (string & {});

/** A text part of a multi-part message. */
export interface TextPart {
  type: "text";
  text: string;
}

/** An image part of a multi-part message: raw bytes or a URL. */
export interface ImagePart {
  type: "image";
  /** Encoded image bytes (PNG, JPEG, …) or a URL. */
  image: Uint8Array | string;
  /** MIME type when known, e.g. `image/png`. */
  mimeType?: string;
}

/** One part of a message's content. */
export type ContentPart = TextPart | ImagePart;

/** One chat message. */
export interface Message {
  role: Role;
  /** Plain text, or typed parts for multi-modal content. */
  content: string | ContentPart[];
  /** Optional author or tool name. */
  name?: string;
}

/** A chat conversation: an ordered list of messages. */
export interface Conversation extends Sourced {
  /** Stable id of the conversation (the source's id column, or `repo/config/split/index`). */
  id: string;
  messages: Message[];
}

/** Two completions of the same prompt. */
export interface Comparison {
  /** The shared conversation prefix. */
  prompt: Message[];
  completionA: Message[];
  completionB: Message[];
}

/** Which completion a judge preferred. */
export type PreferenceLabel = "A" | "B" | "Tie";

/** A comparison with a preference label. */
export interface LabeledComparison extends Sourced {
  id: string;
  comparison: Comparison;
  label: PreferenceLabel;
}

/**
 * Swaps the two completions of a comparison.
 * @returns A new Comparison with `completionA` and `completionB` exchanged; the input is not modified.
 */
export function swapComparison(comparison: Comparison): Comparison {
  return { prompt: comparison.prompt, completionA: comparison.completionB, completionB: comparison.completionA };
}

/**
 * Swaps the completions of a labeled comparison and flips its label (A ↔ B; Tie stays Tie).
 * @returns A new LabeledComparison; the input is not modified.
 */
export function swapLabeledComparison(labeled: LabeledComparison): LabeledComparison {
  const label: PreferenceLabel = labeled.label === "A" ? "B" : labeled.label === "B" ? "A" : "Tie";
  return { ...labeled, comparison: swapComparison(labeled.comparison), label };
}

/** A math problem with its reference answer. */
export interface MathProblem extends Sourced {
  id: string;
  problem: string;
  /** The reference final answer (e.g. GSM8K's `####` answer, MATH's last `\boxed{}`). */
  answer: string;
  /** The worked solution, when the dataset has one. */
  solution?: string;
}

/** A multiple-choice question (MMLU and the like). */
export interface MultipleChoiceQuestion extends Sourced {
  id: string;
  question: string;
  choices: string[];
  /** Zero-based index of the correct choice. */
  answer: number;
  /** The correct choice's letter (`A`, `B`, …). */
  answerLetter: string;
  subject?: string;
}

/** One test of a code problem. */
export interface CodeTestCase {
  /** `stdin`: feed `input` on stdin and compare stdout; `functional`: call `fnName` with `input` as arguments. */
  kind: "stdin" | "functional" | "assert";
  input: string;
  output: string;
  /** The function to call, for functional tests. */
  fnName?: string;
}

/** A programming problem with its tests. */
export interface CodeProblem extends Sourced {
  id: string;
  problem: string;
  tests: CodeTestCase[];
  starterCode?: string;
  /** The entry point (function name) when tests call a function. */
  entryPoint?: string;
}

/** An image as stored by the Hub's `Image` feature. */
export interface ImageData {
  /** Encoded bytes. */
  bytes: Uint8Array;
  /** Original file name, when stored. */
  path?: string;
  /** Format read from the bytes (`png`, `jpeg`, `gif`, `webp`, `bmp`). */
  format?: string;
  width?: number;
  height?: number;
}

/** A labelled image (image classification). */
export interface ImageExample extends Sourced {
  id: string;
  image: ImageData;
  /** Class index. */
  label: number;
  /** Class name from the ClassLabel feature. */
  className: string;
}

/** A model's output for one dataset item. */
export interface Prediction {
  /** The id of the dataset item this predicts. */
  id: string;
  /** The model's raw output text. */
  output: string;
  /** Free-form extra data (latency, tokens, …). */
  meta?: Record<string, unknown>;
}

/** Scores of one item in an evaluation. */
export interface ItemResult {
  id: string;
  /** Metric name → score (0..1 for accuracy-like metrics, metric's own scale otherwise). */
  scores: Record<string, number>;
  /** False when the item had no prediction (it then scores 0 on every metric). */
  answered: boolean;
  prediction?: string;
  reference?: unknown;
}

/** The result of evaluating predictions against a dataset. */
export interface EvalResult {
  /** Model name. */
  model: string;
  /** Dataset name (repo id or a user label). */
  dataset: string;
  /** Metric name → aggregate score. */
  metrics: Record<string, number>;
  items: ItemResult[];
  coverage: {
    /** Items in the dataset. */
    total: number;
    /** Items with a prediction. */
    answered: number;
    /** Ids of items without a prediction (counted as wrong). */
    missingIds: string[];
  };
  /** Prediction ids that match no dataset item (ignored, reported). */
  unknownPredictionIds: string[];
  /** Ids that had more than one prediction (the first one was scored). Absent when there were none. */
  duplicatePredictionIds?: string[];
  timing: { startedAt: string; durationMs: number };
  /** Free-form tags for querying. */
  tags?: string[];
  /** Free-form extra data. */
  meta?: Record<string, unknown>;
}

/**
 * A metric that `evaluate` can run. Domain packages (math, code) implement it without importing eval.
 * `score` grades one item; `aggregate` combines item scores (defaults to the mean);
 * `corpus`, when present, computes corpus-level values (e.g. corpus BLEU) that are not a mean of item scores.
 */
export interface Metric<Ref = unknown> {
  /** Name used as the key in EvalResult.metrics. */
  readonly name: string;
  score(prediction: string, reference: Ref): number | Promise<number>;
  aggregate?(scores: number[]): number;
  corpus?(predictions: string[], references: Ref[]): number | Promise<number>;
}

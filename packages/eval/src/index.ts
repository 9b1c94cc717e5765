// @crucible/eval — metrics that match their reference implementations, evaluate(), MMLU, a SQLite result store
// and exporters.

// Metrics: functions
export { squadExactMatch, squadF1, squadNormalize, squadTokens } from "./metrics/squad.js";
export { exactMatch, exactMatchNormalizer, type ExactMatchOptions } from "./metrics/exact-match.js";
export {
  computeBleu,
  corpusBleu,
  sentenceBleu,
  type BleuOptions,
  type BleuScore,
  type BleuSmoothMethod,
} from "./metrics/bleu/bleu.js";
export { bleuTokenizer, tokenize13a, tokenizeChar, tokenizeIntl, tokenizeNone, type BleuTokenizerName } from "./metrics/bleu/tokenizers.js";
export { lcsLength, rougeScore, rougeTokenize, type RougeOptions, type RougeScore, type RougeType } from "./metrics/rouge/rouge.js";
export { porterStem } from "./metrics/rouge/porter.js";
export { meanPassAtK, passAtK } from "./metrics/pass-at-k.js";
export { choiceIndex, choiceLetter, extractChoiceLetter, type ChoiceLetterOptions } from "./metrics/choice-letter.js";

// Metrics: as Metric objects for evaluate()
export {
  bleuMetric,
  exactMatchMetric,
  multipleChoiceAccuracy,
  passAtKMetric,
  rougeMetric,
  squadExactMatchMetric,
  squadF1Metric,
  type ChoiceReference,
  type RougeMetricOptions,
  type TextReference,
} from "./metrics/metric-adapters.js";

// Evaluation
export { evaluate, type EvaluableDataset, type EvaluateOptions } from "./evaluate/evaluate.js";

// MMLU
export {
  mmlu,
  mmluPrompt,
  mmluRowToQuestion,
  mmluSubjects,
  type MmluHubApi,
  type MmluOptions,
  type MmluRowContext,
  type QuestionDataset,
} from "./mmlu/mmlu.js";

// Result store
export {
  ResultStore,
  type MetricRange,
  type ResultQuery,
  type ResultStoreOptions,
  type ResultSummary,
  type StoredEvalResult,
} from "./store/result-store.js";
export { crucibleDataDir, defaultResultStorePath } from "./store/data-dir.js";
export { SCHEMA_VERSION } from "./store/migrations.js";

// Exporters
export type { ExportableResult } from "./export/common.js";
export { toCsv, type CsvOptions } from "./export/csv.js";
export { toJsonl } from "./export/jsonl.js";
export { markdownCell, toMarkdown, type MarkdownOptions } from "./export/markdown.js";
export { barChartSvg, escapeHtml, toHtml, type HtmlOptions } from "./export/html.js";
export { writeReport, type ExportFormat } from "./export/write-report.js";

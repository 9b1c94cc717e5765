/** Test support: sample results with hostile strings. @internal */
import type { EvalResult } from "@crucible/types";

/** A string with HTML, CSV, Markdown and formula metacharacters. */
export const HOSTILE = `<script>alert("x")</script> "q", a\r\nb | c' & =1+1`;

/** Three results (two datasets), one with a hostile model name and one with a hostile dataset name. */
export function sample(): EvalResult[] {
  const mk = (model: string, dataset: string, acc: number, f1: number): EvalResult => ({
    model,
    dataset,
    metrics: { accuracy: acc, f1 },
    items: [
      { id: "i1", scores: { accuracy: 1, f1 }, answered: true, prediction: `=HYPERLINK("http://evil")`, reference: { text: HOSTILE } },
      { id: "i,2", scores: { accuracy: 0, f1: 0 }, answered: false, reference: "r" },
    ],
    coverage: { total: 2, answered: 1, missingIds: ["i,2"] },
    unknownPredictionIds: [],
    timing: { startedAt: "2026-05-01T12:00:00.000Z", durationMs: 1234 },
    tags: ["a", "b"],
  });
  return [mk("model-a", "ds1", 0.5, 0.61), mk(HOSTILE, "ds1", 0.75, 0.7), mk("model-c", `ds2 ${HOSTILE}`, 0.25, 0.3)];
}

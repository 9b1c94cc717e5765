import { describe, expect, it } from "vitest";
import { Dataset } from "@crucible/core";
import type { Metric, MultipleChoiceQuestion } from "@crucible/types";
import { evaluate } from "./evaluate.js";
import {
  bleuMetric,
  exactMatchMetric,
  multipleChoiceAccuracy,
  passAtKMetric,
  rougeMetric,
  squadExactMatchMetric,
  squadF1Metric,
} from "../metrics/metric-adapters.js";
import { corpusBleu } from "../metrics/bleu/bleu.js";

const items = [
  { id: "q1", answer: "Paris" },
  { id: "q2", answer: "4" },
  { id: "q3", answer: "blue whale" },
];

describe("evaluate", () => {
  it("counts items without a prediction as wrong and reports them; reports unknown prediction ids", async () => {
    const r = await evaluate(
      [
        { id: "q1", output: "  paris " },
        { id: "q2", output: "5" },
        { id: "zzz", output: "stray" },
      ],
      items,
      { model: "m1", datasetName: "toy", tags: ["smoke"] },
    );
    expect(r.metrics.exact_match).toBeCloseTo(1 / 3, 12);
    expect(r.coverage).toEqual({ total: 3, answered: 2, missingIds: ["q3"] });
    expect(r.unknownPredictionIds).toEqual(["zzz"]);
    expect(r.items.map((i) => [i.id, i.scores.exact_match, i.answered])).toEqual([
      ["q1", 1, true],
      ["q2", 0, true],
      ["q3", 0, false],
    ]);
    expect(r.model).toBe("m1");
    expect(r.dataset).toBe("toy");
    expect(r.tags).toEqual(["smoke"]);
    expect(Date.parse(r.timing.startedAt)).not.toBeNaN();
    expect(r.timing.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // metric keys and values serialise
  });

  it("corpus BLEU aggregate is sacrebleu's corpus statistic over all items (missing → empty hypothesis)", async () => {
    const refs = ["The dog bit the man.", "It was not unexpected.", "The man bit him first."];
    const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    const ds = refs.map((reference, i) => ({ id: `s${i}`, reference }));
    const r = await evaluate(
      hyps.slice(0, 2).map((output, i) => ({ id: `s${i}`, output })),
      ds,
      { metrics: [bleuMetric()] },
    );
    expect(r.metrics.bleu).toBe(corpusBleu([hyps[0]!, hyps[1]!, ""], [refs]).score);
    expect(r.items[2]!.scores.bleu).toBe(0);
  });

  it("runs async metrics, SQuAD, ROUGE and multiple-choice accuracy together", async () => {
    const q: MultipleChoiceQuestion = { id: "m1", question: "2+2?", choices: ["3", "4", "5", "6"], answer: 1, answerLetter: "B" };
    const slow: Metric<unknown> = { name: "async_len", score: async (p) => p.length };
    const r = await evaluate([{ id: "m1", output: "The answer is (B)." }], [q], {
      metrics: [multipleChoiceAccuracy(), slow],
      reference: (item) => item,
    });
    expect(r.metrics.accuracy).toBe(1);
    expect(r.metrics.async_len).toBe("The answer is (B).".length);
    const s = await evaluate([{ id: "a", output: "the Eiffel tower!" }], [{ id: "a", reference: ["Eiffel Tower", "tower"] }], {
      metrics: [squadExactMatchMetric(), squadF1Metric(), rougeMetric({ rougeType: "rouge1" })],
    });
    expect(s.metrics.squad_exact_match).toBe(1);
    expect(s.metrics.squad_f1).toBe(1);
    expect(s.metrics.rouge1).toBeCloseTo(0.8, 12); // vs "Eiffel Tower": P 2/3, R 1 → F 0.8
  });

  it("pass@k metric reads sample outcomes from the output", async () => {
    const r = await evaluate(
      [
        { id: "p1", output: '{"n":10,"c":3}' },
        { id: "p2", output: "[true,false,false,false,false]" },
      ],
      [{ id: "p1" }, { id: "p2" }],
      { metrics: [passAtKMetric(1), passAtKMetric(5)] },
    );
    expect(r.items[0]!.scores["pass@1"]).toBeCloseTo(0.3, 12);
    expect(r.items[0]!.scores["pass@5"]).toBeCloseTo(1 - 21 / 252, 12);
    expect(r.items[1]!.scores["pass@1"]).toBeCloseTo(0.2, 12);
    expect(r.items[1]!.scores["pass@5"]).toBe(1);
    // fewer samples than k is refused, not scored 1
    await expect(evaluate([{ id: "p1", output: "[true,false]" }], [{ id: "p1" }], { metrics: [passAtKMetric(5)] })).rejects.toThrow(
      /k must be in \[1, n\]/,
    );
  });

  it("rejects duplicate metric names, duplicate item ids and non-numeric scores with typed errors", async () => {
    await expect(evaluate([], items, { metrics: [exactMatchMetric(), exactMatchMetric()] })).rejects.toThrow(/Two metrics/);
    await expect(evaluate([], [{ id: "a" }, { id: "a" }])).rejects.toThrow(/occurs twice/);
    const bad: Metric<unknown> = { name: "bad", score: () => Number.NaN };
    await expect(evaluate([{ id: "q1", output: "x" }], items, { metrics: [bad] })).rejects.toThrow(/returned NaN for item "q1"/);
  });

  it("takes a crucible Dataset and names the result after its info", async () => {
    const ds = Dataset.fromRows(items, { info: { repo: "org/toy", config: "main", split: "test" } });
    const r = await evaluate([{ id: "q3", output: "Blue  Whale" }], ds);
    expect(r.dataset).toBe("org/toy/main:test");
    expect(r.metrics.exact_match).toBeCloseTo(1 / 3, 12);
    expect(r.coverage.missingIds).toEqual(["q1", "q2"]);
  });

  it("records duplicate prediction ids (first wins)", async () => {
    const r = await evaluate(
      [
        { id: "q1", output: "Paris" },
        { id: "q1", output: "London" },
      ],
      items,
    );
    expect(r.items[0]!.prediction).toBe("Paris");
    expect(r.duplicatePredictionIds).toEqual(["q1"]);
  });
});

// Eval: MMLU prompts, multiple-choice accuracy, a result store and a Markdown report.
import { load } from "@crucible/datasets";
import { evaluate, mmluPrompt, multipleChoiceAccuracy, ResultStore, toMarkdown } from "@crucible/eval";
import { check, withHub } from "./hub.mjs";

await withHub(async (hub) => {
  const dev = await load("mmlu", { ...hub, split: "dev" }); // Dataset<MultipleChoiceQuestion>
  console.log(`mmlu dev: ${dev.length} questions\n${mmluPrompt(dev.at(0))}`);
  const alwaysA = dev.toArray().map((q) => ({ id: q.id, output: "A" }));
  const oracle = dev.toArray().map((q) => ({ id: q.id, output: `The answer is ${q.answerLetter}.` }));
  const store = ResultStore.open({ path: ":memory:" });
  for (const [model, predictions] of [
    ["always-A", alwaysA],
    ["oracle", oracle],
  ]) {
    store.save(await evaluate(predictions, dev, { model, metrics: [multipleChoiceAccuracy()] }));
  }
  const results = store.query().map((s) => store.load(s.id));
  console.log(
    toMarkdown(results)
      .split("\n")
      .filter((l) => l.startsWith("|"))
      .join("\n"),
  );
  const accuracy = Object.fromEntries(results.map((r) => [r.model, Object.values(r.metrics)[0]]));
  store.close();
  check(accuracy.oracle === 1, "the oracle scores 1");
  check(accuracy["always-A"] > 0 && accuracy["always-A"] < 0.5, "always-A is near chance");
});

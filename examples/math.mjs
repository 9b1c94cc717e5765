// Math: GSM8K as the cookbook loads it, shuffled like Python, graded with the symbolic grader.
import { load } from "@crucible/datasets";
import { evaluate } from "@crucible/eval";
import { extractBoxed, gradeAnswer, mathEquivalence } from "@crucible/math";
import { check, withHub } from "./hub.mjs";

await withHub(async (hub) => {
  const test = await load("gsm8k", { ...hub, split: "test" }); // Dataset<MathProblem>; answer = the #### number
  const batch = test.shuffle({ seed: 0 }).take(8); // numpy's permutation: the rows Python's ds.shuffle(seed=0) picks
  console.log(`gsm8k test: ${test.length} problems; a shuffled batch of ${batch.length} starts with: ${batch.at(0).problem.slice(0, 60)}…`);

  // A model answers in \boxed{}; the grader accepts equivalent forms ("0.5" vs "\frac{1}{2}", "1,234" vs "1234").
  const said = extractBoxed("so the answer is \\boxed{\\frac{1}{2}}");
  check(said.ok && gradeAnswer(said.value, "0.5"), "\\frac{1}{2} grades equal to 0.5");

  const predictions = batch.toArray().map((p, i) => ({ id: p.id, output: i % 2 ? "no idea" : `\\boxed{${p.answer}}` }));
  const result = await evaluate(predictions, batch, { model: "half-right", metrics: [mathEquivalence()] });
  console.log(`math_equivalence of a model right on every other problem: ${result.metrics.math_equivalence}`);
  check(result.metrics.math_equivalence === 0.5, "half right scores 0.5");
});

// Code: HumanEval problems with their tests, the unbiased pass@k, and (when python3 is here) a sandboxed run.
import { execFileSync } from "node:child_process";
import { load } from "@crucible/datasets";
import { runTests } from "@crucible/code";
import { passAtK } from "@crucible/eval";
import { check, withHub } from "./hub.mjs";

await withHub(async (hub) => {
  const problems = await load("humaneval", hub); // Dataset<HumanEvalProblem>
  const p = problems.at(0);
  console.log(`humaneval: ${problems.length} problems; first ${p.id} → ${p.entryPoint}()`);
  // 10 samples, 3 correct: the chance that one of k=1 / k=5 draws passes.
  console.log(`pass@1 = ${passAtK(10, 3, 1).toFixed(3)}, pass@5 = ${passAtK(10, 3, 5).toFixed(3)}`);
  check(Math.abs(passAtK(10, 3, 1) - 0.3) < 1e-12, "pass@1 is c/n");
  let python = true;
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
  } catch {
    python = false;
  }
  if (!python) {
    console.log("python3 not found: skipping the sandboxed run");
    return;
  }
  // The problem text is the function's signature and docstring; the canonical solution is its body.
  const good = await runTests(p, p.problem + p.canonicalSolution);
  const bad = await runTests(p, `${p.problem}    return None\n`);
  console.log(`canonical solution: ${good.passed ? "passes" : "fails"}; a wrong one: ${bad.passed ? "passes" : "fails"}`);
  check(good.passed && !bad.passed, "the tests tell the canonical solution from a wrong one");
});

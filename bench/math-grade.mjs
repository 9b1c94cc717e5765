#!/usr/bin/env node
// Grading throughput bench for @crucible/math (on demand; not part of the test suite).
//   pnpm --filter @crucible/math build && node bench/math-grade.mjs [--runs 5] [--shared ../shared] [--dist dir]
// (--dist: another build of packages/math/dist, e.g. of an earlier commit, to compare in the same session)
// Pairs come from MATH-500 (../shared/hub/datasets/HuggingFaceH4/MATH-500/test.jsonl):
//   equal     — the `answer` column against the last \boxed{} of `solution`, plus rewritten forms ($…$, \dfrac, a/b, …)
//   perturbed — the answer with one digit changed, and another row's answer
//   raw       — text as a model writes it against the full solution as the reference (the answer must be found
//               in both): "Final Answer: The final answer is $x$. I hope it is correct." for the right answer and
//               for the perturbed one
// and it reports answers/s for each set, the decision counts, and the slowest single decision on pathological inputs.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, shared: { type: "string" }, dist: { type: "string" } },
});
const here = path.dirname(new URL(import.meta.url).pathname);
const shared = values.shared ?? process.env.CRUCIBLE_SHARED_DIR ?? path.resolve(here, "../../shared");
const file = path.join(shared, "hub/datasets/HuggingFaceH4/MATH-500/test.jsonl");
if (!existsSync(file)) {
  console.error(`MATH-500 not found at ${file} (pass --shared or set CRUCIBLE_SHARED_DIR)`);
  process.exit(1);
}
let g;
try {
  const dist = values.dist ? new URL(`file://${path.resolve(values.dist)}/`) : new URL("../packages/math/dist/", import.meta.url);
  g = { ...(await import(new URL("grade/grade.js", dist).href)), ...(await import(new URL("extract/boxed.js", dist).href)) };
} catch (err) {
  console.error(`Build first: pnpm --filter @crucible/math build\n${err.message}`);
  process.exit(1);
}

const rows = readFileSync(file, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const equal = [];
const perturbed = [];
const raw = [];
const say = (a) => `We compute step by step. Final Answer: The final answer is $${a}$. I hope it is correct.`;
rows.forEach((r, i) => {
  const boxed = g.extractBoxed(r.solution);
  if (boxed.ok) equal.push([boxed.value, r.answer]);
  equal.push([`$${r.answer}$`, r.answer], [r.answer.replace(/\\frac/g, "\\dfrac"), r.answer]);
  equal.push([r.answer.replace(/(?<!\d\s*)\\frac\{(\d+)\}\{(\d+)\}/g, "($1/$2)"), r.answer]);
  const m = /\d/.exec(r.answer);
  raw.push([say(r.answer), r.solution]);
  if (m) {
    const changed = r.answer.slice(0, m.index) + String((Number(m[0]) + 1) % 10) + r.answer.slice(m.index + 1);
    perturbed.push([changed, r.answer]);
    raw.push([say(changed), r.solution]);
  }
  const other = rows[(i * 7 + 3) % rows.length].answer;
  if (other.replace(/\s/g, "") !== r.answer.replace(/\s/g, "")) perturbed.push([other, r.answer]);
});

function run(pairs) {
  let correct = 0;
  const reasons = {};
  const t0 = performance.now();
  for (const [given, ref] of pairs) {
    const d = g.gradeAnswerDetailed(given, ref);
    if (d.correct) correct++;
    reasons[d.reason] = (reasons[d.reason] ?? 0) + 1;
  }
  return { ms: performance.now() - t0, correct, reasons };
}

const runs = Number(values.runs);
for (let k = 0; k < 3; k++) run([...equal, ...perturbed]); // JIT warm-up
const report = (name, pairs) => {
  const times = [];
  let last;
  for (let k = 0; k < runs; k++) {
    last = run(pairs);
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${name.padEnd(10)} ${String(pairs.length).padStart(5)} pairs  median ${median.toFixed(1)} ms  ` +
      `${Math.round((pairs.length / median) * 1000).toLocaleString("en-US")} answers/s  ` +
      `judged equal ${last.correct}/${pairs.length}  reasons ${JSON.stringify(last.reasons)}`,
  );
};
console.log(`node ${process.version}, ${runs} runs (median), MATH-500 pairs`);
report("equal", equal);
report("perturbed", perturbed);
report("all", [...equal, ...perturbed]);
report("raw", raw);

const pathological = [
  ["(".repeat(3000) + "1" + ")".repeat(3000), "1"],
  ["9^{9^{9^{9^{9}}}}", "1"],
  ["100000000!", "1"],
  [Array.from({ length: 600 }, (_, i) => `x^{${i}}`).join("+"), "x"],
  ["\\frac{".repeat(500) + "1" + "}{2}".repeat(500), "1"],
  ["1".repeat(1990), "2"],
  ["\\sqrt{".repeat(400) + "2" + "}".repeat(400), "2"],
  // raw texts the extraction has to search (20,000 characters each)
  ["\\( 1 ".repeat(4000), "2"],
  ["$x$ ".repeat(5000), "2"],
  ["1 ".repeat(10000), "2"],
  ["\\boxed{".repeat(2850), "2"],
];
let worst = 0;
for (const [a, b] of pathological) {
  const t0 = performance.now();
  g.gradeAnswerDetailed(a, b, { timeoutMs: 1000 });
  worst = Math.max(worst, performance.now() - t0);
}
console.log(`pathological inputs: ${pathological.length}, slowest decision ${worst.toFixed(1)} ms (time limit 1000 ms)`);

// Side by side: the cookbook's stage 3 (sympy parse_expr + simplify of the difference) on the perturbed pairs it can
// parse after a crude LaTeX → Python rewrite, when python3 with sympy is installed. Its 1 s per-pair timeout is
// not applied here; the figure is sympy's own speed on the same pairs.
const py = String.raw`
import json, sys, time, re, signal
import sympy
from sympy.parsing.sympy_parser import parse_expr, standard_transformations, implicit_multiplication_application
T = standard_transformations + (implicit_multiplication_application,)
def conv(s):
    s = s.replace('\\left','').replace('\\right','').replace('\\dfrac','\\frac').replace('\\!','').replace('$','')
    for _ in range(5):
        s = re.sub(r'\\frac\{([^{}]*)\}\{([^{}]*)\}', r'((\1)/(\2))', s)
        s = re.sub(r'\\sqrt\{([^{}]*)\}', r'sqrt(\1)', s)
    s = s.replace('\\pi','pi').replace('\\cdot','*').replace('^','**').replace('{','(').replace('}',')')
    if '\\' in s or ',' in s: raise ValueError(s)
    return s
class TO(Exception): pass
def handler(sig, frame): raise TO()
signal.signal(signal.SIGALRM, handler)
pairs = json.load(sys.stdin)
ok = []
for a, b in pairs:
    try:
        ok.append((parse_expr(conv(a), transformations=T), parse_expr(conv(b), transformations=T)))
    except Exception:
        pass
t0 = time.perf_counter(); done = 0; timeouts = 0
for x, y in ok:
    signal.alarm(1)
    try:
        sympy.simplify(x - y) == 0; done += 1
    except TO:
        timeouts += 1
    except Exception:
        done += 1
    finally:
        signal.alarm(0)
dt = time.perf_counter() - t0
print(json.dumps({"parsed": len(ok), "seconds": dt, "timeouts": timeouts}))
`;
const res = spawnSync("python3", ["-c", py], { input: JSON.stringify(perturbed), encoding: "utf8", timeout: 600_000 });
if (res.status === 0) {
  const r = JSON.parse(res.stdout.trim().split("\n").pop());
  const ours = run(perturbed);
  console.log(
    `sympy (cookbook stage 3) on ${r.parsed}/${perturbed.length} perturbed pairs it parses: ${(r.seconds * 1000).toFixed(0)} ms, ` +
      `${Math.round(r.parsed / r.seconds).toLocaleString("en-US")} pairs/s (${r.timeouts} hit the 1 s alarm); ` +
      `crucible on all ${perturbed.length}: ${ours.ms.toFixed(0)} ms`,
  );
} else {
  console.log("python3 with sympy not available: no side-by-side figure");
}

#!/usr/bin/env node
// The main job: serve a folder of Hub repos with @crucible/mirror (../shared/hub by default, or --root DIR),
// point the client at it, and run what a post-training user runs: load, shuffle like Python, grade, evaluate,
// store and export, stream, and reload offline. Run `pnpm build` first (it imports the built packages).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { startMirror } from "@crucible/mirror";
import { streamDataset } from "@crucible/hub";
import { gsm8k, math500, gradeAnswer, mathEquivalence } from "@crucible/math";
import { evaluate, mmlu, ResultStore, toMarkdown } from "@crucible/eval";
import { hhRlhf } from "@crucible/preference";
import { caltech101 } from "@crucible/vision";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const rootArg = args.indexOf("--root");
// A relative --root is taken from where the user ran `pnpm start` (pnpm sets INIT_CWD), not from tooling/demo.
const hubRoot = rootArg >= 0 ? resolve(process.env.INIT_CWD ?? process.cwd(), args[rootArg + 1]) : join(repoRoot, "../shared/hub");
if (!existsSync(join(hubRoot, "datasets"))) {
  console.error(`No Hub folder at ${hubRoot} (expected ${hubRoot}/datasets/<org>/<name>). Pass --root DIR.`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "crucible-demo-"));
const cacheDir = join(work, "hf-cache");
const ms = (t0) => `${(performance.now() - t0).toFixed(0)} ms`;
const mirror = await startMirror({ root: hubRoot });
console.log(`mirror: serving ${hubRoot} at ${mirror.url}`);
const hub = { endpoint: mirror.url, cacheDir, token: false };

try {
  // 1. GSM8K train, in the cookbook's order: exactly Python datasets' shuffle(seed=0).
  let t0 = performance.now();
  const train = await gsm8k({ ...hub, split: "train" });
  const batch = train.take(1024);
  console.log(`gsm8k main/train: ${train.length} rows (${ms(t0)}); shuffle(seed 0).take(1024) starts with rows ` +
    `${[0, 1, 2].map((i) => batch.at(i).source?.index).join(", ")}; first answer ${batch.at(0).answer}`);

  // 2. MATH-500: every reference answer graded against the last \boxed{} of its solution.
  t0 = performance.now();
  const test = await math500({ ...hub });
  let agree = 0;
  for (const p of test) if (gradeAnswer(p.raw.answer, p.answer)) agree++;
  console.log(`math500 test: ${test.length} rows; answer column ≡ boxed answer for ${agree}/${test.length} (${ms(t0)})`);

  // 3. Evaluate a mock model (right on even rows, wrong on every 3rd, silent on every 7th) and store the result.
  const predictions = [];
  test.toArray().forEach((p, i) => {
    if (i % 7 === 6) return;
    predictions.push({ id: p.id, output: i % 3 === 2 ? "42" : `The answer is $\\boxed{${p.answer}}$.` });
  });
  const result = await evaluate(predictions, test, { model: "demo-model", metrics: [mathEquivalence()] });
  const store = ResultStore.open({ path: join(work, "results.sqlite") });
  store.save(result);
  console.log(`evaluate: ${JSON.stringify(result.metrics)}, answered ${result.coverage.answered}/${result.coverage.total}`);
  console.log(toMarkdown(store.query({ model: "demo-model" }).map((s) => store.load(s.id))).split("\n").slice(0, 8).join("\n"));
  store.close();

  // 4. MMLU test split over every subject config.
  t0 = performance.now();
  const mm = await mmlu({ ...hub, split: "test" });
  console.log(`mmlu test: ${mm.length} questions (${ms(t0)}); first: ${mm.at(0).subject} → ${mm.at(0).answerLetter}`);

  // 5. Preference pairs and labelled images.
  const prefs = await hhRlhf({ ...hub, split: "test", onSkip: () => undefined });
  const images = await caltech101({ ...hub, split: "test" });
  const img = images.at(0);
  console.log(`hh-rlhf test: ${prefs.length} labeled comparisons; caltech101 test: ${images.length} images, first ` +
    `${img.image.format} ${img.image.width}×${img.image.height} "${img.className}"`);

  // 6. Stream the first rows of OpenThoughts3 over HTTP Range requests.
  mirror.resetStats();
  t0 = performance.now();
  const stream = await streamDataset("open-thoughts/OpenThoughts3-1.2M", { ...hub, split: "train" });
  let n = 0;
  for await (const _row of stream) if (++n === 10) break;
  console.log(`stream OpenThoughts3: first ${n} rows in ${ms(t0)}, ${mirror.stats.bytesSent} bytes over ${mirror.stats.requests} requests`);
} finally {
  await mirror.close();
}

// 7. Reload offline with the mirror stopped: same rows, no network.
const t0 = performance.now();
const offline = await gsm8k({ ...hub, offline: true, split: "train" });
const again = offline.take(3).toArray().map((p) => p.source?.index);
console.log(`offline reload (mirror stopped): ${offline.length} rows in ${ms(t0)}; shuffled head ${again.join(", ")}`);
rmSync(work, { recursive: true, force: true });

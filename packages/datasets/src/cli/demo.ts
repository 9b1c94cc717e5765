import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluate, ResultStore, toMarkdown } from "@crucible/eval";
import { streamDataset } from "@crucible/hub";
import { gradeAnswer, mathEquivalence } from "@crucible/math";
import { type Mirror, startMirror } from "@crucible/mirror";
import type { Prediction } from "@crucible/types";
import { load } from "../load.js";
import type { CliHubOptions, CliIO } from "./context.js";
import { hubFolder, sampleHubRoot } from "./mirror.js";
import { describeImage } from "./preview.js";

/** Flags of `crucible demo`. */
export interface DemoFlags {
  /** Serve this folder (`DIR/datasets/<org>/<name>/…`) instead of the bundled sample hub. */
  root?: string;
  /** Keep the demo's cache and result store (printed at the end) instead of deleting them. */
  keep?: boolean;
}

const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

/**
 * `crucible demo`: the main job, end to end, on a fresh machine. Serves the bundled sample hub (or `--root DIR`)
 * with the in-process mirror — or, with `--endpoint` / `HF_ENDPOINT`, uses that Hub — into a throw-away cache, then:
 * loads GSM8K and shuffles it as Python's `shuffle(seed=0)` does, grades MATH-500's reference answers, evaluates a
 * mock model and stores + exports the result, loads MMLU, hh-rlhf comparisons, HumanEval and labelled images, streams
 * rows over HTTP Range requests, and reloads offline with the server stopped.
 * @returns The lines printed (also written to stdout as they come).
 */
export async function demoCommand(flags: DemoFlags, hub: CliHubOptions, io: CliIO, endpointGiven: boolean): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    io.stdout.write(`${line}\n`);
  };
  const work = mkdtempSync(path.join(tmpdir(), "crucible-demo-"));
  let mirror: Mirror | undefined;
  try {
    let endpoint: string;
    if (endpointGiven && !flags.root) {
      endpoint = hub.endpoint as string;
      say(`hub: ${endpoint}`);
    } else {
      const root = flags.root ? hubFolder(flags.root, io.env.INIT_CWD ?? process.cwd()) : sampleHubRoot();
      mirror = await startMirror({ root });
      endpoint = mirror.url;
      say(`mirror: serving ${flags.root ? root : "the bundled sample hub"} at ${endpoint}`);
    }
    const opts = {
      endpoint,
      cacheDir: path.join(work, "hf-cache"),
      processedDir: path.join(work, "crucible"),
      progress: false,
      ...(hub.token ? { token: hub.token } : { token: false as const }),
    };

    // 1. GSM8K, shuffled exactly as Python datasets' ds.shuffle(seed=0) (numpy PCG64 permutation).
    let t0 = performance.now();
    const gsm = await load("gsm8k", { ...opts, split: "test" });
    const shuffled = gsm.shuffle({ seed: 0 });
    const head = [0, 1, 2].map((i) => shuffled.at(i).source?.index);
    say(
      `gsm8k main/test: ${gsm.length} problems (${ms(t0)}); shuffle({ seed: 0 }) starts with rows ${head.join(", ")} as in Python; first answer ${shuffled.at(0).answer}`,
    );

    // 2. MATH-500: the answer column against the last \boxed{} of each solution, with the symbolic grader.
    t0 = performance.now();
    const math = await load("math500", opts);
    let agree = 0;
    for (const p of math) if (gradeAnswer(p.datasetAnswer, p.answer)) agree++;
    say(`math500 test: ${math.length} problems; answer column ≡ boxed answer for ${agree}/${math.length} (${ms(t0)})`);

    // 3. Evaluate a mock model (right, except every 3rd; silent on every 7th), store it, export Markdown.
    const predictions: Prediction[] = [];
    math.toArray().forEach((p, i) => {
      if (i % 7 !== 6)
        predictions.push({ id: p.id, output: i % 3 === 2 ? "The answer is 42." : `So the answer is $\\boxed{${p.answer}}$.` });
    });
    const result = await evaluate(predictions, math, { model: "demo-model", metrics: [mathEquivalence()] });
    const store = ResultStore.open({ path: path.join(work, "results.sqlite") });
    try {
      store.save(result);
      say(
        `evaluate: math_equivalence ${result.metrics.math_equivalence?.toFixed(4)}, answered ${result.coverage.answered}/${result.coverage.total}; stored and exported:`,
      );
      const markdown = toMarkdown(store.query({ model: "demo-model" }).flatMap((s) => store.load(s.id) ?? []));
      for (const l of markdown
        .split("\n")
        .filter((l) => l.startsWith("|"))
        .slice(0, 3))
        say(`  ${l}`);
    } finally {
      store.close();
    }

    // 4. MMLU, preference pairs, code problems, labelled images.
    t0 = performance.now();
    const mmlu = await load("mmlu", { ...opts, split: "dev" });
    const q = mmlu.at(0);
    say(`mmlu dev: ${mmlu.length} questions (${ms(t0)}); first: ${q.subject} → ${q.answerLetter}`);
    let skipped = 0;
    const prefs = await load("hh_rlhf", { ...opts, split: "test", onSkip: () => void skipped++ });
    const pair = prefs.at(0);
    say(
      `hh_rlhf test: ${prefs.length} labeled comparisons (the cookbook's shuffle + take 1024; ${skipped} rows dropped as it drops them); first prompt has ${pair.comparison.prompt.length} turns, label ${pair.label}`,
    );
    const code = await load("humaneval", opts);
    say(`humaneval test: ${code.length} problems; first ${code.at(0).entryPoint}() with ${code.at(0).tests.length} test program`);
    const images = await load("caltech101", { ...opts, split: "test" });
    const img = images.at(0);
    say(`caltech101 test: ${images.length} labelled images; first [${describeImage(img.image)}] "${img.className}"`);

    // 5. Stream rows over HTTP Range requests: only the bytes needed for the first rows.
    mirror?.resetStats();
    t0 = performance.now();
    const stream = await streamDataset("openai/gsm8k", { ...opts, config: "main", split: "test" });
    let n = 0;
    for await (const _row of stream) if (++n === 10) break;
    say(
      `stream gsm8k: first ${n} rows in ${ms(t0)}${mirror ? `, ${mirror.stats.bytesSent} bytes over ${mirror.stats.requests} requests` : ""}`,
    );
  } finally {
    await mirror?.close();
  }
  try {
    // 6. Reload offline with the server stopped: same rows, same shuffle, no network.
    const t0 = performance.now();
    const cached = { cacheDir: path.join(work, "hf-cache"), processedDir: path.join(work, "crucible"), offline: true };
    const offline = await load("gsm8k", { ...cached, split: "test" });
    const again = offline
      .shuffle({ seed: 0 })
      .take(3)
      .toArray()
      .map((p) => p.source?.index);
    say(`offline reload (server stopped): ${offline.length} problems in ${ms(t0)}; shuffled head ${again.join(", ")}`);
  } finally {
    if (flags.keep) say(`kept the demo's cache and result store in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  return lines;
}

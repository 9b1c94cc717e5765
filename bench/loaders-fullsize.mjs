#!/usr/bin/env node
// Cookbook loaders on full-size replicas, cold and warm, against Python `datasets` doing the cookbook's same steps,
// in the same run (on demand; not part of the test suite).
//
//   node bench/replicas.mjs                      # once: generates bench/out/replicas (see there)
//   pnpm --filter @crucible/types --filter @crucible/core --filter @crucible/hub --filter @crucible/mirror \
//        --filter @crucible/chat --filter @crucible/math --filter @crucible/preference build
//   node bench/loaders-fullsize.mjs [--only tulu3Sft,loadDataset,deepMath,arena140k,openThoughts3] [--no-python]
//
// The replicas are served by @crucible/mirror on 127.0.0.1. Every measurement runs in its own child process (peak
// RSS = that process's getrusage maxrss): "cold" with empty HF and crucible caches, "warm" again on the same caches
// with `offline: true` (Python: HF_HUB_OFFLINE=1). Python does what the cookbook's builders do with the same data:
// `load_dataset(repo, split="train")`, `shuffle(seed=0)`, then take/skip the test rows. OpenThoughts3 is streamed
// (one "stream" measurement, no cache): `openThoughts3()` consumed to its end (384,000 conversations out of the
// cookbook's 384,000-row shuffle buffer) against Python's `load_dataset(..., streaming=True)`,
// `.shuffle(seed=0, buffer_size=384_000)`, `.take(384_000)` with the same from/value → role/content conversion.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { runJsonChild } from "./child.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = (pkg) => pathToFileURL(path.join(here, `../packages/${pkg}/dist/index.js`)).href;
const maxRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

// ---------------------------------------------------------------------------------------------------------------
// Worker: one loader, one process.
if (process.argv[2] === "--worker") {
  const [, , , loader, endpoint, dir, mode] = process.argv;
  const hub = {
    endpoint,
    cacheDir: path.join(dir, "hf"),
    processedDir: path.join(dir, "crucible"),
    token: false,
    progress: false,
    ...(mode === "warm" ? { offline: true } : {}),
  };
  process.env.CRUCIBLE_HOME = path.join(dir, "crucible");
  const modules = {
    chat: await import(dist("chat")),
    hub: await import(dist("hub")),
    math: await import(dist("math")),
    preference: await import(dist("preference")),
  };
  // timed from here: module import is reported apart (as Python's `import datasets`)
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = { loader, mode };
  if (loader === "tulu3Sft") {
    const { tulu3Sft } = modules.chat;
    const { train, test } = await tulu3Sft({ ...hub, onSkip: () => undefined });
    Object.assign(out, { train: train.length, test: test?.length, firstTest: test?.at(0).id, firstTrain: train.at(0).id });
  } else if (loader === "loadDataset") {
    const { loadDataset } = modules.hub;
    const ds = await loadDataset("allenai/tulu-3-sft-mixture", { ...hub, split: "train" });
    const sample = ds.shuffle({ seed: 0 }).take(1024).toArray();
    Object.assign(out, { rows: ds.length, firstTest: sample[0].id });
  } else if (loader === "deepMath") {
    const { deepMath } = modules.math;
    const ds = await deepMath({ ...hub, onSkip: () => undefined });
    Object.assign(out, { rows: ds.length, first: ds.at(0).id, solutionChars: ds.at(0).solution?.length });
  } else if (loader === "arena140k") {
    const { arena140k } = modules.preference;
    const train = await arena140k({ ...hub, split: "train", onSkip: () => undefined });
    const test = await arena140k({ ...hub, split: "test", onSkip: () => undefined });
    Object.assign(out, { train: train.length, test: test.length, firstTest: test.at(0)?.id });
  } else if (loader === "openThoughts3") {
    const { openThoughts3 } = modules.chat;
    const ds = await openThoughts3({ ...hub, onSkip: () => undefined });
    let n = 0;
    let first;
    for await (const c of ds) {
      if (n === 0) first = c.id;
      n++;
    }
    Object.assign(out, { rows: n, first });
  } else throw new Error(`unknown loader ${loader}`);
  const cpu = process.cpuUsage(cpu0);
  Object.assign(out, { ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssMB: maxRssMB() });
  console.log(JSON.stringify(out));
  process.exit(0);
}

// Python peer: the cookbook's steps on the same repo.
const PY = String.raw`
import json, os, resource, sys, time
t0 = time.perf_counter()
import datasets
loader = sys.argv[1]
t1 = time.perf_counter()
c1 = resource.getrusage(resource.RUSAGE_SELF)
out = {"loader": loader}
if loader in ("tulu3Sft", "loadDataset"):
    ds = datasets.load_dataset("allenai/tulu-3-sft-mixture", split="train").shuffle(seed=0)
    test, train = ds.take(1024), ds.skip(1024)
    out.update(train=len(train), test=len(test), firstTest=test[0]["id"])
elif loader == "deepMath":
    ds = datasets.load_dataset("zwhe99/DeepMath-103K", split="train").shuffle(seed=0)
    out.update(rows=len(ds), solutionChars=len(ds[0]["r1_solution_1"]))
elif loader == "arena140k":
    ds = datasets.load_dataset("lmarena-ai/arena-human-preference-140k", split="train").shuffle(seed=0)
    test, train = ds.take(1024), ds.skip(1024)
    out.update(train=len(train), test=len(test), firstTest=test[0]["id"])
elif loader == "openThoughts3":
    ds = datasets.load_dataset("open-thoughts/OpenThoughts3-1.2M", split="train", streaming=True)
    n = 0
    for row in ds.shuffle(seed=0, buffer_size=384_000).take(384_000):
        messages = [{"role": "user" if t["from"] == "human" else "assistant", "content": t["value"]} for t in row["conversations"]]
        n += 1
    out.update(rows=n)
c2 = resource.getrusage(resource.RUSAGE_SELF)
out.update(ms=round((time.perf_counter() - t1) * 1000), cpuMs=round((c2.ru_utime + c2.ru_stime - c1.ru_utime - c1.ru_stime) * 1000), importMs=round((t1 - t0) * 1000), peakRssMB=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
print(json.dumps(out))
`;

const run = (cmd, args, env) => runJsonChild("nice", ["-n", "5", cmd, ...args], env);
const { values } = parseArgs({
  options: {
    replicas: { type: "string", default: path.join(here, "out", "replicas") },
    work: { type: "string", default: path.join(here, "out", "fullsize") },
    only: { type: "string", default: "tulu3Sft,loadDataset,deepMath,arena140k,openThoughts3" },
    "no-python": { type: "boolean", default: false },
  },
});
const NEEDS = {
  tulu3Sft: "allenai/tulu-3-sft-mixture",
  loadDataset: "allenai/tulu-3-sft-mixture",
  deepMath: "zwhe99/DeepMath-103K",
  arena140k: "lmarena-ai/arena-human-preference-140k",
  openThoughts3: "open-thoughts/OpenThoughts3-1.2M",
};
/** Streamed loaders: one measurement each (nothing is cached, so there is no warm run). */
const STREAMED = new Set(["openThoughts3"]);
let startMirror;
try {
  ({ startMirror } = await import(dist("mirror")));
  await import(dist("chat"));
} catch (err) {
  console.error(`Build first (see the header of this file).\n${err.message}`);
  process.exit(1);
}
const mirror = await startMirror({ root: values.replicas });
const results = [];
try {
  for (const loader of values.only.split(",")) {
    if (!existsSync(path.join(values.replicas, "datasets", NEEDS[loader]))) {
      console.log(`${loader}: no replica of ${NEEDS[loader]} (node bench/replicas.mjs)`);
      continue;
    }
    const dir = path.join(values.work, loader);
    const py = path.join(values.work, `${loader}-python`);
    for (const d of [dir, py]) {
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
    }
    const pyEnv = (offline) => ({
      HF_ENDPOINT: mirror.url,
      HF_HOME: py,
      HF_HUB_DISABLE_TELEMETRY: "1",
      HF_UPDATE_DOWNLOAD_COUNTS: "0",
      HF_TOKEN: "",
      HF_HUB_DISABLE_PROGRESS_BARS: "1",
      ...(offline ? { HF_HUB_OFFLINE: "1" } : {}),
    });
    for (const mode of STREAMED.has(loader) ? ["stream"] : ["cold", "warm"]) {
      const r = await run(process.execPath, [fileURLToPath(import.meta.url), "--worker", loader, mirror.url, dir, mode]);
      console.log(JSON.stringify(r));
      results.push(r);
      if (!values["no-python"] && loader !== "loadDataset") {
        const p = await run("python3", ["-c", PY, loader], pyEnv(mode === "warm"));
        p.mode = mode;
        p.python = true;
        console.log(JSON.stringify(p));
        results.push(p);
      }
    }
  }
} finally {
  await mirror.close();
}
console.log(
  "\n| loader | mode | crucible wall s | crucible CPU s | crucible peak RSS MB | Python wall s | Python CPU s | Python peak RSS MB |\n|---|---|---|---|---|---|---|---|",
);
for (const r of results.filter((x) => !x.python)) {
  const p = results.find((x) => x.python && x.loader === r.loader && x.mode === r.mode);
  const s = (ms) => (ms / 1000).toFixed(2);
  console.log(
    `| ${r.loader} | ${r.mode} | ${s(r.ms)} | ${s(r.cpuMs)} | ${r.peakRssMB} | ${p ? s(p.ms) : "—"} | ${p ? s(p.cpuMs) : "—"} | ${p ? p.peakRssMB : "—"} |`,
  );
}

// Child process for the crash test of loadTransformed: transforms one split with outputs "store" and, when it
// reaches row `blockAt`, prints `{"blocked":true}` and stops (blocks its thread) until the parent kills it.
// argv: optionsJson repo split blockAt
import { writeSync } from "node:fs";
const [optionsJson, repo, split, blockAt] = process.argv.slice(2);
const { Transform } = await import("@crucible/core");
const { loadTransformed } = await import("../load/load-transformed.ts");
const { crashTransformRow, CRASH_SPEC } = await import("./crash-transform.ts");
const stop = Number(blockAt);
const t = Transform.rows().map((row, ctx) => {
  if (ctx.index === stop) {
    writeSync(1, `${JSON.stringify({ blocked: true })}\n`);
    // Block without returning (at most 60 s, in case the parent died): the store is mid-write.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
  return crashTransformRow(row, ctx);
});
await loadTransformed(repo, { ...JSON.parse(optionsJson), split }, t, CRASH_SPEC);
process.stdout.write(`${JSON.stringify({ finished: true })}\n`);

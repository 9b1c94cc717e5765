// Child process for the ResultStore concurrency tests: node writer-child.mjs <store-module> <db> <label> <count|forever> <items>
const [, , storeModule, dbPath, label, countArg, itemsArg] = process.argv;
const { ResultStore } = await import(storeModule);
const store = ResultStore.open({ path: dbPath });
const items = Number(itemsArg);
const forever = countArg === "forever";
const count = forever ? Infinity : Number(countArg);
for (let i = 0; i < count; i++) {
  const result = {
    model: label,
    dataset: "concurrency",
    metrics: { accuracy: (i % 10) / 10 },
    items: Array.from({ length: items }, (_, k) => ({
      id: `${label}-${i}-${k}`,
      scores: { accuracy: k % 2 },
      answered: true,
      prediction: "x".repeat(200),
    })),
    coverage: { total: items, answered: items, missingIds: [] },
    unknownPredictionIds: [],
    timing: { startedAt: new Date().toISOString(), durationMs: 1 },
    tags: [label],
  };
  store.save(result);
  if (forever) process.stdout.write(`saved ${i}\n`);
}
store.close();
process.stdout.write("done\n");

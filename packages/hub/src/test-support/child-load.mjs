// Child process for cross-process tests: loads one split with loadDataset and prints a JSON line with its length,
// first and last rows. argv: optionsJson repo config split
const [optionsJson, repo, config, split] = process.argv.slice(2);
const { loadDataset } = await import("../load/load-dataset.ts");
try {
  const ds = await loadDataset(repo, { ...JSON.parse(optionsJson), config, split });
  process.stdout.write(`${JSON.stringify({ ok: true, length: ds.length, first: ds.at(0), last: ds.at(ds.length - 1) })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, code: error.code, message: String(error.message) })}\n`);
  process.exitCode = 1;
}

// Child process for cross-process tests: downloads one file and prints a JSON line with the result.
// argv: endpoint cacheDir repo path [revision] [lockStaleMs]
const [endpoint, cacheDir, repo, file, revision = "main", lockStaleMs = "30000"] = process.argv.slice(2);
const { downloadFile } = await import("../file.ts");
let bytes = 0;
try {
  const p = await downloadFile(repo, file, {
    endpoint,
    cacheDir,
    revision,
    token: false,
    retryBaseMs: 5,
    retryMaxMs: 20,
    lockStaleMs: Number(lockStaleMs),
    onProgress: (e) => {
      if (e.type === "download-progress") {
        bytes = e.bytes;
        if (process.env.CHILD_REPORT_PROGRESS) process.stdout.write(`${JSON.stringify({ progress: e.bytes })}\n`);
      }
    },
  });
  process.stdout.write(`${JSON.stringify({ ok: true, path: p, bytes })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, code: error.code, message: String(error.message) })}\n`);
  process.exitCode = 1;
}

// Shared by the benchmarks: run a measurement in its own process, and tell whether the Python peer can run.
import { execFileSync, spawn } from "node:child_process";

/** True when `python3 -c "import datasets"` works (the Python `datasets` peer can be measured). */
export function hasPythonDatasets() {
  try {
    execFileSync("python3", ["-c", "import datasets"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `cmd args` with `env` added to this process's environment (an `undefined` value removes a variable) and
 * resolves with the last line of its stdout that is a JSON object, parsed; rejects with the tail of its stderr when
 * it exits non-zero or prints no such line.
 */
export function runJsonChild(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      const line = out
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .at(-1);
      if (code !== 0 || !line) reject(new Error(`${cmd} ${args.slice(0, 3).join(" ")} exited ${code}: ${err.slice(-1500)}`));
      else resolve(JSON.parse(line));
    });
  });
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "@crucible/types";

/** How a sandboxed run ended. */
export type RunStatus = "ok" | "error" | "timeout" | "memory";

/** Whether the run had network access cut off (`unshare -rn`), or not (unshare unavailable or disabled). */
export type NetworkIsolation = "isolated" | "not isolated";

/** Options of {@link runPython}. */
export interface RunPythonOptions {
  /** Text fed to the program's stdin. Default: empty stdin (closed at once). */
  stdin?: string;
  /** Wall-clock limit in ms; the process group is killed with SIGKILL after it. Default `10000`. */
  timeoutMs?: number;
  /** Address-space limit (RLIMIT_AS) in MiB. Default `512`. */
  memoryMb?: number;
  /** Bytes kept of stdout and of stderr each; the rest is dropped and `truncated` set. Default `1048576` (1 MiB). */
  maxOutputBytes?: number;
  /** Run inside a new user + network namespace (`unshare -rn`) when that works here. Default `true`. */
  isolateNetwork?: boolean;
  /** The Python interpreter. Default `"python3"`. */
  python?: string;
}

/** The result of {@link runPython}. */
export interface RunPythonResult {
  /**
   * `ok`: exit code 0. `timeout`: killed at the wall-clock limit or by the CPU-time limit (SIGXCPU/SIGKILL).
   * `memory`: ended with a Python `MemoryError` (the address-space limit). `error`: any other non-zero exit.
   */
  status: RunStatus;
  /** Captured stdout (UTF-8), at most `maxOutputBytes`. */
  stdout: string;
  /** Captured stderr (UTF-8), at most `maxOutputBytes`. */
  stderr: string;
  /** Exit code, or `null` when the process was ended by a signal. */
  exitCode: number | null;
  /** The signal that ended the process, if any. */
  signal: NodeJS.Signals | null;
  /** Wall-clock time from spawn to exit, in ms. */
  durationMs: number;
  /** True when stdout or stderr exceeded `maxOutputBytes`. */
  truncated: boolean;
  /** Whether the run was network-isolated. */
  network: NetworkIsolation;
}

/** Python prelude: limits, then the user code as `__main__`. argv: memory bytes, cpu seconds, file path. */
const PRELUDE = `
import resource, sys
_mem, _cpu, _path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def _lim(which, value):
    try:
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):
        pass
_lim(resource.RLIMIT_AS, _mem)
_lim(resource.RLIMIT_CPU, _cpu)
_lim(resource.RLIMIT_FSIZE, 16 * 1024 * 1024)
_lim(resource.RLIMIT_CORE, 0)
_lim(resource.RLIMIT_NPROC, 0)
with open(_path, encoding="utf-8") as _f:
    _src = _f.read()
sys.argv = [_path]
del _f, _lim, _mem, _cpu
_g = {"__name__": "__main__", "__file__": _path, "__builtins__": __builtins__}
exec(compile(_src, _path, "exec"), _g)
`;

let unshareProbe: Promise<boolean> | undefined;

/** Probes once whether `unshare -rn` works here (user namespaces may be disabled). @internal */
export function canIsolateNetwork(): Promise<boolean> {
  unshareProbe ??= new Promise<boolean>((resolve) => {
    try {
      const child = spawn("unshare", ["-rn", "true"], { stdio: "ignore" });
      child.on("error", () => resolve(false));
      child.on("close", (code) => resolve(code === 0));
    } catch {
      resolve(false);
    }
  });
  return unshareProbe;
}

function checkPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`runPython: ${name} must be a positive number, got ${String(value)}`);
  }
}

/**
 * Runs Python source in a separate, limited `python3 -I` process (isolated mode: no user site, no PYTHON* env, no
 * script dir on sys.path) in a fresh temp working directory that is deleted afterwards, with a minimal environment.
 * Limits: wall clock `timeoutMs` (SIGKILL of the whole process group), RLIMIT_AS = `memoryMb`, RLIMIT_CPU =
 * ceil(timeoutMs/1000)+1 s, RLIMIT_FSIZE = 16 MiB, RLIMIT_NPROC = 0 (no new processes), no core files, and no
 * network when `unshare -rn` works (probed once per process; see `network` in the result).
 * This is a best-effort sandbox for grading model output, not a security boundary against hostile code:
 * the file system is not isolated (the code runs as the current user), and RLIMIT_NPROC does not bind root, so
 * when Node runs as root the code can still start subprocesses (they die with the process group at the timeout
 * unless they leave it with `setsid`).
 * @param code - Python source, run as `__main__`.
 * @param options - `stdin` (default none), `timeoutMs` (default 10000), `memoryMb` (default 512),
 *   `maxOutputBytes` (default 1 MiB), `isolateNetwork` (default true), `python` (default `"python3"`).
 * @returns The status, captured output, exit code and duration. Never throws for failures of the code itself.
 * @throws InvalidArgumentError on a non-positive limit.
 */
export async function runPython(code: string, options: RunPythonOptions = {}): Promise<RunPythonResult> {
  const { stdin, timeoutMs = 10_000, memoryMb = 512, maxOutputBytes = 1024 * 1024, isolateNetwork = true, python = "python3" } = options;
  checkPositive("timeoutMs", timeoutMs);
  checkPositive("memoryMb", memoryMb);
  checkPositive("maxOutputBytes", maxOutputBytes);
  const isolated = isolateNetwork && (await canIsolateNetwork());
  const dir = mkdtempSync(path.join(tmpdir(), "crucible-py-"));
  const file = path.join(dir, "main.py");
  writeFileSync(file, code);
  const pyArgs = ["-I", "-c", PRELUDE, String(Math.floor(memoryMb * 1024 * 1024)), String(Math.ceil(timeoutMs / 1000) + 1), file];
  const [command, args] = isolated ? ["unshare", ["-rn", python, ...pyArgs]] : [python, pyArgs];
  const started = performance.now();
  try {
    return await new Promise<RunPythonResult>((resolve) => {
      const child = spawn(command, args, {
        cwd: dir,
        detached: true, // own process group, killed as a whole
        stdio: ["pipe", "pipe", "pipe"],
        env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: dir, TMPDIR: dir, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" },
      });
      let truncated = false;
      const collect = () => {
        const chunks: Buffer[] = [];
        let size = 0;
        return {
          push(chunk: Buffer) {
            if (size >= maxOutputBytes) {
              truncated = true;
              return;
            }
            const room = maxOutputBytes - size;
            if (chunk.length > room) {
              truncated = true;
              chunk = chunk.subarray(0, room);
            }
            chunks.push(chunk);
            size += chunk.length;
          },
          text: () => Buffer.concat(chunks).toString("utf8"),
        };
      };
      const out = collect();
      const err = collect();
      child.stdout.on("data", (c: Buffer) => out.push(c));
      child.stderr.on("data", (c: Buffer) => err.push(c));
      child.stdin.on("error", () => undefined); // EPIPE when the program exits without reading stdin
      child.stdin.end(stdin ?? "");
      let timedOut = false;
      const kill = () => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
        clearTimeout(timer);
        kill(); // leftovers of the group, if any
        const stderr = spawnError ? `${err.text()}${spawnError.message}` : err.text();
        let status: RunStatus;
        if (timedOut || signal === "SIGXCPU") status = "timeout";
        else if (exitCode === 0 && !spawnError) status = "ok";
        else if (/\bMemoryError\b/.test(stderr.slice(-2048))) status = "memory";
        else status = "error";
        resolve({
          status,
          stdout: out.text(),
          stderr,
          exitCode,
          signal,
          durationMs: performance.now() - started,
          truncated,
          network: isolated ? "isolated" : "not isolated",
        });
      };
      child.on("error", (e) => finish(null, null, e));
      child.on("close", (code, signal) => finish(code, signal));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "@crucible/types";
import { containedCommand, type Protection } from "./containment.js";
import { createPidsCgroup, type PidsCgroup } from "./pids-cgroup.js";

export type { Protection } from "./containment.js";

/** How a sandboxed run ended. */
export type RunStatus = "ok" | "error" | "timeout" | "memory";

/** Whether the run had network access cut off (`unshare -rn`), or not (unshare unavailable or disabled). */
export type NetworkIsolation = "isolated" | "not isolated";

/** Options of {@link runPython}. */
export interface RunPythonOptions {
  /** Text fed to the program's stdin. Default: empty stdin (closed at once). */
  stdin?: string;
  /**
   * Wall-clock limit in ms: at it every process of the run is killed with SIGKILL and the call returns, whatever the
   * code did with its output pipes. Default `10000`.
   */
  timeoutMs?: number;
  /** Address-space limit (RLIMIT_AS) in MiB. Default `512`. */
  memoryMb?: number;
  /** Bytes kept of stdout and of stderr each; the rest is dropped and `truncated` set. Default `1048576` (1 MiB). */
  maxOutputBytes?: number;
  /** Run inside a new network namespace (bubblewrap or `unshare`) when that works here. Default `true`. */
  isolateNetwork?: boolean;
  /**
   * Run under bubblewrap (`/usr/bin/bwrap`) when it works here: read-only system, private empty `/tmp` and working
   * directory, no home, caches or other host files. Default `true`.
   */
  isolateFilesystem?: boolean;
  /**
   * Most processes and threads the run may have at once (the interpreter included), enforced by a pids cgroup when
   * one can be created (also for root). Without one, RLIMIT_NPROC = 0 forbids new processes (not for root).
   * Default `64`.
   */
  maxProcesses?: number;
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
  /** The protections that were in force for this run (see {@link Protection}). */
  protections: Protection[];
}

/**
 * Python prelude: limits, then the user code as `__main__`. argv: memory bytes, cpu seconds, RLIMIT_NPROC (-1: leave
 * it, a cgroup limits processes), file path.
 */
const PRELUDE = `
import resource, sys
_mem, _cpu, _nproc, _path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def _lim(which, value):
    try:
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):
        pass
_lim(resource.RLIMIT_AS, _mem)
_lim(resource.RLIMIT_CPU, _cpu)
_lim(resource.RLIMIT_FSIZE, 16 * 1024 * 1024)
_lim(resource.RLIMIT_CORE, 0)
if _nproc >= 0:
    _lim(resource.RLIMIT_NPROC, _nproc)
with open(_path, encoding="utf-8") as _f:
    _src = _f.read()
sys.argv = [_path]
del _f, _lim, _mem, _cpu, _nproc
_g = {"__name__": "__main__", "__file__": _path, "__builtins__": __builtins__}
exec(compile(_src, _path, "exec"), _g)
`;

/**
 * Whether runs with default settings (`python3`, filesystem isolation on) get a network namespace here (probed
 * once per process). @internal
 */
export async function canIsolateNetwork(): Promise<boolean> {
  const c = await containedCommand({ python: "python3", hostDir: "/tmp", isolateNetwork: true, isolateFilesystem: true }, []);
  return c.protections.includes("network");
}

function checkPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`runPython: ${name} must be a positive number, got ${String(value)}`);
  }
}

/** Grace after the interpreter exited (or was killed) for its output pipes to drain before they are cut. */
const DRAIN_MS = 200;

/**
 * Runs Python source in a separate, limited `python3 -I` process (isolated mode: no user site, no PYTHON* env, no
 * script dir on sys.path) in a fresh temp working directory that is deleted afterwards, with a minimal environment,
 * contained as far as this machine allows (each result lists the {@link Protection}s in force):
 * - bubblewrap when available (`isolateFilesystem`): a PID namespace, read-only system, private `/tmp` and working
 *   directory, no home or caches, optional network namespace; else `unshare --pid --fork --kill-child`; else a
 *   process group;
 * - a pids cgroup capping processes at `maxProcesses` (holds for root), else RLIMIT_NPROC = 0 (not for root);
 * - RLIMIT_AS = `memoryMb`, RLIMIT_CPU = ceil(timeoutMs/1000)+1 s, RLIMIT_FSIZE = 16 MiB, no core files.
 * At `timeoutMs` every process of the run is killed and the call returns (within a few hundred ms) even when
 * descendants hold the output pipes; with a PID namespace no descendant outlives the call and the code cannot
 * signal any process outside it.
 * @param code - Python source, run as `__main__`.
 * @param options - `stdin` (default none), `timeoutMs` (default 10000), `memoryMb` (default 512),
 *   `maxOutputBytes` (default 1 MiB), `isolateNetwork` (default true), `isolateFilesystem` (default true),
 *   `maxProcesses` (default 64), `python` (default `"python3"`).
 * @returns The status, captured output, exit code, duration and protections. Never throws for failures of the code.
 * @throws InvalidArgumentError on a non-positive limit.
 */
export async function runPython(code: string, options: RunPythonOptions = {}): Promise<RunPythonResult> {
  const {
    stdin,
    timeoutMs = 10_000,
    memoryMb = 512,
    maxOutputBytes = 1024 * 1024,
    isolateNetwork = true,
    isolateFilesystem = true,
    maxProcesses = 64,
    python = "python3",
  } = options;
  checkPositive("timeoutMs", timeoutMs);
  checkPositive("memoryMb", memoryMb);
  checkPositive("maxOutputBytes", maxOutputBytes);
  checkPositive("maxProcesses", maxProcesses);
  const dir = mkdtempSync(path.join(tmpdir(), "crucible-py-"));
  writeFileSync(path.join(dir, "main.py"), code);
  let cgroup: PidsCgroup | undefined;
  try {
    cgroup = createPidsCgroup(Math.floor(maxProcesses) + 2); // + the containment's own processes (bwrap, its init)
    const pyArgs = [
      "-I",
      "-c",
      PRELUDE,
      String(Math.floor(memoryMb * 1024 * 1024)),
      String(Math.ceil(timeoutMs / 1000) + 1),
      cgroup ? "-1" : "0",
      "{workdir}/main.py",
    ];
    const contained = await containedCommand({ python, hostDir: dir, isolateNetwork, isolateFilesystem }, pyArgs);
    const protections: Protection[] = [...contained.protections, cgroup ? "pids-cgroup" : "rlimit-nproc", "rlimits"];
    // With a cgroup, a shell joins it before exec'ing the command, so even the first fork is counted.
    const [command, args] = cgroup
      ? ["/bin/sh", ["-c", 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, contained.command, ...contained.args]]
      : [contained.command, contained.args];
    return await execute(command, args as string[], {
      cwd: dir,
      stdin,
      timeoutMs,
      maxOutputBytes,
      network: protections.includes("network") ? "isolated" : "not isolated",
      protections,
    });
  } finally {
    await cgroup?.release();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ExecuteOptions {
  cwd: string;
  stdin: string | undefined;
  timeoutMs: number;
  maxOutputBytes: number;
  network: NetworkIsolation;
  protections: Protection[];
}

function execute(command: string, args: string[], o: ExecuteOptions): Promise<RunPythonResult> {
  const started = performance.now();
  return new Promise<RunPythonResult>((resolve) => {
    const child = spawn(command, args, {
      cwd: o.cwd,
      detached: true, // own process group, killed as a whole
      stdio: ["pipe", "pipe", "pipe"],
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: o.cwd, TMPDIR: o.cwd, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" },
    });
    let truncated = false;
    const collect = () => {
      const chunks: Buffer[] = [];
      let size = 0;
      return {
        push(chunk: Buffer) {
          if (size >= o.maxOutputBytes) {
            truncated = true;
            return;
          }
          const room = o.maxOutputBytes - size;
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
    child.stdout.on("error", () => undefined);
    child.stderr.on("error", () => undefined);
    child.stdin.on("error", () => undefined); // EPIPE when the program exits without reading stdin
    child.stdin.end(o.stdin ?? "");
    let timedOut = false;
    let done = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    const kill = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      kill(); // leftovers of the group, if any
      // Descendants outside a PID namespace may still hold the pipes: stop reading them.
      child.stdout.destroy();
      child.stderr.destroy();
      child.stdin.destroy();
      child.unref();
      const stderr = spawnError ? `${err.text()}${spawnError.message}` : err.text();
      const exitCode = exit?.code ?? null;
      const signal = exit?.signal ?? null;
      let status: RunStatus;
      // bubblewrap reports a child killed by a signal as exit code 128 + signal number (SIGXCPU = 24).
      if (timedOut || signal === "SIGXCPU" || (o.protections.includes("filesystem") && exitCode === 128 + 24)) status = "timeout";
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
        network: o.network,
        protections: o.protections,
      });
    };
    let drainTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
      // Return at the limit whatever happens to the pipes (or to a process that does not die at once).
      drainTimer = setTimeout(finish, DRAIN_MS);
    }, o.timeoutMs);
    child.on("error", (e) => {
      spawnError = e;
      finish();
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      clearTimeout(drainTimer);
      drainTimer = setTimeout(finish, DRAIN_MS);
    });
    child.on("close", (code, signal) => {
      exit ??= { code, signal };
      finish();
    });
  });
}

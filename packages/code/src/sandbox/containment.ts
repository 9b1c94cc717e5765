import { spawn } from "node:child_process";
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * A protection in force during a {@link runPython} call (listed in `result.protections`):
 * - `pid-namespace`: the code runs as the first process of a new PID namespace, so every descendant dies when it
 *   ends or is killed (whatever `setsid`/double fork it did), and no process outside can be signalled or seen.
 * - `process-group`: fallback without a PID namespace: the process group is killed at the end; a descendant that
 *   calls `setsid` escapes it.
 * - `pids-cgroup`: a pids cgroup caps the number of processes/threads at `maxProcesses`, also for root; any process
 *   left in it is killed at the end.
 * - `rlimit-nproc`: fallback without a cgroup: RLIMIT_NPROC = 0 (no new process); it does not bind root.
 * - `filesystem`: bubblewrap: the system is read-only, `/tmp` and the working directory are private and empty, and
 *   the home directory, caches and the rest of the host's files are not mounted.
 * - `network`: a network namespace with only a down loopback.
 * - `rlimits`: address space (`memoryMb`), CPU time, file size (16 MiB) and core-dump limits.
 */
export type Protection = "pid-namespace" | "process-group" | "pids-cgroup" | "rlimit-nproc" | "filesystem" | "network" | "rlimits";

/** The command that runs the interpreter under the chosen isolation, and what it guarantees. */
export interface ContainedCommand {
  command: string;
  args: string[];
  /** Path of the code's working directory as the code sees it. */
  workdir: string;
  protections: Protection[];
}

/** Where the run's files live and which isolation was asked for. */
export interface ContainmentRequest {
  python: string;
  /** Host directory holding main.py; the code's working directory. */
  hostDir: string;
  isolateNetwork: boolean;
  isolateFilesystem: boolean;
}

const BWRAP = "/usr/bin/bwrap";
/** The code's working directory inside bubblewrap. */
const SANDBOX_DIR = "/sandbox";
/** Top-level system directories made visible (read-only) inside bubblewrap, when present. */
const SYSTEM_DIRS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
/** Files of /etc that the dynamic loader and Python may need; the rest of /etc (passwords, keys) is not mounted. */
const ETC_ENTRIES = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime", "/etc/mime.types"];

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** Resolves `python` through PATH (as the sandbox's PATH would) to a real file, or undefined. */
function resolveExecutable(python: string): string | undefined {
  const candidates = python.includes("/") ? [python] : ["/usr/local/bin", "/usr/bin", "/bin"].map((d) => path.join(d, python));
  for (const c of candidates) {
    try {
      if (existsSync(c)) return realpathSync(c);
    } catch {
      // next
    }
  }
  return undefined;
}

/** bubblewrap arguments mounting the system read-only (symlinked top-level dirs stay symlinks, as on merged-/usr). */
function bwrapArgs(req: ContainmentRequest): string[] {
  const args = ["--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"];
  if (!isRoot()) args.push("--unshare-user");
  if (req.isolateNetwork) args.push("--unshare-net");
  for (const dir of SYSTEM_DIRS) {
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push("--symlink", readlinkSync(dir), dir);
    else if (stat.isDirectory()) args.push("--ro-bind", dir, dir);
  }
  for (const entry of ETC_ENTRIES) if (existsSync(entry)) args.push("--ro-bind", entry, entry);
  // An interpreter outside /usr (a venv, /opt/python): mount its prefix read-only too.
  const exe = resolveExecutable(req.python);
  if (exe !== undefined && !SYSTEM_DIRS.some((d) => exe.startsWith(`${d}/`))) {
    const prefix = path.dirname(path.dirname(exe));
    if (prefix !== "/") args.push("--ro-bind", prefix, prefix);
  }
  args.push("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", req.hostDir, SANDBOX_DIR, "--chdir", SANDBOX_DIR);
  args.push("--setenv", "HOME", SANDBOX_DIR, "--setenv", "TMPDIR", "/tmp");
  return args;
}

function unshareArgs(req: ContainmentRequest): string[] {
  const args = ["--pid", "--fork", "--kill-child", "--mount-proc"];
  if (!isRoot()) args.push("--map-root-user");
  if (req.isolateNetwork) args.push("--net");
  return args;
}

/** Runs a probe command; true when it exits 0 within 5 s. */
function probe(command: string, args: string[]): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    try {
      const child = spawn(command, args, { stdio: "ignore", timeout: 5000 });
      child.on("error", () => resolve(false));
      child.on("close", (code) => resolve(code === 0));
    } catch {
      resolve(false);
    }
  });
}

const probes = new Map<string, Promise<boolean>>();
function probeOnce(key: string, command: string, args: string[]): Promise<boolean> {
  let p = probes.get(key);
  if (p === undefined) {
    p = probe(command, args);
    probes.set(key, p);
  }
  return p;
}

/**
 * Chooses the strongest isolation that works here (probed once per process and combination): bubblewrap (PID
 * namespace, read-only system, private temp, optional network namespace) when `isolateFilesystem` and
 * `/usr/bin/bwrap` works, else `unshare --pid --fork --kill-child --mount-proc` (with `--net`), else a plain
 * process group (with `unshare -rn` for the network when that alone works).
 * @param req - See {@link ContainmentRequest}.
 * @param pythonArgs - Interpreter arguments; `{workdir}` in them is replaced with the code's working directory.
 */
export async function containedCommand(req: ContainmentRequest, pythonArgs: string[]): Promise<ContainedCommand> {
  const fill = (workdir: string) => pythonArgs.map((a) => a.split("{workdir}").join(workdir));
  if (req.isolateFilesystem && existsSync(BWRAP)) {
    const args = bwrapArgs(req);
    const key = `bwrap\0${req.python}\0${String(req.isolateNetwork)}`;
    if (await probeOnce(key, BWRAP, [...bwrapArgs({ ...req, hostDir: "/tmp" }), req.python, "-I", "-c", "pass"])) {
      const protections: Protection[] = ["pid-namespace", "filesystem"];
      if (req.isolateNetwork) protections.push("network");
      return { command: BWRAP, args: [...args, req.python, ...fill(SANDBOX_DIR)], workdir: SANDBOX_DIR, protections };
    }
  }
  const uArgs = unshareArgs(req);
  if (await probeOnce(`unshare\0${String(req.isolateNetwork)}`, "unshare", [...uArgs, "true"])) {
    const protections: Protection[] = ["pid-namespace"];
    if (req.isolateNetwork) protections.push("network");
    return { command: "unshare", args: [...uArgs, req.python, ...fill(req.hostDir)], workdir: req.hostDir, protections };
  }
  if (req.isolateNetwork && (await probeOnce("unshare-rn", "unshare", ["-rn", "true"]))) {
    return {
      command: "unshare",
      args: ["-rn", req.python, ...fill(req.hostDir)],
      workdir: req.hostDir,
      protections: ["process-group", "network"],
    };
  }
  return { command: req.python, args: fill(req.hostDir), workdir: req.hostDir, protections: ["process-group"] };
}

/** @internal Parses /proc/self/cgroup. */
export function ownCgroups(): Map<string, string> {
  const out = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync("/proc/self/cgroup", "utf8");
  } catch {
    return out;
  }
  for (const line of text.split("\n")) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (m === null) continue;
    for (const controller of (m[1] as string).split(",")) out.set(controller === "" ? "unified" : controller, m[2] as string);
  }
  return out;
}

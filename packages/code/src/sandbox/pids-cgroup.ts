import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ownCgroups } from "./containment.js";

/** A pids cgroup holding one sandboxed run. */
export interface PidsCgroup {
  /** The file a process writes its pid to in order to join (`cgroup.procs`). */
  readonly procsFile: string;
  /** Kills every process still in the cgroup, waits until it is empty (at most 2 s), and removes it. */
  release(): Promise<void>;
}

const CGROUP_ROOT = "/sys/fs/cgroup";
let unavailable = false;

/** The directory under which this process may create pids cgroups (cgroup v1 `pids` or v2 with `pids` enabled). */
function pidsBase(): string | undefined {
  const own = ownCgroups();
  const v1 = own.get("pids");
  if (v1 !== undefined && existsSync(path.join(CGROUP_ROOT, "pids"))) return path.join(CGROUP_ROOT, "pids", v1);
  const v2 = own.get("unified");
  if (v2 !== undefined && existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"))) {
    const base = path.join(CGROUP_ROOT, v2);
    try {
      if (readFileSync(path.join(base, "cgroup.subtree_control"), "utf8").split(/\s+/).includes("pids")) return base;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function procsIn(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, "cgroup.procs"), "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Creates a pids cgroup limited to `maxProcesses` tasks (processes and threads), or returns undefined when cgroups
 * are not writable here (remembered: later calls return undefined at once).
 */
export function createPidsCgroup(maxProcesses: number): PidsCgroup | undefined {
  if (unavailable) return undefined;
  const base = pidsBase();
  if (base === undefined) {
    unavailable = true;
    return undefined;
  }
  const dir = path.join(base, `crucible-sandbox-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    mkdirSync(dir);
  } catch {
    unavailable = true;
    return undefined;
  }
  try {
    writeFileSync(path.join(dir, "pids.max"), String(maxProcesses));
  } catch {
    rmdirSync(dir);
    unavailable = true;
    return undefined;
  }
  return {
    procsFile: path.join(dir, "cgroup.procs"),
    async release(): Promise<void> {
      const deadline = Date.now() + 2000;
      for (;;) {
        const pids = procsIn(dir);
        if (pids.length === 0) break;
        for (const pid of pids) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      for (let i = 0; i < 50; i++) {
        try {
          rmdirSync(dir);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    },
  };
}

import { spawn, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPython, type RunPythonResult } from "./run-python.js";

// Every process a hostile program starts carries this marker in its command line (`sleep 25.<nonce>`), so
// survivors can be counted from outside whatever namespace they were in.
const nonce = String(randomInt(100_000, 999_999));
const marker = `25.${nonce}`;

function survivors(): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (argv.includes(marker)) found.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const probe = await runPython("print('ok')");
const pidNamespace = probe.protections.includes("pid-namespace");
const processLimit = probe.protections.includes("pids-cgroup") || (probe.protections.includes("rlimit-nproc") && process.getuid?.() !== 0);

let bystander: ChildProcess;
beforeAll(() => {
  bystander = spawn("sleep", ["600"], { stdio: "ignore" });
});
afterAll(() => {
  bystander.kill("SIGKILL");
});

const TIMEOUT = 1500;
/** Slack for a loaded machine between the limit and the call's return. */
const SLACK = 1500;

const hostile: Record<string, (bystanderPid: number) => string> = {
  // The escape of issue 11: a new session (out of the process group) that outlives the limit.
  setsidSleep: () => `import subprocess\np = subprocess.Popen(["setsid", "sleep", "${marker}"])\np.wait()\n`,
  // A classic daemon: double fork + setsid, the first process exits at once with status 0.
  doubleFork: () =>
    `import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp("sleep", ["sleep", "${marker}"])\n    os._exit(0)\nprint("parent done")\n`,
  // A descendant keeps stdout and stderr open after the interpreter exits.
  holdStdout: () => `import subprocess\nsubprocess.Popen(["sleep", "${marker}"])\nprint("bye", flush=True)\n`,
  // A descendant that ignores SIGTERM/SIGHUP and detaches its own pipes.
  ignoreSignals: () =>
    `import os, signal\nif os.fork() == 0:\n    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n    signal.signal(signal.SIGHUP, signal.SIG_IGN)\n    os.setsid()\n    os.execvp("sleep", ["sleep", "${marker}"])\nwhile True:\n    pass\n`,
};
const forkStorm = `import os\nwhile True:\n    try:\n        if os.fork() == 0:\n            os.execvp("sleep", ["sleep", "${marker}"])\n    except OSError:\n        pass\n`;
const signalBystander = (pid: number): string =>
  `import os, signal\nfor f in (lambda: os.kill(${pid}, signal.SIGKILL), lambda: os.killpg(${pid}, signal.SIGKILL)):\n    try:\n        f()\n        print("signalled")\n    except OSError as e:\n        print(type(e).__name__)\n`;

describe("runPython containment", () => {
  it("lists the protections in force", () => {
    console.log(`runPython protections here: ${probe.protections.join(", ")}`);
    expect(probe.status).toBe("ok");
    expect(probe.protections).toContain("rlimits");
    expect(probe.protections.some((p) => p === "pid-namespace" || p === "process-group")).toBe(true);
    expect(probe.protections.some((p) => p === "pids-cgroup" || p === "rlimit-nproc")).toBe(true);
  });

  it("returns at timeoutMs when a setsid'd child holds on (the issue's 25 s escape), leaving no process", async () => {
    // With bubblewrap, then with the `unshare --pid` fallback (isolateFilesystem: false).
    for (const isolateFilesystem of [true, false]) {
      const r = await runPython(hostile.setsidSleep!(0), { timeoutMs: TIMEOUT, isolateFilesystem });
      expect(r.status).toBe("timeout");
      expect(r.durationMs).toBeLessThan(TIMEOUT + SLACK);
      expect(r.protections.includes("filesystem")).toBe(isolateFilesystem && probe.protections.includes("filesystem"));
      if (r.protections.includes("pid-namespace")) expect(survivors()).toEqual([]);
    }
  });

  it("a double-forked daemon does not outlive the call; a child holding stdout does not delay it", async (ctx) => {
    if (!pidNamespace) ctx.skip("no PID namespace here (bubblewrap and unshare unavailable): daemons can escape");
    const d = await runPython(hostile.doubleFork!(0), { timeoutMs: 10_000 });
    expect(d.status).toBe("ok");
    expect(d.stdout).toBe("parent done\n");
    expect(survivors()).toEqual([]);
    const h = await runPython(hostile.holdStdout!(0), { timeoutMs: 10_000 });
    expect(h.stdout).toBe("bye\n");
    expect(h.durationMs).toBeLessThan(5000);
    expect(survivors()).toEqual([]);
  });

  it("cannot signal a process outside the sandbox", async (ctx) => {
    if (!pidNamespace) ctx.skip("no PID namespace here: sandboxed code can signal processes of the same user");
    const r = await runPython(signalBystander(bystander.pid as number), { timeoutMs: 5000 });
    expect(r.stdout).not.toContain("signalled");
    expect(alive(bystander.pid as number)).toBe(true);
  });

  it("caps a fork storm at maxProcesses (also as root) and kills it at the limit", async (ctx) => {
    if (!processLimit) ctx.skip("no pids cgroup and running as root: no process limit holds here");
    const r = await runPython(forkStorm, { timeoutMs: TIMEOUT, maxProcesses: 20 });
    expect(r.status).toBe("timeout");
    expect(r.durationMs).toBeLessThan(TIMEOUT + SLACK);
    if (pidNamespace || probe.protections.includes("pids-cgroup")) expect(survivors()).toEqual([]);
  });

  it("filesystem isolation: read-only system, private /tmp, no home or caches", async (ctx) => {
    if (!probe.protections.includes("filesystem"))
      ctx.skip("bubblewrap (/usr/bin/bwrap) is not available: the file system is NOT isolated");
    const code = [
      "import os",
      "def can_write(p):",
      "    try:",
      "        open(p, 'w').close()",
      "        return True",
      "    except OSError:",
      "        return False",
      "print(can_write('/usr/crucible-probe'), can_write('/tmp/x'), os.listdir('/tmp'), os.path.exists('/root'), os.path.exists('/home'), os.path.exists('/etc/passwd'), os.path.exists('/etc/shadow'))",
    ].join("\n");
    const r = await runPython(code);
    expect(r.stdout.trim()).toBe("False True ['x'] False False False False");
  });

  it("100 hostile runs leave 0 processes and never overrun the limit", async () => {
    const programs: Array<(pid: number) => string> = [...Object.values(hostile)];
    if (processLimit) programs.push(() => forkStorm);
    if (pidNamespace) programs.push(signalBystander);
    const results: RunPythonResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 100) {
        const program = programs[next++ % programs.length]!;
        results.push(await runPython(program(bystander.pid as number), { timeoutMs: TIMEOUT, maxProcesses: 20 }));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(results).toHaveLength(100);
    expect(results.filter((r) => r.durationMs >= TIMEOUT + SLACK)).toEqual([]);
    expect(alive(bystander.pid as number)).toBe(true);
    if (pidNamespace) expect(survivors()).toEqual([]);
    else console.warn(`no PID namespace: ${survivors().length} hostile processes escaped`);
  }, 300_000);
});

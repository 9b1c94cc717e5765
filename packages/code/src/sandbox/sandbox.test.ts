import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { CodeTestCase } from "@crucible/types";
import { stdoutMatches } from "./compare.js";
import { canIsolateNetwork, runPython } from "./run-python.js";
import { runTests } from "./run-tests.js";

const isolated = await canIsolateNetwork();

describe("runPython", () => {
  it("runs code and captures stdout, stderr and the exit code", async () => {
    const r = await runPython("import sys\nprint('hi')\nprint('err', file=sys.stderr)\n");
    expect(r.status).toBe("ok");
    expect(r.stdout).toBe("hi\n");
    expect(r.stderr).toBe("err\n");
    expect(r.exitCode).toBe(0);
    expect(r.network).toBe(isolated ? "isolated" : "not isolated");
  });

  it("feeds stdin", async () => {
    const r = await runPython("a, b = map(int, input().split())\nprint(a + b)\n", { stdin: "2 40\n" });
    expect(r.stdout.trim()).toBe("42");
  });

  it("reports errors with their exit code", async () => {
    const r = await runPython("raise ValueError('boom')\n");
    expect(r.status).toBe("error");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("ValueError: boom");
  });

  it("kills an infinite loop at the wall-clock limit", async () => {
    const r = await runPython("while True:\n    pass\n", { timeoutMs: 800 });
    expect(r.status).toBe("timeout");
    expect(r.signal).toBe("SIGKILL");
  });

  it("stops a memory bomb at the address-space limit", async () => {
    const r = await runPython("x = bytearray(2 * 1024 * 1024 * 1024)\nprint('allocated')\n", { memoryMb: 256 });
    expect(r.status).toBe("memory");
    expect(r.stdout).not.toContain("allocated");
  });

  it("caps output", async () => {
    const r = await runPython("import sys\nsys.stdout.write('x' * 50000)\n", { maxOutputBytes: 1000 });
    expect(r.stdout.length).toBe(1000);
    expect(r.truncated).toBe(true);
  });

  it("runs isolated from the environment and in a temp dir", async () => {
    const r = await runPython(
      "import os, sys\nprint(sys.flags.isolated, os.getcwd(), 'HF_TOKEN' in os.environ, sorted(os.listdir('.')))\n",
    );
    // Under bubblewrap the private working directory is mounted at /sandbox; otherwise it is the temp dir itself.
    const cwd = r.protections.includes("filesystem") ? "/sandbox" : String.raw`\S*/crucible-py-\w+`;
    expect(r.stdout.trim()).toMatch(new RegExp(`^1 ${cwd} False \\['main.py'\\]$`));
  });

  it("has no network when isolated (a 127.0.0.1 server is reachable only without isolation)", async (ctx) => {
    if (!isolated) ctx.skip("unshare -rn is not available here: runs are NOT network-isolated");
    const server = createServer((socket) => socket.end("hello\n"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const code = `import socket\ns = socket.create_connection(("127.0.0.1", ${port}), timeout=3)\nprint(s.recv(10).decode().strip())\n`;
      const open = await runPython(code, { isolateNetwork: false });
      expect(open.stdout.trim()).toBe("hello");
      expect(open.network).toBe("not isolated");
      const closed = await runPython(code);
      expect(closed.status).toBe("error");
      expect(closed.stderr).toMatch(/OSError|Connection|Errno/);
      expect(closed.network).toBe("isolated");
    } finally {
      server.close();
    }
  });
});

describe("stdoutMatches (LiveCodeBench grade_stdio)", () => {
  it("normalises whitespace per line and compares numbers as decimals", () => {
    expect(stdoutMatches("1 2\n3\n\n", "  1 2  \n3")).toBe(true);
    expect(stdoutMatches("1.0 2e1", "1 20")).toBe(true);
    expect(stdoutMatches("1  2", "1 2")).toBe(true);
    expect(stdoutMatches("a  b", "a b")).toBe(false);
    expect(stdoutMatches("1\n2", "1 2")).toBe(false);
    expect(stdoutMatches("0.1", "0.10000001")).toBe(false);
    expect(stdoutMatches("YES", "yes")).toBe(false);
  });
});

describe("runTests", () => {
  const stdinTests: CodeTestCase[] = [
    { kind: "stdin", input: "2\n1 9\n8 4\n", output: "1 9\n4 8" },
    { kind: "stdin", input: "1\n5 5\n", output: "5 5\n" },
  ];
  it("passes a correct stdin solution and fails a wrong one", async () => {
    const good = "t = int(input())\nfor _ in range(t):\n    x, y = map(int, input().split())\n    print(min(x, y), max(x, y))\n";
    const ok = await runTests({ tests: stdinTests }, good);
    expect(ok.passed).toBe(true);
    expect(ok.passedCount).toBe(2);
    const bad = await runTests({ tests: stdinTests }, "t = int(input())\nfor _ in range(t):\n    print(input())\n");
    expect(bad.passed).toBe(false);
    expect(bad.tests.map((t) => t.passed)).toEqual([false, true]);
    expect(bad.tests[0]?.reason).toBe("wrong-output");
  });

  it("runs functional tests with JSON arguments (Solution class or plain function)", async () => {
    const tests: CodeTestCase[] = [
      { kind: "functional", input: "[1, 2, 3]\n2", output: "[3, 4, 5]", fnName: "addAll" },
      { kind: "functional", input: "[]\n0", output: "[]", fnName: "addAll" },
    ];
    const cls = "class Solution:\n    def addAll(self, xs, k):\n        return tuple(x + k for x in xs)\n";
    expect((await runTests({ tests }, cls)).passed).toBe(true);
    const fn = "def addAll(xs, k):\n    return [x - k for x in xs]\n";
    const r = await runTests({ tests }, fn);
    expect(r.tests.map((t) => t.passed)).toEqual([false, true]);
    expect(r.tests[0]?.actual).toBe("[-1, 0, 1]");
    const repr = await runTests({ tests: [{ kind: "functional", input: "['a']", output: "'a'", fnName: "addAll" }] }, fn);
    expect(repr.tests[0]?.reason).toBe("bad-test-json");
    const noName = await runTests({ tests: [{ kind: "functional", input: "1", output: "1" }] }, fn);
    expect(noName.tests[0]?.reason).toBe("missing-fn-name");
  });

  it("runs assert tests and reports timeouts, with stopOnFirstFailure", async () => {
    const tests: CodeTestCase[] = [
      { kind: "assert", input: "def check(f):\n    assert f(2) == 4\n\ncheck(sq)\n", output: "" },
      { kind: "assert", input: "assert sq(3) == 9\n", output: "" },
    ];
    expect((await runTests({ tests }, "def sq(x):\n    return x * x\n")).passed).toBe(true);
    const loop = await runTests({ tests }, "def sq(x):\n    while True:\n        pass\n", { timeoutMs: 700, stopOnFirstFailure: true });
    expect(loop.tests.map((t) => t.status)).toEqual(["timeout", "skipped"]);
    expect(loop.passed).toBe(false);
  });

  it("an empty test list never passes", async () => {
    expect((await runTests({ tests: [] }, "print(1)")).passed).toBe(false);
  });
});

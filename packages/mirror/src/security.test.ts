import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror } from "./types.js";
import { buildFixtureRoot, type FixtureRoot } from "./test-support/fixtures.js";
import { rawRequest } from "./test-support/http.js";
import { cleanRepoPath } from "./paths.js";

let fx: FixtureRoot;
let mirror: Mirror;

beforeAll(async () => {
  fx = buildFixtureRoot();
  mirror = await startMirror({ root: fx.root });
});
afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
});

const SECRET = "TOP SECRET";

describe("path traversal", () => {
  const attacks = [
    "/datasets/test-org/tiny/resolve/main/../../../../outside/secret.txt",
    "/datasets/test-org/tiny/resolve/main/%2e%2e/%2e%2e/%2e%2e/%2e%2e/outside/secret.txt",
    "/datasets/test-org/tiny/resolve/main/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt",
    "/datasets/test-org/tiny/resolve/main/..%2f..%2f..%2f..%2foutside%2fsecret.txt",
    "/datasets/test-org/tiny/resolve/main/..\\..\\..\\..\\outside\\secret.txt",
    "/datasets/test-org/tiny/resolve/main/..%5c..%5c..%5c..%5coutside%5csecret.txt",
    "/datasets/test-org/tiny/resolve/main//etc/passwd",
    "/datasets/test-org/tiny/resolve/main/%2Fetc%2Fpasswd",
    "/datasets/test-org/tiny/resolve/main/README.md%00.txt",
    "/datasets/test-org/tiny/resolve/main/./README.md",
    "/datasets/test-org/tiny/resolve/main/leak.txt",
    "/datasets/test-org/tiny/resolve/main/leakdir/secret.txt",
    "/datasets/test-org/escape/resolve/main/secret.txt",
    "/datasets/test-org/%2e%2e/resolve/main/outside/secret.txt",
    "/datasets/..%2f..%2foutside/x/resolve/main/secret.txt",
    "/datasets/test-org/tiny/resolve/%2e%2e%2f%2e%2e/secret.txt",
    "/api/datasets/test-org/tiny/tree/main/..%2f..%2f..",
    "/api/datasets/test-org/tiny/tree/main/leakdir",
    "/api/datasets/test-org/escape/tree/main",
    "/api/datasets/test-org/escape",
  ];
  it.each(attacks)("refuses %s", async (p) => {
    for (const method of ["GET", "HEAD"]) {
      const r = await rawRequest(mirror.url, p, { method });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.headers["x-error-code"]).toBeTruthy();
      expect(r.body.toString("latin1")).not.toContain(SECRET);
    }
  });

  it("paths-info ignores traversal paths", async () => {
    const r = await rawRequest(mirror.url, "/api/datasets/test-org/tiny/paths-info/main", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ paths: ["../../outside/secret.txt", "/etc/passwd", "leak.txt", "leakdir", "README.md\u0000"] }),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString())).toEqual([]);
  });

  it("symlinks leading out of the root are neither listed nor served", async () => {
    const r = await rawRequest(mirror.url, "/api/datasets/test-org/tiny/tree/main?recursive=true");
    const paths = (JSON.parse(r.body.toString()) as Array<{ path: string }>).map((e) => e.path);
    expect(paths.some((p) => p.startsWith("leak"))).toBe(false);
  });

  it("cleanRepoPath refuses every bad form", () => {
    for (const p of ["..", "a/../b", "./a", "/a", "a//b", "a\\b", "a\u0000b", "a/./b"]) expect(cleanRepoPath(p)).toBeUndefined();
    expect(cleanRepoPath("a/b c/d#e.txt")).toBe("a/b c/d#e.txt");
    expect(cleanRepoPath("dir/")).toBe("dir");
  });
});

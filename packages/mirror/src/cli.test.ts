import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixtureRoot, type FixtureRoot } from "./test-support/fixtures.js";

// The built bin (dist/cli.js): skipped until `pnpm --filter @crucible/mirror build` (and @crucible/types) ran.
const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(PKG, "dist", "cli.js");
const TYPES_DIST = path.resolve(PKG, "../types/dist/index.js");
const BUILT = existsSync(BIN) && existsSync(TYPES_DIST);
if (!BUILT) console.warn(`[mirror] skipping CLI test: ${BIN} or ${TYPES_DIST} missing (run the build first)`);

describe.skipIf(!BUILT)("crucible-mirror bin", () => {
  let fx: FixtureRoot;
  beforeAll(() => {
    fx = buildFixtureRoot();
  });
  afterAll(() => fx?.cleanup());

  it("has a shebang and is declared in package.json", () => {
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin["crucible-mirror"]).toBe("./dist/cli.js");
  });

  it.each(["SIGTERM", "SIGINT"] as const)("prints 'listening on http://HOST:PORT', serves, exits 0 on %s", async (signal) => {
    const child = spawn(process.execPath, [BIN, "--root", fx.root, "--port", "0", "--host", "127.0.0.1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let buf = "";
      child.stdout.on("data", (c: Buffer) => {
        buf += c.toString();
        const i = buf.indexOf("\n");
        if (i >= 0) resolve(buf.slice(0, i));
      });
      child.on("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice("listening on ".length);
    const r = await fetch(`${url}/api/datasets/openai/gsm8k`);
    expect(r.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill(signal);
    });
    expect(code).toBe(0);
  });

  it("exits 2 with usage when --root is missing", async () => {
    const child = spawn(process.execPath, [BIN], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--root is required");
  });
});

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Mirror, startMirror } from "@crucible/mirror";
import { pseudoRandomBytes } from "@crucible/mirror/testing";

export { gitSha1, sha256 } from "@crucible/mirror/testing";

/** A temp dir. */
export function tempDir(prefix = "crucible-hub-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Files of the test repo `test-org/tiny`, by path. */
export interface TinyRepo {
  root: string;
  files: Record<string, Buffer>;
}

/**
 * Writes a mirror root with `datasets/test-org/tiny`: a README (regular file), a 1.5 MiB `data/big.bin`
 * (LFS by .gitattributes), a small `data/train.jsonl`, a file with spaces and `#` in its name, and 30 files in
 * `many/` (for pagination with `limit`).
 */
export function writeTinyRepo(dir: string): TinyRepo {
  const files: Record<string, Buffer> = {
    "README.md": Buffer.from("---\nlicense: mit\n---\n# tiny\n"),
    "data/big.bin": pseudoRandomBytes(1_500_000, 7),
    "data/train.jsonl": Buffer.from(Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, text: `row ${i}` })).join("\n")),
    "notes/a b#c.txt": Buffer.from("special name\n"),
  };
  for (let i = 0; i < 30; i++) files[`many/f${String(i).padStart(2, "0")}.txt`] = Buffer.from(`file ${i}\n`);
  const repoDir = path.join(dir, "datasets", "test-org", "tiny");
  for (const [p, b] of Object.entries(files)) {
    const f = path.join(repoDir, ...p.split("/"));
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, b);
  }
  return { root: dir, files };
}

/** A running mirror over a fresh tiny repo, plus a fresh cache dir. */
export interface MirrorFixture {
  mirror: Mirror;
  repo: TinyRepo;
  cacheDir: string;
  dir: string;
  close(): Promise<void>;
}

/** Starts `@crucible/mirror` over {@link writeTinyRepo}. */
export async function startTinyMirror(options: { repos?: Parameters<typeof startMirror>[0]["repos"] } = {}): Promise<MirrorFixture> {
  const dir = tempDir();
  const repo = writeTinyRepo(path.join(dir, "root"));
  const cacheDir = path.join(dir, "cache");
  const mirror = await startMirror({ root: repo.root, ...(options.repos ? { repos: options.repos } : {}) });
  return {
    mirror,
    repo,
    cacheDir,
    dir,
    async close() {
      await mirror.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh empty cache dir inside a fixture. */
export function freshCache(fx: MirrorFixture): string {
  return path.join(fx.dir, `cache-${randomBytes(4).toString("hex")}`);
}

/** Fast retry options for tests (no long sleeps). */
export const FAST = { retryBaseMs: 2, retryMaxMs: 10, maxRetryAfterMs: 20, token: false as const };

/** A fetch that fails the test if it is ever called. */
export const forbiddenFetch: typeof fetch = () => {
  throw new Error("network access is forbidden in this test");
};

const here = path.dirname(fileURLToPath(import.meta.url));

/** A spawned child download (see child-download.mjs). */
export interface ChildRun {
  pid: number;
  /** Resolves with the parsed last JSON line and the exit code/signal. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; result: Record<string, unknown> | undefined }>;
  /** Resolves when the child reports at least `bytes` downloaded (needs reportProgress). */
  progressed(bytes: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs `downloadFile` in a separate Node process (TypeScript sources through the repo's tooling/vitest/ts-worker-register.mjs). */
export function spawnDownload(args: string[], options: { reportProgress?: boolean } = {}): ChildRun {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@crucible/source",
      "--import",
      path.resolve(here, "../../../../../tooling/vitest/ts-worker-register.mjs"),
      path.join(here, "child-download.mjs"),
      ...args,
    ],
    { env: { ...process.env, ...(options.reportProgress ? { CHILD_REPORT_PROGRESS: "1" } : {}) }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  const waiters: Array<{ bytes: number; resolve: () => void }> = [];
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    for (const line of out.split("\n")) {
      const m = /^\{"progress":(\d+)\}$/.exec(line);
      if (m) for (const w of waiters) if (Number(m[1]) >= w.bytes) w.resolve();
    }
  });
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; result: Record<string, unknown> | undefined }>(
    (resolve) => {
      child.on("close", (code, signal) => {
        const lines = out
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("{") && !l.startsWith('{"progress"'));
        const last = lines.at(-1);
        if (code !== 0 && signal === null && err) process.stderr.write(err);
        resolve({ code, signal, result: last ? (JSON.parse(last) as Record<string, unknown>) : undefined });
      });
    },
  );
  return {
    pid: child.pid ?? -1,
    done,
    progressed: (bytes) => new Promise<void>((resolve) => waiters.push({ bytes, resolve })),
    kill: (signal) => child.kill(signal),
  };
}

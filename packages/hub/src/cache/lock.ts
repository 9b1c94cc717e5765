import { randomBytes } from "node:crypto";
import { link, mkdir, open, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { processAlive } from "@crucible/core";
import { CrucibleError } from "@crucible/types";
import { sleep } from "../http/retry.js";

/** Options of {@link acquireLock}. */
export interface LockOptions {
  /** A lock whose file was not touched for this long is stale and gets broken. Default: 30000 ms. */
  staleMs?: number;
  /** How often the holder touches the lock file. Default: `staleMs / 3`. */
  heartbeatMs?: number;
  /** First poll interval while waiting; it grows to `maxPollMs`. Default: 25 ms. */
  pollMs?: number;
  /** Longest poll interval. Default: 500 ms. */
  maxPollMs?: number;
  /** Give up after this long. Default: no limit. */
  timeoutMs?: number;
  /** Stop waiting when aborted. */
  signal?: AbortSignal;
  /** Called on every poll while another holder has the lock; return true to stop waiting (lock not taken). */
  shouldStopWaiting?: () => Promise<boolean>;
}

/** A held lock. */
export interface HeldLock {
  /** The lock file. */
  file: string;
  /** Releases the lock (removes the file if it is still ours). Safe to call twice. */
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  host: string;
  nonce: string;
}

function parseContent(text: string): LockContent | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockContent>;
    if (typeof v.pid === "number" && typeof v.host === "string" && typeof v.nonce === "string") return v as LockContent;
  } catch {
    // partial write or foreign file
  }
  return undefined;
}

async function readLock(file: string): Promise<{ text: string; mtimeMs: number } | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    return { text, mtimeMs: st.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Why the lock at `file` is stale, or undefined when it looks held: its holder process is dead (same host, checked
 * with `kill(pid, 0)`: instant recovery after SIGKILL), or the file was not touched for `staleMs` (other hosts,
 * pid reuse), or it has no valid content and is older than 2 s (the holder died between create and write).
 */
function staleReason(current: { text: string; mtimeMs: number }, staleMs: number, now: number): string | undefined {
  const content = parseContent(current.text);
  const age = now - current.mtimeMs;
  if (content && content.host === hostname() && content.pid !== process.pid && !processAlive(content.pid)) {
    return `holder pid ${content.pid} is gone`;
  }
  if (age > staleMs) return `not touched for ${Math.round(age)} ms`;
  if (!content && age > 2000) return "no valid owner";
  return undefined;
}

/** Breaks a stale lock without ever removing a lock that was re-taken meanwhile (rename aside, check, link back). */
async function breakLock(file: string, judged: string): Promise<void> {
  const aside = `${file}.${randomBytes(4).toString("hex")}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = await readFile(aside, "utf8").catch(() => judged);
  if (moved !== judged) {
    // A new holder took the lock between our check and the rename: put its lock back (link never overwrites).
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/**
 * Takes a cross-process lock: an `O_CREAT|O_EXCL` file holding `{pid, host, nonce}`, touched every
 * `heartbeatMs` while held. Waiters poll with growing intervals and break stale locks (see `staleReason`).
 * @param file - Lock file path (parent folders are created).
 * @returns The held lock, or undefined when `shouldStopWaiting` returned true.
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock | undefined> {
  const staleMs = options.staleMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(staleMs / 3));
  const maxPollMs = options.maxPollMs ?? 500;
  let pollMs = options.pollMs ?? 25;
  const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  await mkdir(path.dirname(file), { recursive: true });
  const content: LockContent = { pid: process.pid, host: hostname(), nonce: randomBytes(8).toString("hex") };
  const text = JSON.stringify(content);
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      return holdLock(file, text, heartbeatMs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = await readLock(file);
    if (current === undefined) continue;
    if (staleReason(current, staleMs, Date.now()) !== undefined) {
      await breakLock(file, current.text);
      continue;
    }
    if (options.shouldStopWaiting && (await options.shouldStopWaiting())) return undefined;
    if (Date.now() > deadline) {
      throw new CrucibleError("CACHE", `Timed out waiting for the cache lock ${file}`, {
        hint: "Another process is downloading the same file; if none is, delete the lock file",
      });
    }
    await sleep(pollMs, options.signal);
    pollMs = Math.min(maxPollMs, pollMs * 2);
  }
}

function holdLock(file: string, text: string, heartbeatMs: number): HeldLock {
  const timer = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, heartbeatMs);
  timer.unref();
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      const current = await readFile(file, "utf8").catch(() => undefined);
      if (current === text) await unlink(file).catch(() => undefined);
    },
  };
}

import { readdir, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { type CacheReport, resolveHubConfig, verifyCache } from "@crucible/hub";
import { IntegrityError, InvalidArgumentError } from "@crucible/types";
import type { CliHubOptions, CliIO } from "./context.js";
import { outputFormat, writeRecords } from "./output.js";

/** One thing in the caches: a Hub repo in the HF cache, or a crucible row store. */
export interface CacheItem {
  kind: "hub" | "store";
  /** `org/name` for a Hub repo, the fingerprint for a store. */
  name: string;
  path: string;
  bytes: number;
  /** Last modification of anything inside (ISO 8601). */
  lastUsed: string;
}

async function du(dir: string): Promise<{ bytes: number; mtimeMs: number }> {
  let bytes = 0;
  let mtimeMs = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const sub = await du(p);
      bytes += sub.bytes;
      mtimeMs = Math.max(mtimeMs, sub.mtimeMs);
    } else {
      const st = await stat(p).catch(() => undefined); // symlinks in snapshots/ point at blobs: lstat size is not data
      if (st && !e.isSymbolicLink()) bytes += st.size;
      if (st) mtimeMs = Math.max(mtimeMs, st.mtimeMs);
    }
  }
  return { bytes, mtimeMs };
}

/** The HF hub cache and crucible's home as the CLI sees them (flags, then environment, then defaults). */
export function cacheRoots(hub: CliHubOptions, io: CliIO): { hubCache: string; crucibleHome: string } {
  const hubCache = resolveHubConfig(hub.cacheDir ? { cacheDir: hub.cacheDir } : {}, io.env).cacheDir;
  const crucibleHome =
    hub.processedDir ?? (io.env.CRUCIBLE_HOME ? path.resolve(io.env.CRUCIBLE_HOME) : path.join(homedir(), ".cache", "crucible"));
  return { hubCache, crucibleHome };
}

/** Every dataset repo of the HF cache and every crucible row store, least recently used first. */
export async function cacheItems(hub: CliHubOptions, io: CliIO): Promise<CacheItem[]> {
  const { hubCache, crucibleHome } = cacheRoots(hub, io);
  const items: CacheItem[] = [];
  for (const name of await readdir(hubCache).catch(() => [] as string[])) {
    if (!name.startsWith("datasets--")) continue;
    const p = path.join(hubCache, name);
    const { bytes, mtimeMs } = await du(p);
    items.push({
      kind: "hub",
      name: name.slice("datasets--".length).replace("--", "/"),
      path: p,
      bytes,
      lastUsed: new Date(mtimeMs).toISOString(),
    });
  }
  const stores = path.join(crucibleHome, "stores");
  for (const name of await readdir(stores).catch(() => [] as string[])) {
    const p = path.join(stores, name);
    if (!(await stat(p).catch(() => undefined))?.isDirectory()) continue;
    const { bytes, mtimeMs } = await du(p);
    items.push({ kind: "store", name, path: p, bytes, lastUsed: new Date(mtimeMs).toISOString() });
  }
  return items.sort((a, b) => a.lastUsed.localeCompare(b.lastUsed));
}

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

/** `500M`, `2G`, `1.5GB`, `1000` (bytes) → bytes (binary units). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[(m[2] as string).toLowerCase().replace(/ib$/, "b")] : undefined;
  if (!m || unit === undefined) throw new InvalidArgumentError(`--max-size must be a size such as 500M or 2G, got ${JSON.stringify(text)}`);
  return Math.floor(Number(m[1]) * unit);
}

/** `12.3 MB` (binary units). */
export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** `crucible cache ls`: what the caches hold, least recently used first, with a total. */
export async function cacheLs(flags: { json?: boolean; format?: string }, hub: CliHubOptions, io: CliIO): Promise<CacheItem[]> {
  const items = await cacheItems(hub, io);
  const format = outputFormat(flags.format, io, flags.json);
  if (format === "table") {
    const { hubCache, crucibleHome } = cacheRoots(hub, io);
    writeRecords(
      items.map((i) => ({ kind: i.kind, name: i.name, size: formatBytes(i.bytes), last_used: i.lastUsed })),
      "table",
      io,
    );
    io.stdout.write(
      `total ${formatBytes(items.reduce((s, i) => s + i.bytes, 0))} in ${hubCache} and ${path.join(crucibleHome, "stores")}\n`,
    );
  } else writeRecords(items, format, io);
  return items;
}

/**
 * `crucible cache prune [--max-size SIZE] [--dry-run]`: leftovers of interrupted downloads (`*.incomplete`) always go;
 * with `--max-size`, whole repos and row stores are removed, least recently used first, until the total fits.
 * A removed repo is downloaded again when next needed.
 * @returns What was (or, with --dry-run, would be) removed.
 */
export async function cachePrune(flags: { maxSize?: string; dryRun?: boolean }, hub: CliHubOptions, io: CliIO): Promise<string[]> {
  const limit = flags.maxSize !== undefined ? parseSize(flags.maxSize) : undefined;
  const removed: string[] = [];
  const { hubCache } = cacheRoots(hub, io);
  for (const name of await readdir(hubCache).catch(() => [] as string[])) {
    const blobs = path.join(hubCache, name, "blobs");
    for (const b of await readdir(blobs).catch(() => [] as string[])) {
      if (!b.endsWith(".incomplete")) continue;
      removed.push(path.join(blobs, b));
      if (!flags.dryRun) await rm(path.join(blobs, b), { force: true });
    }
  }
  if (limit !== undefined) {
    const items = await cacheItems(hub, io);
    let total = items.reduce((s, i) => s + i.bytes, 0);
    for (const item of items) {
      if (total <= limit) break;
      removed.push(item.path);
      total -= item.bytes;
      if (!flags.dryRun) await rm(item.path, { recursive: true, force: true });
    }
    io.stderr.write(`${flags.dryRun ? "would leave" : "left"} ${formatBytes(total)} (limit ${formatBytes(limit)})\n`);
  }
  for (const p of removed) io.stdout.write(`${flags.dryRun ? "would remove" : "removed"} ${p}\n`);
  return removed;
}

/**
 * `crucible cache verify [--repair]`: hashes every blob of the HF cache, checks every snapshot link and every row
 * store's checksums (hub's `verifyCache`), prints each issue and a summary. Without `--repair` issues make the
 * command fail (exit 1); with it the damaged items are deleted, to be downloaded or rebuilt by the next load.
 */
export async function cacheVerify(
  flags: { repair?: boolean; json?: boolean; format?: string },
  hub: CliHubOptions,
  io: CliIO,
): Promise<CacheReport> {
  const { hubCache, crucibleHome } = cacheRoots(hub, io);
  const report = await verifyCache({ cacheDir: hubCache, storeRoot: path.join(crucibleHome, "stores"), repair: flags.repair === true });
  const format = outputFormat(flags.format, io, flags.json);
  if (report.issues.length > 0) {
    writeRecords(
      report.issues.map((i) => ({ kind: i.kind, repo: i.repo ?? "", path: i.path, problem: i.problem, repaired: i.repaired })),
      format,
      io,
    );
  }
  io.stderr.write(
    `checked ${report.blobs} blobs (${formatBytes(report.bytes)}) and ${report.stores} row stores: ${report.issues.length} issue(s)${flags.repair && report.issues.length ? ", deleted" : ""}\n`,
  );
  if (report.issues.length > 0 && flags.repair !== true) {
    throw new IntegrityError(`${report.issues.length} damaged item(s) in the caches`, {
      hint: "Run `crucible cache verify --repair` to delete them; the next load downloads or rebuilds them",
    });
  }
  return report;
}

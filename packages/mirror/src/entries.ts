import type { RepoFile, Snapshot } from "./snapshot.js";

/** A tree / paths-info entry as the Hub writes it (key order matters only for humans). */
export type TreeEntry =
  | {
      type: "file";
      oid: string;
      size: number;
      lfs?: { oid: string; size: number; pointerSize: number };
      path: string;
      lastCommit?: { id: string; title: string; date: string };
      securityFileStatus?: { status: string };
    }
  | {
      type: "directory";
      oid: string;
      size: 0;
      path: string;
      lastCommit?: { id: string; title: string; date: string };
    };

/** Commit title reported in `lastCommit`. */
export const COMMIT_TITLE = "Snapshot served by @crucible/mirror";

/** Tree entry of a file. */
export function fileEntry(snap: Snapshot, f: RepoFile, expand: boolean): TreeEntry {
  const e: TreeEntry = { type: "file", oid: f.oid, size: f.size, path: f.path };
  if (f.lfs) e.lfs = { oid: f.sha256, size: f.size, pointerSize: f.pointerSize ?? 0 };
  if (expand) {
    e.lastCommit = { id: snap.commit, title: COMMIT_TITLE, date: snap.lastModified.toISOString() };
    e.securityFileStatus = { status: "safe" };
  }
  return e;
}

/** Tree entry of a directory. */
export function dirEntry(snap: Snapshot, path: string, expand: boolean): TreeEntry {
  const e: TreeEntry = { type: "directory", oid: snap.dirs.get(path) ?? "", size: 0, path };
  if (expand) e.lastCommit = { id: snap.commit, title: COMMIT_TITLE, date: snap.lastModified.toISOString() };
  return e;
}

/**
 * Entries under `dir` ("" = root): direct children, or every descendant when `recursive`.
 * Directories come first, then files, each sorted by path.
 */
export function listTree(snap: Snapshot, dir: string, recursive: boolean, expand: boolean): TreeEntry[] {
  const prefix = dir ? `${dir}/` : "";
  const dirs: string[] = [];
  for (const d of snap.dirs.keys()) {
    if (d === "" || !d.startsWith(prefix)) continue;
    if (!recursive && d.slice(prefix.length).includes("/")) continue;
    dirs.push(d);
  }
  dirs.sort();
  const files = snap.files.filter((f) => f.path.startsWith(prefix) && (recursive || !f.path.slice(prefix.length).includes("/")));
  return [...dirs.map((d) => dirEntry(snap, d, expand)), ...files.map((f) => fileEntry(snap, f, expand))];
}

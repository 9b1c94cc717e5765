import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "@crucible/types";
import { startMirror } from "../server.js";
import type { Mirror, ViewerOptions } from "../types.js";

/** Repo id under which {@link startViewer} serves local files. */
export const LOCAL_REPO = "local";

/** Options of {@link startViewer}. */
export interface StartViewerOptions extends ViewerOptions {
  /** Folder of repos (`DIR/datasets/<org>/<name>`) to serve. Default: an empty folder (only `hfCacheDir` / `files`). */
  root?: string;
  /** An HF hub cache folder whose dataset repos are served too. Default: none. */
  hfCacheDir?: string;
  /**
   * Local Parquet files or folders of them to show, served as the repo `local/<name>` (a folder keeps its layout,
   * so `data/train-*.parquet` become splits as on the Hub). They are hard-linked (copied across file systems)
   * into a temporary folder removed on `close()`.
   */
  files?: string[];
  /** Repo to open first, e.g. `openai/gsm8k`. Default: the first local file's repo, else the page's first repo. */
  dataset?: string;
  /** Open the Results tab first. Default false. */
  showResults?: boolean;
  /** TCP port; default 0 (a free port). */
  port?: number;
  /** Interface; default `127.0.0.1`. */
  host?: string;
}

/** A running viewer. */
export interface Viewer {
  /** The mirror serving the API and the page. */
  mirror: Mirror;
  /** The page to open, e.g. `http://127.0.0.1:41234/viewer?dataset=local%2Ftrain`. */
  url: string;
  /** Stop the mirror and remove temporary files. */
  close(): Promise<void>;
}

function linkOrCopy(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function parquetFilesUnder(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const d of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (d.name.startsWith(".")) continue;
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...parquetFilesUnder(dir, r));
    else if (/\.parquet$/i.test(d.name)) out.push(r);
  }
  return out;
}

/**
 * Start a mirror with the dataset viewer for a folder of repos, an HF cache and/or local Parquet files, and return
 * the page's URL (what `crucible view` opens).
 * @throws InvalidArgumentError when a local file is missing or is not Parquet, or a folder holds no Parquet file.
 */
export async function startViewer(options: StartViewerOptions = {}): Promise<Viewer> {
  const temp = mkdtempSync(path.join(os.tmpdir(), "crucible-view-"));
  const cleanup = (): void => rmSync(temp, { recursive: true, force: true });
  let first: string | undefined;
  try {
    const used = new Set<string>();
    for (const f of options.files ?? []) {
      const st = statSync(f, { throwIfNoEntry: false });
      if (!st) throw new InvalidArgumentError(`No such file or folder: ${f}`, { file: f });
      const base =
        path
          .basename(path.resolve(f))
          .replace(/\.parquet$/i, "")
          .replace(/[^\w.-]+/g, "_")
          .replace(/^[.-]+/, "") || "data";
      let name = base;
      for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
      used.add(name);
      const repoDir = path.join(temp, "datasets", LOCAL_REPO, name);
      if (st.isDirectory()) {
        const files = parquetFilesUnder(f);
        if (!files.length)
          throw new InvalidArgumentError(`No Parquet file under ${f}`, {
            file: f,
            hint: "the viewer reads Parquet; convert other formats first",
          });
        for (const rel of files) linkOrCopy(path.join(f, rel), path.join(repoDir, rel));
      } else {
        if (!/\.parquet$/i.test(f))
          throw new InvalidArgumentError(`${f} is not a Parquet file`, {
            file: f,
            hint: "the viewer reads Parquet; convert other formats first",
          });
        linkOrCopy(f, path.join(repoDir, "train.parquet"));
      }
      first ??= `${LOCAL_REPO}/${name}`;
    }
    let root = options.root;
    if (options.files?.length || !root) {
      if (root) throw new InvalidArgumentError("startViewer takes `root` or `files`, not both");
      mkdirSync(path.join(temp, "datasets"), { recursive: true });
      root = temp;
    }
    const viewer: ViewerOptions = {};
    if (options.indexDir) viewer.indexDir = options.indexDir;
    if (options.results) viewer.results = options.results;
    if (options.pageDir) viewer.pageDir = options.pageDir;
    const mirror = await startMirror({
      root,
      viewer,
      ...(options.hfCacheDir ? { hfCacheDir: options.hfCacheDir } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host ? { host: options.host } : {}),
    });
    const q = new URLSearchParams();
    const dataset = options.dataset ?? first;
    if (dataset) q.set("dataset", dataset);
    if (options.showResults) q.set("tab", "results");
    return {
      mirror,
      url: `${mirror.url}/viewer${q.size ? `?${q}` : ""}`,
      close: async () => {
        await mirror.close();
        cleanup();
      },
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}

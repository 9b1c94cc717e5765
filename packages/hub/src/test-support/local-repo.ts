import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { RepoView } from "../resolve/resolve.js";

/** Lists every file under `dir` (relative, `/`-separated), like a recursive tree listing. */
export function listDirRecursive(dir: string): Array<{ path: string; size: number }> {
  const out: Array<{ path: string; size: number }> = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === ".git" && !rel) continue;
      if (entry.isDirectory()) walk(r);
      else out.push({ path: r, size: statSync(path.join(dir, r)).size });
    }
  };
  walk("");
  return out;
}

/** Builds a {@link RepoView} from a folder laid out like a Hub repo (tests and parity checks). */
export function repoViewFromDir(dir: string, repo: string, sha = "0".repeat(40)): RepoView {
  const files = listDirRecursive(dir);
  const view: RepoView = { repo, revision: "main", sha, files };
  const readme = files.find((f) => f.path === "README.md");
  if (readme) view.readme = readFileSync(path.join(dir, "README.md"), "utf8");
  const yml = files.find((f) => f.path === ".huggingface.yaml");
  if (yml) view.standaloneYaml = readFileSync(path.join(dir, ".huggingface.yaml"), "utf8");
  return view;
}

/** Where crucible keeps its data files by default. */
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The crucible data directory: `$CRUCIBLE_DATA_DIR`, else `$XDG_DATA_HOME/crucible`, else
 * `%LOCALAPPDATA%\crucible` on Windows, else `~/.local/share/crucible`.
 * @param env - Environment to read. Default `process.env`.
 */
export function crucibleDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CRUCIBLE_DATA_DIR) return env.CRUCIBLE_DATA_DIR;
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, "crucible");
  if (process.platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "crucible");
  return join(homedir(), ".local", "share", "crucible");
}

/** Default ResultStore file: `<crucibleDataDir()>/results.sqlite`. */
export function defaultResultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(crucibleDataDir(env), "results.sqlite");
}

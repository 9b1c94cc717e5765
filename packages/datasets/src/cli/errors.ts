import { CrucibleError, redactSecrets } from "@crucible/types";

/** API phrases in library errors and what a command-line user types instead. */
const REWRITES: Array<[RegExp, string]> = [
  [/Example: loadDataset\("([^"]+)", \{ config: "([^"]*)" \}\)/g, "Example: crucible load $1 --config $2"],
  [/Check the glob and `baseDir`/g, "Check the --data-files glob (relative to the current directory)"],
  [/relative paths resolve against the current directory or `baseDir`/g, "relative paths resolve against the current directory"],
  [/pass \{ split \}|pass `split`/g, "pass --split"],
  [/pass \{ config \}|pass `config`/g, "pass --config"],
  [/\{ offline: true \}/g, "--offline"],
  [/set `?offline`?: ?false/g, "drop --offline and HF_HUB_OFFLINE"],
];

/**
 * One line for stderr: the error's message in the command line's words (flags rather than JS options), with no
 * token in it. A repo that does not exist is reported as not found, even when the Hub answered 401 (as it does for
 * missing repos when no token is sent).
 */
export function cliErrorMessage(error: unknown, where: { endpoint?: string | undefined; unreachable?: boolean } = {}): string {
  const endpoint = where.endpoint;
  if (!CrucibleError.isInstance(error))
    return redactSecrets(error instanceof Error ? error.message : String(error)).split("\n")[0] as string;
  const e = error as CrucibleError;
  let text = e.message;
  if (e.code === "REPO_NOT_FOUND" || (e.code === "UNAUTHORIZED" && /not found/.test(text))) {
    const repo = e.location.repo ?? /(?:Dataset |repo )?([\w.-]+\/[\w.-]+)/.exec(text)?.[1] ?? "the dataset";
    text = `dataset ${repo} not found at ${endpoint ?? "https://huggingface.co"} (if it is private or gated, set HF_TOKEN)`;
  }
  if (e.code === "OFFLINE_CACHE_MISS" && where.unreachable) {
    const repo = e.location.repo ?? "the dataset";
    text = `the Hub at ${endpoint ?? "https://huggingface.co"} could not be reached and ${repo} is not in the local cache (check the network or HF_ENDPOINT, or run crucible download first)`;
  }
  for (const [re, to] of REWRITES) text = text.replace(re, to);
  // A 57-config repo would fill the screen: keep the first names and say how many there are.
  text = text.replace(/(Available (?:configs|splits): )([^.]+)/g, (_m, head: string, names: string) => {
    const all = names.split(", ");
    return all.length <= 12 ? head + names : `${head}${all.slice(0, 10).join(", ")}, … (${all.length} in all; crucible info lists them)`;
  });
  return redactSecrets(text).split("\n")[0] as string;
}

import type { CliHubOptions, CliIO } from "./context.js";

/** How long the CLI waits to learn whether the Hub answers at all. */
export const REACH_TIMEOUT_MS = 3000;

/** Hub options after the reachability check, and whether they fell back to the cache. */
export interface Reached {
  hub: CliHubOptions;
  /** True when the Hub did not answer and the command runs on the cache (its output says "from cache"). */
  fromCache: boolean;
}

/**
 * Asks the endpoint for anything within {@link REACH_TIMEOUT_MS}. Any HTTP answer counts as reachable. When nothing
 * answers, the command goes on offline (the cache only) and a note on stderr says so, instead of waiting for the
 * client's retries to run out.
 */
export async function reachHub(hub: CliHubOptions, io: CliIO, fetchImpl: typeof fetch = fetch): Promise<Reached> {
  if (hub.offline) return { hub, fromCache: false };
  const endpoint = hub.endpoint ?? "https://huggingface.co";
  try {
    const res = await fetchImpl(`${endpoint}/api/datasets?limit=1`, {
      method: "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(REACH_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => undefined);
    return { hub, fromCache: false };
  } catch {
    io.stderr.write(
      `note: the Hub at ${endpoint} did not answer within ${REACH_TIMEOUT_MS / 1000} s; using the local cache (from cache)\n`,
    );
    return { hub: { ...hub, offline: true }, fromCache: true };
  }
}

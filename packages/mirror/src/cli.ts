#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startMirror } from "./server.js";
import type { RepoAccess } from "./types.js";

const USAGE = `Usage: crucible-mirror --root DIR [--port N] [--host 127.0.0.1] [--hf-cache DIR] [--repos FILE.json] [--redirects] [--tree-page-size N] [--index-dir DIR] [--no-viewer] [--log]

Serves DIR/datasets/<org>/<name>/... (and an HF cache folder) with the Hugging Face Hub HTTP API.
  --root DIR        folder holding datasets/<org>/<name> (required)
  --port N          port to listen on (default 0: any free port)
  --host H          interface (default 127.0.0.1)
  --hf-cache DIR    also serve datasets--org--name folders of this HF hub cache
  --repos FILE      JSON {"org/name": {"gated"?: bool, "private"?: bool, "tokens": ["hf_..."]}}
  --redirects       answer resolve with Hub-style 307/302 redirects instead of 200/206
  --tree-page-size N  tree entries per page (default 1000)
  --index-dir DIR   where the dataset viewer keeps its search indexes (default <crucible home>/viewer-index)
  --no-viewer       do not serve the dataset-viewer API and the /viewer page
  --log             one line per request on stderr (tokens never logged)
The dataset viewer is at http://HOST:PORT/viewer (build the package first for the page).
Prints "listening on http://HOST:PORT" when ready; exits 0 on SIGTERM/SIGINT.`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        root: { type: "string" },
        port: { type: "string", default: "0" },
        host: { type: "string", default: "127.0.0.1" },
        "hf-cache": { type: "string" },
        repos: { type: "string" },
        log: { type: "boolean", default: false },
        redirects: { type: "boolean", default: false },
        "tree-page-size": { type: "string" },
        "index-dir": { type: "string" },
        "no-viewer": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.root) {
    process.stderr.write(`--root is required\n${USAGE}\n`);
    process.exit(2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be an integer 0-65535, got ${values.port}\n`);
    process.exit(2);
  }
  let repos: Record<string, RepoAccess> | undefined;
  if (values.repos) repos = JSON.parse(readFileSync(values.repos, "utf8")) as Record<string, RepoAccess>;
  const opts: Parameters<typeof startMirror>[0] = { root: values.root, port, host: values.host, log: values.log };
  if (values["hf-cache"]) opts.hfCacheDir = values["hf-cache"];
  if (repos) opts.repos = repos;
  if (values.redirects) opts.redirects = true;
  if (values["no-viewer"]) opts.viewer = false;
  else if (values["index-dir"]) opts.viewer = { indexDir: values["index-dir"] };
  if (values["tree-page-size"] !== undefined) {
    const n = Number(values["tree-page-size"]);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write(`--tree-page-size must be a positive integer, got ${values["tree-page-size"]}\n`);
      process.exit(2);
    }
    opts.treePageSize = n;
  }
  const mirror = await startMirror(opts);
  process.stdout.write(`listening on ${mirror.url}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    mirror.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`crucible-mirror: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});

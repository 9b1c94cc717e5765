import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Mirror, startMirror } from "@crucible/mirror";
import { InvalidArgumentError } from "@crucible/types";
import type { CliIO } from "./context.js";

/** The sample Hub folder shipped with this package (`sample-hub/datasets/<org>/<name>/…`). */
export function sampleHubRoot(): string {
  // dist/cli/mirror.js and src/cli/mirror.ts both sit two levels below the package root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../sample-hub");
}

/** Checks a folder laid out as `DIR/datasets/<org>/<name>/…`. @returns Its absolute path. */
export function hubFolder(dir: string, cwd: string = process.cwd()): string {
  const root = path.resolve(cwd, dir);
  if (!existsSync(path.join(root, "datasets"))) {
    throw new InvalidArgumentError(`--root ${dir}: no datasets/ folder in ${root}`, {
      hint: "The folder must be laid out as DIR/datasets/<org>/<name>/… like the Hub",
    });
  }
  return root;
}

/**
 * `crucible mirror serve [--root DIR] [--port N] [--host H]`: serves a folder of dataset repos (default: the bundled
 * sample hub) with the Hub's HTTP API until SIGINT/SIGTERM, and prints the `HF_ENDPOINT` to use.
 * @param until - Resolves when the server should stop. Default: the first SIGINT or SIGTERM.
 */
export async function mirrorServe(
  flags: { root?: string; port?: number; host?: string },
  io: CliIO,
  until: (mirror: Mirror) => Promise<void> = () =>
    new Promise((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    }),
): Promise<void> {
  if (flags.port !== undefined && (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535)) {
    throw new InvalidArgumentError(`--port must be an integer 0-65535, got ${flags.port}`);
  }
  const root = flags.root ? hubFolder(flags.root) : sampleHubRoot();
  const mirror = await startMirror({
    root,
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host ? { host: flags.host } : {}),
  });
  io.stdout.write(`serving ${root} at ${mirror.url}\nexport HF_ENDPOINT=${mirror.url}\n`);
  try {
    await until(mirror);
  } finally {
    await mirror.close();
  }
}

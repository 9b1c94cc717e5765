import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The crucible data directory: `$CRUCIBLE_HOME`, else `~/.cache/crucible`.
 */
export function crucibleHome(): string {
  const env = process.env.CRUCIBLE_HOME;
  return env !== undefined && env !== "" ? env : join(homedir(), ".cache", "crucible");
}

/** Root of the row stores: `<crucibleHome()>/stores`. */
export function defaultStoreRoot(): string {
  return join(crucibleHome(), "stores");
}

/**
 * Directory of the store with the given fingerprint: `<defaultStoreRoot()>/<fingerprint>`.
 * @throws Error when the fingerprint is not a safe file name (letters, digits, `._-`).
 */
export function storeDirForFingerprint(fingerprint: string): string {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(fingerprint) || fingerprint.startsWith(".")) {
    throw new TypeError(`Store fingerprint must match [A-Za-z0-9._-]{1,200} and not start with ".", got ${JSON.stringify(fingerprint)}`);
  }
  return join(defaultStoreRoot(), fingerprint);
}

const anonymous = new Set<string>();
let exitHookInstalled = false;

/**
 * A fresh directory path for a store that nobody can reopen by fingerprint (the result of `map` on a disk-backed
 * dataset without a `fingerprint` option, or a spill without one). It is deleted when the process exits
 * (best effort: a killed process leaves it behind under `<defaultStoreRoot()>/anon-*`).
 */
export function anonymousStoreDir(root: string = defaultStoreRoot()): string {
  const dir = join(root, `anon-${process.pid}-${randomBytes(8).toString("hex")}`);
  anonymous.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const d of anonymous) {
        try {
          rmSync(d, { recursive: true, force: true });
        } catch {
          // best effort
        }
      }
    });
  }
  return dir;
}

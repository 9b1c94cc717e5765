import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CrucibleError } from "@crucible/types";

// Simulated full disk: writes to `*.incomplete` files fail with ENOSPC while `fault.on` is set.
const fault = vi.hoisted(() => ({ on: false }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fsp = await importOriginal<typeof import("node:fs/promises")>();
  const open = (async (...args: Parameters<typeof fsp.open>) => {
    const handle = await fsp.open(...args);
    if (!fault.on || !String(args[0]).endsWith(".incomplete")) return handle;
    return new Proxy(handle, {
      get(target, prop, receiver) {
        if (prop === "write") {
          return async () => {
            throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }) as typeof fsp.open;
  return { ...fsp, open, default: { ...fsp, open } };
});

const { downloadFile } = await import("./file.js");
const fixtures = await import("./test-support/fixtures.js");

let fx: Awaited<ReturnType<typeof fixtures.startTinyMirror>>;
beforeAll(async () => {
  fx = await fixtures.startTinyMirror();
}, 30_000);
afterAll(async () => fx?.close());

describe("download on a full disk", () => {
  it("ENOSPC: a typed error naming the repo, the file and what to do; the partial download is removed", async () => {
    const cacheDir = fixtures.freshCache(fx);
    fault.on = true;
    let error: unknown;
    try {
      await downloadFile("test-org/tiny", "data/big.bin", { endpoint: fx.mirror.url, cacheDir, token: false });
    } catch (e) {
      error = e;
    } finally {
      fault.on = false;
    }
    expect(CrucibleError.hasCode(error, "CACHE")).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(
      /Could not save data\/big\.bin of dataset test-org\/tiny in the Hugging Face cache: no space left on the device \(ENOSPC\)/,
    );
    expect(message).toMatch(/blobs\//);
    expect(message).toMatch(/Free disk space/);
    const blobs = path.join(cacheDir, "datasets--test-org--tiny", "blobs");
    expect(existsSync(blobs) ? readdirSync(blobs) : []).toEqual([]);
    // With space again, the download completes.
    const file = await downloadFile("test-org/tiny", "data/big.bin", { endpoint: fx.mirror.url, cacheDir, token: false });
    expect(existsSync(file)).toBe(true);
  }, 30_000);
});

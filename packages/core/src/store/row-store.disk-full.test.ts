import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrucibleError } from "@crucible/types";
import { afterAll, describe, expect, it, vi } from "vitest";

// Simulated disk-full / permission failures: node:fs's writeSync and mkdirSync fail while `failWith` is set.
const fault = vi.hoisted(() => ({ failWith: undefined as string | undefined, op: "writeSync" as "writeSync" | "mkdirSync" }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const fail = (op: string, path?: unknown): never => {
    throw Object.assign(new Error(`${fault.failWith}: simulated, ${op}`), {
      code: fault.failWith,
      syscall: op,
      ...(typeof path === "string" ? { path } : {}),
    });
  };
  return {
    ...fs,
    writeSync: ((...args: Parameters<typeof fs.writeSync>) => {
      if (fault.failWith !== undefined && fault.op === "writeSync") fail("write");
      return (fs.writeSync as (...a: unknown[]) => number)(...args);
    }) as typeof fs.writeSync,
    mkdirSync: ((path: string, options?: unknown) => {
      if (fault.failWith !== undefined && fault.op === "mkdirSync") fail("mkdir", path);
      return fs.mkdirSync(path, options as never);
    }) as typeof fs.mkdirSync,
  };
});

const { Dataset } = await import("../dataset/dataset.js");
const { RowStoreWriter } = await import("./row-store.js");

const tmp = mkdtempSync(join(tmpdir(), "crucible-store-full-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("row store on a full or read-only disk", () => {
  it("ENOSPC while writing: a typed error naming the file being written and what to do; nothing half-written left", async () => {
    const storeDir = join(tmp, "full", "store");
    async function* rows(): AsyncGenerator<Array<{ text: string }>> {
      for (let b = 0; b < 20; b++) {
        if (b === 10) fault.failWith = "ENOSPC";
        yield Array.from({ length: 500 }, (_, i) => ({ text: `${b}-${i} ${"y".repeat(900)}` }));
      }
    }
    let error: unknown;
    try {
      await Dataset.fromBatches(rows(), { store: "disk", storeDir });
    } catch (e) {
      error = e;
    } finally {
      fault.failWith = undefined;
    }
    expect(CrucibleError.hasCode(error, "STORE")).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/Could not write the row store: no space left on the device \(ENOSPC\)/);
    expect(message).toMatch(/\.store\.tmp-\d+-[0-9a-f]+\/data\.bin/); // the file actually being written
    expect(message).toMatch(/Free disk space/);
    expect(message).not.toMatch(/crash/);
    expect(readdirSync(join(tmp, "full"))).toEqual([]); // temp dir removed, no store
  });

  it("EACCES creating the store: names the directory that could not be created", () => {
    fault.op = "mkdirSync";
    fault.failWith = "EACCES";
    try {
      expect(() => RowStoreWriter.create(join(tmp, "ro", "store"))).toThrow(
        /Could not create the row store: permission denied \(EACCES\).*file .*ro\)?.*writable/,
      );
    } finally {
      fault.failWith = undefined;
      fault.op = "writeSync";
    }
  });
});

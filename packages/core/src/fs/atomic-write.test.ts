import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CrucibleError } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asyncBufferFromFile } from "./async-buffer.js";
import { atomicWriteFile } from "./atomic-write.js";
import { caught, tempDir } from "../readers/__tests__/helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

describe("atomicWriteFile", () => {
  it("writes, replaces, creates parents, and leaves no temp file", async () => {
    const path = join(dir, "a/b/c.json");
    await atomicWriteFile(path, "one");
    await atomicWriteFile(path, new TextEncoder().encode("two"));
    expect(await readFile(path, "utf8")).toBe("two");
    expect(await readdir(join(dir, "a/b"))).toEqual(["c.json"]);
  });

  it("a failed rename leaves no temp file and throws a typed error", async () => {
    const target = join(dir, "target");
    await atomicWriteFile(join(target, "inside"), "keep"); // target is now a non-empty directory
    const err = await caught(() => atomicWriteFile(target, "new"));
    expect(CrucibleError.isInstance(err)).toBe(true);
    expect((err as CrucibleError).location.file).toBe(target);
    expect((await readdir(dir)).filter((n) => n.includes("tmp-crucible"))).toEqual([]);
    expect(await readFile(join(target, "inside"), "utf8")).toBe("keep");
  });
});

describe("asyncBufferFromFile", () => {
  it("slices byte ranges and reports typed errors", async () => {
    const path = join(dir, "bytes");
    await writeFile(path, "0123456789");
    const buf = await asyncBufferFromFile(path);
    expect(buf.byteLength).toBe(10);
    expect(new TextDecoder().decode(await buf.slice(2, 5))).toBe("234");
    expect(new TextDecoder().decode(await buf.slice(7))).toBe("789");
    expect((await buf.slice(4, 4)).byteLength).toBe(0);
    const missing = await caught(() => asyncBufferFromFile(join(dir, "nope")));
    expect(CrucibleError.hasCode(missing, "FILE_NOT_FOUND")).toBe(true);
    const isDir = await caught(() => asyncBufferFromFile(dir));
    expect(CrucibleError.hasCode(isDir, "INVALID_ARGUMENT")).toBe(true);
  });
});

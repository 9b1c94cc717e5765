import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { CrucibleError, IntegrityError } from "@crucible/types";
import { afterAll, describe, expect, it } from "vitest";
import { ChunkState, setVerifierLinger, startBackgroundVerify, verifierThread } from "./chunk-verifier.js";
import { BACKGROUND_VERIFY_MIN_BYTES, DAMAGED_MANIFEST_FILE, DATA_FILE, MANIFEST_FILE, RowStore, RowStoreWriter } from "./row-store.js";

const tmp = mkdtempSync(join(tmpdir(), "crucible-store-bgverify-"));
afterAll(() => {
  setVerifierLinger(1000);
  rmSync(tmp, { recursive: true, force: true });
});
const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");

const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, text: `row ${i} ${"y".repeat(i % 13)}`, big: BigInt(i) << 40n }));

function build(dir: string, data: unknown[], chunkBytes = 128): void {
  const w = RowStoreWriter.create(dir, { checksumChunkBytes: chunkBytes, fsync: false });
  for (const row of data) w.append(row);
  w.finish().close();
}

/** Waits until the worker has a verdict (verified or damaged) for every chunk of `store`. */
async function settled(store: RowStore): Promise<ReturnType<RowStore["verificationStats"]>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const stats = store.verificationStats();
    if (stats.verified + stats.damaged === stats.chunks) return stats;
    if (Date.now() > deadline) throw new Error(`background verification did not finish: ${JSON.stringify(stats)}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe("background chunk verification", () => {
  it("the worker verifies every chunk ahead of the reader, which then computes no CRC itself", async () => {
    const dir = join(tmp, "ahead");
    build(dir, rows);
    const store = RowStore.open(dir, { verifyInBackground: true });
    const stats = await settled(store);
    expect(stats).toMatchObject({ damaged: 0, inline: 0, background: true });
    expect(stats.chunks).toBeGreaterThan(50);
    const sequential = Array.from({ length: store.numRows }, (_, i) => store.get(i));
    const scattered: unknown[] = [];
    for (let k = 0; k < store.numRows; k++) scattered[(k * 37) % store.numRows] = store.get((k * 37) % store.numRows);
    expect(sequential).toEqual(rows);
    expect(scattered).toEqual(rows);
    expect(store.verificationStats().inline).toBe(0);
    store.close();
  });

  it("verify() checks every chunk on the calling thread and stops the background job", async () => {
    setVerifierLinger(0);
    const dir = join(tmp, "verify-call");
    build(dir, rows);
    const store = RowStore.open(dir, { verifyInBackground: true });
    const thread = verifierThread();
    store.verify();
    const stats = store.verificationStats();
    expect(stats.inline).toBe(stats.chunks);
    expect(stats.verified).toBe(stats.chunks);
    await thread!.exited; // its only job was cancelled
    expect(store.get(3)).toEqual(rows[3]);
    store.close();
    setVerifierLinger(1000);
  });

  it("a damaged chunk found by the worker is the reader's IntegrityError on a row in it, never data", async () => {
    const dir = join(tmp, "damaged");
    build(dir, rows);
    const data = readFileSync(join(dir, DATA_FILE));
    data[1000] = (data[1000] as number) ^ 0x04; // chunk 7 (bytes 896..1023)
    writeFileSync(join(dir, DATA_FILE), data);
    const store = RowStore.open(dir, { verifyInBackground: true });
    const stats = await settled(store);
    expect(stats.damaged).toBe(1);
    expect(stats.inline).toBe(0);
    // Rows before the damaged chunk are served; the first row that touches chunk 7 throws.
    let error: unknown;
    let served = 0;
    try {
      for (let i = 0; i < store.numRows; i++) {
        expect(store.get(i)).toEqual(rows[i]);
        served++;
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IntegrityError);
    const integrity = error as IntegrityError;
    expect(integrity.message).toMatch(/data\.bin chunk 7 \(bytes 896\.\.1023\) fails its CRC-32 check/);
    expect(integrity.location).toMatchObject({ file: join(dir, DATA_FILE), row: served, byteOffset: 896 });
    expect(served).toBeGreaterThan(0);
    // A random read of a row that lies wholly in that chunk throws too.
    const offsets = (store as unknown as { offsets: Float64Array }).offsets;
    const inside = rows.findIndex((_, i) => (offsets[i] as number) >= 896 && (offsets[i + 1] as number) <= 1024);
    expect(inside).toBeGreaterThan(0);
    expect(() => store.get(inside)).toThrow(/chunk 7/);
    store.close();
    expect(existsSync(join(dir, MANIFEST_FILE))).toBe(false);
    expect(existsSync(join(dir, DAMAGED_MANIFEST_FILE))).toBe(true);
  });

  it("every single-byte flip of data.bin is detected with the worker's verdicts (0 wrong rows)", async () => {
    const dir = join(tmp, "flips");
    const sample = rows.slice(0, 16);
    build(dir, sample, 64);
    const original = readFileSync(join(dir, DATA_FILE));
    let detected = 0;
    for (let at = 0; at < original.length; at++) {
      const bad = Buffer.from(original);
      bad[at] = (bad[at] as number) ^ (at % 9 === 8 ? 0xff : 1 << (at % 9));
      writeFileSync(join(dir, DATA_FILE), bad);
      const store = RowStore.open(dir, { verifyInBackground: true });
      // Half the trials read once the worker is done, half race it.
      if (at % 2 === 0) await settled(store);
      const got: unknown[] = [];
      try {
        for (let i = 0; i < store.numRows; i++) got.push(store.get((i * 7) % store.numRows));
      } catch (error) {
        if (CrucibleError.hasCode(error, "INTEGRITY")) detected++;
        else throw error;
      } finally {
        store.close();
      }
      if (got.length === store.numRows)
        expect(
          isDeepStrictEqual(
            got,
            sample.map((_, i) => sample[(i * 7) % sample.length]),
          ),
        ).toBe(true);
      if (existsSync(join(dir, DAMAGED_MANIFEST_FILE))) renameSync(join(dir, DAMAGED_MANIFEST_FILE), join(dir, MANIFEST_FILE));
    }
    writeFileSync(join(dir, DATA_FILE), original);
    expect(detected).toBe(original.length);
  }, 180_000);

  it("the worker gives no verdicts for a file that is not the reader's (replaced since the open)", async () => {
    const dir = join(tmp, "replaced");
    build(dir, rows);
    const path = join(dir, DATA_FILE);
    const st = statSync(path);
    const store = RowStore.open(dir, { verifyInBackground: false });
    const crcs = (store as unknown as { chunkCrcs: Uint32Array }).chunkCrcs;
    store.close();
    const job = startBackgroundVerify({ path, dev: st.dev, ino: st.ino + 1, size: st.size, chunkBytes: 128, crcs });
    expect(job).toBeDefined();
    const deadline = Date.now() + 20_000;
    while ((verifierThread()?.jobs ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    expect(verifierThread()?.jobs ?? 0).toBe(0); // the worker ended the job at once
    expect(job!.state.every((s) => s === ChunkState.PENDING)).toBe(true);
    job!.cancel();
  });

  it("closing the store stops its verification, and the idle thread exits", async () => {
    setVerifierLinger(0);
    const dir = join(tmp, "close");
    // 64-byte chunks over ≈2 MB: far more blocks than the worker gets through before the close.
    build(
      dir,
      Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: "z".repeat(100) })),
      64,
    );
    const store = RowStore.open(dir, { verifyInBackground: true });
    const thread = verifierThread();
    expect(thread).toBeDefined();
    expect(store.get(0)).toEqual({ id: 0, text: "z".repeat(100) });
    store.close();
    await thread!.exited;
    expect(verifierThread()).toBeUndefined();
    const stats = store.verificationStats();
    expect(stats.verified).toBeLessThan(stats.chunks);
    const frozen = stats.verified;
    await new Promise((r) => setTimeout(r, 50));
    expect(store.verificationStats().verified).toBe(frozen);
    expect(() => store.get(1)).toThrow(/closed/);
    setVerifierLinger(1000);
  });

  it("small stores verify inline; stores of BACKGROUND_VERIFY_MIN_BYTES or more start the worker by default", async () => {
    const small = join(tmp, "small");
    build(small, rows);
    const s = RowStore.open(small);
    expect(s.verificationStats().background).toBe(false);
    expect(s.get(5)).toEqual(rows[5]);
    expect(s.verificationStats().inline).toBe(1);
    s.close();
    expect(RowStore.isValid(small)).toBe(true);

    const big = join(tmp, "big");
    const text = "q".repeat(4000);
    const w = RowStoreWriter.create(big, { fsync: false });
    for (let i = 0; i <= BACKGROUND_VERIFY_MIN_BYTES / 4000; i++) w.append({ id: i, text });
    w.finish().close();
    const b = RowStore.open(big);
    expect(b.dataBytes).toBeGreaterThanOrEqual(BACKGROUND_VERIFY_MIN_BYTES);
    expect(b.verificationStats().background).toBe(true);
    const stats = await settled(b);
    expect(stats).toMatchObject({ damaged: 0, inline: 0 });
    for (const i of [0, 1, 2, 4000, b.numRows - 1]) expect((b.get(i) as { id: number }).id).toBe(i);
    expect(b.verificationStats().inline).toBe(0);
    b.close();
    rmSync(big, { recursive: true, force: true });
  }, 60_000);

  it("an open store's worker does not keep the process alive", () => {
    const dir = join(tmp, "alive");
    build(dir, rows);
    const script = `
      const { RowStore } = await import(${JSON.stringify(new URL("./row-store.ts", import.meta.url).href)});
      const store = RowStore.open(${JSON.stringify(dir)}, { verifyInBackground: true });
      store.get(0);
      console.log(store.verificationStats().background);
    `;
    const child = spawnSync(
      process.execPath,
      ["--import", join(repoRoot, "tooling/vitest/ts-worker-register.mjs"), "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        timeout: 60_000, // a worker keeping the process alive would hang it until killed here (status null)
      },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe("true");
  }, 90_000);
});

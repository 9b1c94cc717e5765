import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readExpectedSplits, sharedData } from "@crucible/mirror/testing";
import { type MirrorHarness, startMirrorHarness } from "../test-support/mirror.js";
import { streamDataset } from "../stream/stream-dataset.js";
import { loadDataset } from "./load-dataset.js";

const { hub: root, hasHub } = sharedData();
const present = hasHub && existsSync(path.join(root, "EXPECTED.tsv"));

// One fingerprint per split: row count, column list, and the first and last rows as JSON.
const digest = (rows: Array<Record<string, unknown>>) =>
  JSON.stringify([rows.length, rows[0], rows[rows.length - 1]], (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `bytes:${v.length}:${Buffer.from(v.subarray(0, 16)).toString("hex")}` : v,
  );

describe.skipIf(!present)(
  `every config/split of the sample hub's EXPECTED.tsv loads with Python's row counts and columns (needs ${root})`,
  () => {
    let h: MirrorHarness;
    let processedDir: string;
    const seen = new Map<string, string>();
    const expected = present ? readExpectedSplits(root) : [];

    beforeAll(async () => {
      h = await startMirrorHarness(root);
      processedDir = mkdtempSync(path.join(tmpdir(), "crucible-processed-"));
    });
    afterAll(async () => {
      await h?.close();
      if (processedDir) rmSync(processedDir, { recursive: true, force: true });
    });

    it(`loads all ${expected.length} splits through the mirror`, async () => {
      const failures: string[] = [];
      for (const e of expected) {
        const label = `${e.repo} ${e.config} ${e.split}`;
        try {
          const ds = await loadDataset(e.repo, { ...h.options, processedDir, config: e.config, split: e.split });
          const rows = [...ds];
          const columns = Object.keys(rows[0] ?? {});
          if (ds.length !== e.rows || rows.length !== e.rows) failures.push(`${label}: ${ds.length} rows, expected ${e.rows}`);
          else if (columns.join(",") !== e.columns.join(","))
            failures.push(`${label}: columns ${columns.join(",")}, expected ${e.columns.join(",")}`);
          expect(ds.info.revision).toMatch(/^[0-9a-f]{40}$/);
          seen.set(label, digest(rows));
        } catch (error) {
          failures.push(`${label}: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    }, 240_000);

    it("streams every split with the same rows as the load", async () => {
      const failures: string[] = [];
      for (const e of expected) {
        const label = `${e.repo} ${e.config} ${e.split}`;
        try {
          const rows: Array<Record<string, unknown>> = [];
          for await (const r of await streamDataset(e.repo, { ...h.options, processedDir, config: e.config, split: e.split })) rows.push(r);
          if (digest(rows) !== seen.get(label)) failures.push(`${label}: streamed rows differ (${rows.length} rows)`);
        } catch (error) {
          failures.push(`${label}: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    }, 240_000);

    it("gives the same rows offline with the mirror closed (zero network)", async () => {
      const requestsBefore = h.mirror.stats.requests;
      await h.mirror.close();
      let fetchCalls = 0;
      const fetch = (async () => {
        fetchCalls++;
        throw new Error("network used offline");
      }) as unknown as typeof globalThis.fetch;
      const failures: string[] = [];
      for (const e of expected) {
        const label = `${e.repo} ${e.config} ${e.split}`;
        try {
          // Offline from the processed row store, and offline from the HF cache files alone (store: "memory").
          const ds = await loadDataset(e.repo, { ...h.options, processedDir, offline: true, fetch, config: e.config, split: e.split });
          if (digest([...ds]) !== seen.get(label)) failures.push(`${label}: rows differ offline (row store)`);
          const raw = await loadDataset(e.repo, {
            ...h.options,
            processedDir,
            offline: true,
            fetch,
            store: "memory",
            config: e.config,
            split: e.split,
          });
          if (digest([...raw]) !== seen.get(label)) failures.push(`${label}: rows differ offline (HF cache files)`);
        } catch (error) {
          failures.push(`${label}: ${(error as Error).message}`);
        }
      }
      // HF_HUB_OFFLINE=1 in the environment works like `offline: true`.
      const previous = process.env.HF_HUB_OFFLINE;
      process.env.HF_HUB_OFFLINE = "1";
      try {
        const e = expected[0] as (typeof expected)[number];
        const ds = await loadDataset(e.repo, { ...h.options, processedDir, fetch, store: "memory", config: e.config, split: e.split });
        if (digest([...ds]) !== seen.get(`${e.repo} ${e.config} ${e.split}`)) failures.push("rows differ with HF_HUB_OFFLINE=1");
      } catch (error) {
        failures.push(`HF_HUB_OFFLINE=1: ${(error as Error).message}`);
      } finally {
        if (previous === undefined) delete process.env.HF_HUB_OFFLINE;
        else process.env.HF_HUB_OFFLINE = previous;
      }
      expect(failures).toEqual([]);
      expect(fetchCalls).toBe(0);
      expect(h.mirror.stats.requests).toBe(requestsBefore);
    }, 240_000);
  },
);

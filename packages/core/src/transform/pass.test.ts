import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TransformError } from "@crucible/types";
import { afterEach, describe, expect, it } from "vitest";
import { Dataset } from "../dataset/dataset.js";
import { RecordChunkEncoder } from "../store/record-chunks.js";
import { TransformFeed } from "./pass.js";
import { Transform, skipRow } from "./transform.js";
import { transformDataset } from "./transform-dataset.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Src = { id: number; text: string };
const rows = (n: number): Src[] => Array.from({ length: n }, (_, i) => ({ id: i, text: `row ${i}` }));

async function diskSource(n: number): Promise<Dataset<Src>> {
  const root = mkdtempSync(join(tmpdir(), "crucible-feed-"));
  dirs.push(root);
  return Dataset.fromBatches([rows(n)], {
    store: "disk",
    fingerprint: "src-1",
    storeDir: join(root, "src"),
    info: { repo: "acme/x", split: "train" },
  });
}

/** A transform counting its calls: skips every seventh row, throws on `throwAt`. */
function counting(throwAt = -1) {
  const count = { calls: 0 };
  const transform = Transform.rows<Src>().map((r, ctx) => {
    count.calls++;
    if (r.id === throwAt) throw new Error("boom");
    return r.id % 7 === 6 ? skipRow("seventh", `row ${ctx.index}`) : { id: r.id, at: ctx.index };
  });
  return { count, transform };
}

/** Feeds `n` source rows as encoded chunks of about `chunkBytes`, as writeParquetStore's `onChunk` would. */
function feedChunks(feed: TransformFeed, n: number, chunkBytes = 256): void {
  const encoder = new RecordChunkEncoder(chunkBytes);
  for (const row of rows(n)) {
    const full = encoder.push(row);
    if (full) feed.pushChunk(full);
  }
  if (encoder.pending > 0) feed.pushChunk(encoder.take());
}

const options = (root: string) => ({ name: "t", version: 1, storeRoot: root, rawField: "raw" });

describe("TransformFeed", () => {
  it("a complete feed replaces transformDataset's pass: same outputs and skips, the source is not read again", async () => {
    const src = await diskSource(100);
    const plain = counting();
    const root = mkdtempSync(join(tmpdir(), "crucible-feed-out-"));
    dirs.push(root);
    const expected = await transformDataset(src, plain.transform, { ...options(root), version: "plain" });

    const fed = counting();
    const feed = new TransformFeed(fed.transform as Transform<unknown, unknown>, { repo: "acme/x", split: "train" }, "t");
    feedChunks(feed, 100);
    expect(feed.rows).toBe(100);
    expect(fed.count.calls).toBe(100);
    const out = await transformDataset(src, fed.transform, { ...options(root), feed });
    expect(fed.count.calls).toBe(100); // no second pass
    expect(out.skipped()).toEqual(expected.skipped());
    expect(out.dataset().toArray()).toEqual(expected.dataset().toArray());
    expect(out.dataset().at(3)).toMatchObject({ raw: { id: 3, text: "row 3" } });
    // reopened by fingerprint on the next run, from what the feed found
    const again = await transformDataset(src, fed.transform, options(root));
    expect(again.reused).toBe(true);
    expect(again.skipped()).toEqual(expected.skipped());
  });

  it("a feed that missed rows, or ran another transform, is ignored: transformDataset runs its own pass", async () => {
    const src = await diskSource(50);
    const short = counting();
    const feed = new TransformFeed(short.transform as Transform<unknown, unknown>, { split: "train" }, "t");
    feedChunks(feed, 49);
    const root = mkdtempSync(join(tmpdir(), "crucible-feed-out-"));
    dirs.push(root);
    const out = await transformDataset(src, short.transform, { ...options(root), feed });
    expect(short.count.calls).toBe(49 + 50);
    expect(out.skipped().map((s) => s.position)).toEqual([6, 13, 20, 27, 34, 41, 48]);

    const other = counting();
    const full = new TransformFeed(counting().transform as Transform<unknown, unknown>, { split: "train" }, "t");
    feedChunks(full, 50);
    await transformDataset(src, other.transform, { ...options(root), version: 2, feed: full });
    expect(other.count.calls).toBe(50);
  });

  it("a transform that throws in the feed throws from transformDataset, naming the row", async () => {
    const src = await diskSource(30);
    const bad = counting(17);
    const feed = new TransformFeed(bad.transform as Transform<unknown, unknown>, { split: "train" }, "t");
    feedChunks(feed, 30);
    expect(bad.count.calls).toBe(18); // the feed stops at the error
    const root = mkdtempSync(join(tmpdir(), "crucible-feed-out-"));
    dirs.push(root);
    const err = await transformDataset(src, bad.transform, { ...options(root), feed }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformError);
    expect((err as Error).message).toMatch(/row 17 of split train/);
  });
});

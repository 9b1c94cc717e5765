import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrucibleError, DataFormatError, TransformError } from "@crucible/types";
import { afterEach, describe, expect, it } from "vitest";
import { Dataset } from "../dataset/dataset.js";
import { Transform, skipRow } from "./transform.js";
import { transformDataset, transformFingerprint } from "./transform-dataset.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "crucible-transform-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Src = { id: number; text: string };
const rows = (n: number): Src[] => Array.from({ length: n }, (_, i) => ({ id: i, text: `row ${i}` }));

/** A disk-backed source with a fingerprint, as loadDataset returns. */
async function diskSource(root: string, n: number, fingerprint = "src-1"): Promise<Dataset<Src>> {
  return Dataset.fromBatches([rows(n)], {
    store: "disk",
    fingerprint,
    storeDir: join(root, fingerprint),
    info: { repo: "acme/x", split: "train" },
  });
}

describe("Transform pipeline", () => {
  it("map, filter and flatMap keep source order, record skips and map outputs to source positions", async () => {
    const t = Transform.rows<Src>()
      .filter((r) => (r.id === 3 ? skipRow("three", "no threes", { why: 3 }) : r.id !== 5))
      .map((r, ctx) => (r.id === 7 ? skipRow("seven") : { id: r.id, at: ctx.index }))
      .flatMap((r) => (r.id === 2 ? [r, { ...r, id: 20 }] : [r]));
    const out = await transformDataset(Dataset.fromRows(rows(9), { info: { split: "train" } }), t, { name: "t", version: 1 });
    expect(
      out
        .dataset()
        .toArray()
        .map((r) => r.id),
    ).toEqual([0, 1, 2, 20, 4, 6, 8]);
    expect(out.sourcePosition(3)).toBe(2);
    expect(out.outputsOf(2)).toEqual([2, 3]);
    expect(out.outputsOf(5)).toEqual([]);
    expect(out.skipped()).toEqual([
      { position: 3, split: "train", index: 3, reason: "three", detail: "no threes", data: { why: 3 } },
      { position: 7, split: "train", index: 7, reason: "seven" },
    ]);
    // outputs in the order of given source positions, e.g. a permutation; positions without outputs vanish
    expect(
      out
        .inOrder([8, 2, 5, 0])
        .toArray()
        .map((r) => r.id),
    ).toEqual([8, 2, 20, 0]);
    expect(out.reused).toBe(false);
  });

  it("group: groups in first-seen order at the first member's position; a reducer may skip", async () => {
    const src = Dataset.fromRows([
      { k: "a", v: 1 },
      { k: "b", v: 2 },
      { k: "a", v: 3 },
      { k: "c", v: 4 },
      { k: "b", v: 5 },
    ]);
    const t = Transform.rows<{ k: string; v: number }>().group(
      (r) => r.k,
      (members, key) =>
        members.length < 2
          ? skipRow("single")
          : { key, sum: members.reduce((s, m) => s + m.value.v, 0), at: members.map((m) => m.context.position) },
    );
    const out = await transformDataset(src, t, { name: "g", version: 1 });
    expect(out.dataset().toArray()).toEqual([
      { key: "a", sum: 4, at: [0, 2] },
      { key: "b", sum: 7, at: [1, 4] },
    ]);
    expect(out.sourcePosition(1)).toBe(1);
    expect(out.skipped().map((s) => [s.position, s.reason])).toEqual([[3, "single"]]);
  });

  it("row context follows the source's split ranges (a split string such as train[2:4]+test)", async () => {
    const src = Dataset.fromRows(rows(3), {
      info: {
        split: "train[2:4]+test",
        sourceRanges: [
          { split: "train", start: 2, end: 4 },
          { split: "test", start: 0, end: 1 },
        ],
      },
    });
    const out = await transformDataset(
      src,
      Transform.rows<Src>().map((_r, ctx) => ({ split: ctx.split, index: ctx.index })),
      { name: "ctx", version: 1 },
    );
    expect(out.dataset().toArray()).toEqual([
      { split: "train", index: 2 },
      { split: "train", index: 3 },
      { split: "test", index: 0 },
    ]);
  });
});

describe("transformDataset on a disk-backed source", () => {
  it("stores outputs by fingerprint and reopens them without running the transform; raw is read from the source", async () => {
    const root = tmp();
    const source = await diskSource(root, 20_000);
    let calls = 0;
    const t = Transform.rows<Src>().map((r) => {
      calls++;
      return r.id % 1000 === 999 ? skipRow("odd-end") : { n: r.id * 2 };
    });
    const options = { name: "double", version: 1, rawField: "raw", storeRoot: root, outputs: "store" as const };
    const first = await transformDataset(source, t, options);
    expect(calls).toBe(20_000);
    expect(first.dataset().onDisk).toBe(true);
    expect(first.fingerprint).toBe(transformFingerprint("src-1", options));
    expect(existsSync(join(root, `${first.fingerprint}.meta`))).toBe(true);
    const again = await transformDataset(await diskSource(root, 20_000), t, options);
    expect(calls).toBe(20_000);
    expect(again.reused).toBe(true);
    expect(again.length).toBe(20_000 - 20);
    const ds = again.dataset();
    expect(ds.at(1000)).toEqual({ n: 2002, raw: { id: 1001, text: "row 1001" } });
    expect(ds.info.fingerprint).toBe(first.fingerprint);
    expect(again.skipped().map((s) => s.position)).toEqual(Array.from({ length: 20 }, (_, i) => i * 1000 + 999));
    expect(
      again
        .inOrder([1001, 999, 0])
        .toArray()
        .map((r) => r.n),
    ).toEqual([2002, 0]);
    // the stored record does not contain raw: it is a lazy getter
    expect(Object.getOwnPropertyDescriptor(ds.at(0), "raw")?.get).toBeTypeOf("function");
  });

  it("outputs: recompute (the default on disk) stores only positions and skips and recomputes rows on access", async () => {
    const root = tmp();
    const source = await diskSource(root, 5000);
    let calls = 0;
    const t = Transform.rows<Src>()
      .filter((r) => r.id % 7 !== 0)
      .map((r, ctx) => (calls++, r.id % 100 === 99 ? skipRow("end99") : { n: r.id, at: ctx.index }));
    const stored = await transformDataset(source, t, { name: "re", version: 1, rawField: "raw", storeRoot: root, outputs: "store" });
    const first = await transformDataset(source, t, { name: "re", version: 1, rawField: "raw", storeRoot: root });
    expect(first.fingerprint).not.toBe(stored.fingerprint);
    expect(readdirSync(root).filter((d) => d === first.fingerprint)).toEqual([]); // no output store
    expect(existsSync(join(root, `${first.fingerprint}.meta`))).toBe(true);
    const reopened = await transformDataset(source, t, { name: "re", version: 1, rawField: "raw", storeRoot: root });
    expect(reopened.reused).toBe(true);
    const before = calls;
    expect(reopened.dataset().toArray()).toEqual(stored.dataset().toArray());
    expect(calls - before).toBe(reopened.length); // one call per row read, none on open
    expect(reopened.skipped()).toEqual(stored.skipped());
    expect(
      reopened
        .inOrder([99, 97, 7, 8])
        .toArray()
        .map((r) => r.n),
    ).toEqual([97, 8]);
    expect(reopened.dataset().at(0)).toEqual({ n: 1, at: 1, raw: { id: 1, text: "row 1" } });
  });

  it("a new version, new params or another source fingerprint rebuilds", async () => {
    const root = tmp();
    let calls = 0;
    const t = Transform.rows<Src>().map((r) => (calls++, { id: r.id }));
    const source = await diskSource(root, 100);
    await transformDataset(source, t, { name: "v", version: 1, storeRoot: root });
    await transformDataset(source, t, { name: "v", version: 1, storeRoot: root });
    expect(calls).toBe(100);
    await transformDataset(source, t, { name: "v", version: 2, storeRoot: root });
    expect(calls).toBe(200);
    await transformDataset(source, t, { name: "v", version: 2, params: { seed: 1 }, storeRoot: root });
    expect(calls).toBe(300);
    await transformDataset(await diskSource(root, 100, "src-2"), t, { name: "v", version: 2, params: { seed: 1 }, storeRoot: root });
    expect(calls).toBe(400);
  });

  it("a transform that throws names the source row and leaves no store behind (next run rebuilds)", async () => {
    const root = tmp();
    const source = await diskSource(root, 30_000);
    const bad = Transform.rows<Src>().map((r) => {
      if (r.id === 25_000) throw new TypeError("boom");
      return { id: r.id };
    });
    const err = await transformDataset(source, bad, { name: "bad", version: 1, storeRoot: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformError);
    expect(CrucibleError.hasCode(err, "TRANSFORM")).toBe(true);
    expect((err as TransformError).location).toMatchObject({ row: 25_000, repo: "acme/x" });
    expect((err as Error).message).toMatch(/"bad".*row 25000 of split train.*boom/);
    // only the source store is left: no output store, no meta store, no temporary directory
    expect(readdirSync(root)).toEqual(["src-1"]);
    const good = await transformDataset(
      source,
      Transform.rows<Src>().map((r) => ({ id: r.id })),
      { name: "bad", version: 1, storeRoot: root },
    );
    expect(good.reused).toBe(false);
    expect(good.length).toBe(30_000);
  });

  it("a CrucibleError from a step passes through unchanged", async () => {
    const t = Transform.rows<Src>().map((r) => {
      if (r.id === 1) throw new DataFormatError("bad cell", { row: 1, field: "text" });
      return r;
    });
    await expect(transformDataset(Dataset.fromRows(rows(3)), t, { name: "c", version: 1 })).rejects.toBeInstanceOf(DataFormatError);
  });

  it("an output store without its meta store (a crash between the two) is rebuilt, not reused", async () => {
    const root = tmp();
    const source = await diskSource(root, 50);
    let calls = 0;
    const t = Transform.rows<Src>().map((r) => (calls++, { id: r.id }));
    const first = await transformDataset(source, t, { name: "m", version: 1, storeRoot: root });
    rmSync(join(root, `${first.fingerprint}.meta`), { recursive: true });
    const second = await transformDataset(source, t, { name: "m", version: 1, storeRoot: root });
    expect(second.reused).toBe(false);
    expect(calls).toBe(100);
    expect(second.dataset().toArray()).toEqual(rows(50).map((r) => ({ id: r.id })));
  });
});

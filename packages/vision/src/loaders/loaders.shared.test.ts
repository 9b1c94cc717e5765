import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import type { Dataset } from "@crucible/core";
import { type Mirror, startMirror } from "@crucible/mirror";
import { sharedData } from "@crucible/mirror/testing";
import type { ImageExample } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caltech101, flowers102, oxfordPets, stanfordCars } from "./datasets.js";
import type { ImageDatasetOptions } from "./image-classification.js";

const { hub: hubRoot, hasHub } = sharedData();
const haveShared = hasHub && existsSync(path.join(hubRoot, "EXPECTED.tsv"));

if (!haveShared)
  console.warn(`vision shared tests skipped: ${hubRoot} (with datasets/ and EXPECTED.tsv) is missing (set CRUCIBLE_SHARED_DIR)`);

const LOADERS: Record<string, (o: ImageDatasetOptions) => Promise<Dataset<ImageExample>>> = {
  "dpdl-benchmark/caltech101": caltech101,
  "dpdl-benchmark/oxford_flowers102": flowers102,
  "dpdl-benchmark/oxford_iiit_pet": oxfordPets,
  "tanganke/stanford_cars": stanfordCars,
};

/** Rows per (repo, split) from EXPECTED.tsv. */
function expectedRows(): Array<{ repo: string; split: string; rows: number }> {
  return readFileSync(path.join(hubRoot, "EXPECTED.tsv"), "utf8")
    .split("\n")
    .map((line) => line.split("\t"))
    .filter((cols) => cols[0] !== undefined && cols[0] in LOADERS)
    .map((cols) => ({ repo: cols[0] as string, split: cols[2] as string, rows: Number(cols[3]) }));
}

/**
 * An independent check of a PNG's IHDR size: inflate the IDAT stream and compare its length with what
 * width × height × bit depth × channels implies (non-interlaced images only). Returns false when they disagree.
 */
function pngSizeAgreesWithPixels(bytes: Uint8Array, width: number, height: number): boolean | "interlaced" {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const depth = bytes[24] as number;
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[bytes[25] as number] ?? 0;
  if (bytes[28] !== 0) return "interlaced";
  const idat: Uint8Array[] = [];
  for (let o = 8; o + 8 <= bytes.length; ) {
    const len = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    if (type === "IDAT") idat.push(bytes.subarray(o + 8, o + 8 + len));
    if (type === "IEND") break;
    o += 12 + len;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  return pixels.length === height * (1 + Math.ceil((width * channels * depth) / 8));
}

describe.skipIf(!haveShared)(`vision loaders on the rows in ${hubRoot}`, () => {
  let mirror: Mirror;
  let hub: { endpoint: string; cacheDir: string; processedDir: string; token: false; progress: false };

  beforeAll(async () => {
    mirror = await startMirror({ root: hubRoot });
    hub = {
      endpoint: mirror.url,
      cacheDir: mkdtempSync(path.join(tmpdir(), "crucible-vision-cache-")),
      processedDir: mkdtempSync(path.join(tmpdir(), "crucible-vision-processed-")),
      token: false,
      progress: false,
    };
  });
  afterAll(async () => {
    await mirror?.close();
    for (const dir of [hub?.cacheDir, hub?.processedDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("EXPECTED.tsv lists train and test of all four repos", () => {
    expect(
      expectedRows()
        .map((e) => `${e.repo}:${e.split}`)
        .sort(),
    ).toEqual(
      Object.keys(LOADERS)
        .flatMap((repo) => [`${repo}:test`, `${repo}:train`])
        .sort(),
    );
  });

  it("every split has the EXPECTED.tsv row count; every image's header parses and PNG sizes agree with the pixel data", async () => {
    for (const { repo, split, rows } of expectedRows()) {
      const load = LOADERS[repo] as (o: ImageDatasetOptions) => Promise<Dataset<ImageExample>>;
      const ds = await load({ ...hub, split });
      expect(ds.length, `${repo} ${split}`).toBe(rows);
      const label = ds.features?.label;
      const names = label?.kind === "class_label" ? label.names : [];
      expect(names.length, `${repo} ClassLabel names`).toBeGreaterThan(1);
      for (const e of ds) {
        expect(["png", "jpeg", "gif", "webp", "bmp"], e.id).toContain(e.image.format);
        expect(e.image.width, e.id).toBeGreaterThan(0);
        expect(e.image.height, e.id).toBeGreaterThan(0);
        expect(e.className, e.id).toBe(names[e.label]);
        expect(e.id).toBe(`${repo}/default/${split}/${e.source?.index}`);
        // The stand-in rows are named `<class name>_<n>.<ext>`, with the extension of their format.
        expect(e.image.path?.replace(/_\d+\.\w+$/, ""), e.id).toBe(e.className);
        expect(path.extname(e.image.path ?? "").replace("jpg", "jpeg"), e.id).toBe(`.${e.image.format}`);
        if (e.image.format === "png")
          expect(pngSizeAgreesWithPixels(e.image.bytes, e.image.width ?? 0, e.image.height ?? 0), e.id).toBe(true);
      }
    }
  });
});

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Mirror, startMirror } from "@crucible/mirror";
import { DataFormatError, SchemaMismatchError } from "@crucible/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleFewShot, shuffledIndices } from "../sampling/sampling.js";
import { bmpImage, gifImage, jpegHeader, pngImage, webpHeader } from "../test-support/images.js";
import { type FixtureImageRow, imageParquet, readme, writeRepo } from "../test-support/fixture-repo.js";
import { caltech101, flowers102, oxfordPets, stanfordCars } from "./datasets.js";
import { loadImageClassification } from "./image-classification.js";

const CALTECH_NAMES = ["accordion", "airplanes", "background_google", "Faces_easy", "stop_sign"];
const PET_NAMES = ["Abyssinian", "american_bulldog", "Bengal"];
const FLOWER_NAMES = ["pink primrose", "hard-leaved pocket orchid", "canterbury bells"];
const CAR_NAMES = ["AM General Hummer SUV 2000", "Acura RL Sedan 2012"];

const caltechTrain: FixtureImageRow[] = [
  { bytes: pngImage(4, 3, 0), path: "accordion_0.png", label: 0 },
  { bytes: jpegHeader(640, 480), path: "Faces_easy_1.jpg", label: 3 },
  { bytes: gifImage(9, 2), path: "stop_sign_2.gif", label: 4 },
  { bytes: pngImage(2, 5, 1), path: null, label: 0 },
  { bytes: bmpImage(3, 3), path: "airplanes_4.bmp", label: 1 },
  { bytes: webpHeader("VP8 ", 550, 368), path: "background_5.webp", label: 2 },
  { bytes: pngImage(1, 1, 2), path: "accordion_6.png", label: 0 },
  { bytes: jpegHeader(78, 5620, { sof: 0xc2 }), path: "airplanes_7.jpg", label: 1 },
];

describe("vision loaders on a fixture Hub (self-contained)", () => {
  let root: string;
  let mirror: Mirror;
  let hub: { endpoint: string; cacheDir: string; processedDir: string; token: false; progress: false };

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "crucible-vision-fixture-"));
    writeRepo(root, "dpdl-benchmark/caltech101", {
      "README.md": readme(),
      "data/train-00000-of-00001.parquet": imageParquet(caltechTrain, CALTECH_NAMES),
      "data/test-00000-of-00001.parquet": imageParquet([{ bytes: pngImage(6, 6), path: "stop_sign_t0.png", label: 4 }], CALTECH_NAMES),
    });
    writeRepo(root, "dpdl-benchmark/oxford_flowers102", {
      "README.md": readme(),
      "data/train-00000-of-00001.parquet": imageParquet([{ bytes: jpegHeader(500, 667), path: "f0.jpg", label: 1 }], FLOWER_NAMES),
      "data/test-00000-of-00001.parquet": imageParquet([{ bytes: pngImage(3, 2), path: "f1.png", label: 2 }], FLOWER_NAMES),
    });
    // Class names only in the README's dataset_info (no Parquet metadata).
    writeRepo(root, "dpdl-benchmark/oxford_iiit_pet", {
      "README.md": readme(PET_NAMES),
      "data/train-00000-of-00001.parquet": imageParquet([
        { bytes: pngImage(2, 2), path: "Bengal_1.png", label: 2 },
        { bytes: jpegHeader(10, 20), path: "Abyssinian_2.jpg", label: 0 },
      ]),
      "data/test-00000-of-00001.parquet": imageParquet([{ bytes: pngImage(2, 2), path: "b.png", label: 1 }]),
    });
    writeRepo(root, "tanganke/stanford_cars", {
      "README.md": readme(),
      "data/train-00000-of-00001.parquet": imageParquet([{ bytes: jpegHeader(5620, 78), path: "car.jpg", label: 1 }], CAR_NAMES),
      "data/test-00000-of-00001.parquet": imageParquet([{ bytes: pngImage(8, 4), path: "car2.png", label: 0 }], CAR_NAMES),
    });
    writeRepo(root, "test/corrupt-image", {
      "README.md": readme(),
      "data/train-00000-of-00001.parquet": imageParquet(
        [
          { bytes: pngImage(2, 2), path: "ok.png", label: 0 },
          { bytes: pngImage(2, 2).subarray(0, 20), path: "cut.png", label: 0 },
        ],
        ["a"],
      ),
      "data/test-00000-of-00001.parquet": imageParquet([{ bytes: pngImage(2, 2), path: "ok.png", label: 5 }], ["a"]),
    });
    writeRepo(root, "test/no-classlabel", {
      "README.md": readme(),
      "data/train-00000-of-00001.parquet": imageParquet([{ bytes: pngImage(2, 2), path: "ok.png", label: 0 }]),
      "data/test-00000-of-00001.parquet": imageParquet([{ bytes: pngImage(2, 2), path: "ok.png", label: 0 }]),
    });
    mirror = await startMirror({ root });
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
    for (const dir of [root, hub?.cacheDir, hub?.processedDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("caltech101: every format's size from the bytes, ClassLabel names, ids, source and raw", async () => {
    const train = await caltech101(hub);
    expect(train.length).toBe(8);
    expect(train.toArray().map((e) => [e.image.format, e.image.width, e.image.height, e.label, e.className])).toEqual([
      ["png", 4, 3, 0, "accordion"],
      ["jpeg", 640, 480, 3, "Faces_easy"],
      ["gif", 9, 2, 4, "stop_sign"],
      ["png", 2, 5, 0, "accordion"],
      ["bmp", 3, 3, 1, "airplanes"],
      ["webp", 550, 368, 2, "background_google"],
      ["png", 1, 1, 0, "accordion"],
      ["jpeg", 78, 5620, 1, "airplanes"],
    ]);
    const first = train.at(0);
    expect(first?.id).toBe("dpdl-benchmark/caltech101/default/train/0");
    expect(first?.source).toMatchObject({ repo: "dpdl-benchmark/caltech101", config: "default", split: "train", index: 0 });
    expect(first?.image.path).toBe("accordion_0.png");
    expect(first?.image.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(first?.image.bytes ?? [])).toEqual(Array.from(caltechTrain[0]?.bytes ?? []));
    expect(first?.raw).toEqual({ label: 0, image: { path: "accordion_0.png" } });
    expect(train.at(3)?.image.path).toBeUndefined();
    const labelFeature = train.features?.label;
    expect(labelFeature?.kind === "class_label" ? labelFeature.names : undefined).toEqual(CALTECH_NAMES);
    const test = await caltech101({ ...hub, split: "test" });
    expect(test.toArray().map((e) => [e.id, e.className, e.image.width])).toEqual([
      ["dpdl-benchmark/caltech101/default/test/0", "stop_sign", 6],
    ]);
  });

  it("a second load reopens the mapped example store under processedDir (same rows, images not re-read)", async () => {
    const first = await caltech101({ ...hub, split: "train[2:6]" });
    // transformed stores are `tf-<fingerprint>` (and their `.meta` side store)
    const stores = () => readdirSync(path.join(hub.processedDir, "stores")).filter((d) => d.startsWith("tf-"));
    const before = stores();
    expect(before.length).toBeGreaterThan(0);
    const again = await caltech101({ ...hub, split: "train[2:6]" });
    expect(stores()).toEqual(before);
    expect(again.toArray().map((e) => [e.id, e.className, e.image.format, e.image.width, e.image.height, e.image.path ?? null])).toEqual(
      first.toArray().map((e) => [e.id, e.className, e.image.format, e.image.width, e.image.height, e.image.path ?? null]),
    );
    expect(again.at(0)?.id).toBe("dpdl-benchmark/caltech101/default/train/2");
    expect(again.at(0)?.image.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(again.at(0)?.image.bytes ?? [])).toEqual(Array.from(caltechTrain[2]?.bytes ?? []));
    // the whole split is mapped once: another slice of it is an index view over the same store
    const other = await caltech101({ ...hub, split: "train[:2]" });
    expect(stores()).toEqual(before);
    expect(other.toArray().map((e) => e.id)).toEqual([
      "dpdl-benchmark/caltech101/default/train/0",
      "dpdl-benchmark/caltech101/default/train/1",
    ]);
  });

  it("split strings: each row keeps its own split and index (ids as in the whole split)", async () => {
    const ds = await caltech101({ ...hub, split: "train[-2:]+test" });
    expect(ds.toArray().map((e) => [e.id, e.source?.split, e.source?.index, e.image.width])).toEqual([
      ["dpdl-benchmark/caltech101/default/train/6", "train", 6, 1],
      ["dpdl-benchmark/caltech101/default/train/7", "train", 7, 78],
      ["dpdl-benchmark/caltech101/default/test/0", "test", 0, 6],
    ]);
  });

  it("few-shot subset and training order follow the cookbook on a loaded split", async () => {
    const train = await caltech101(hub);
    // CPython: _sample_per_class with labels [0,3,4,0,1,2,0,1], k=1, subset_seed=0
    const few = sampleFewShot(train, 1);
    expect(few.toArray().map((e) => e.source?.index)).toEqual([0, 7, 5, 1, 2]);
    expect(shuffledIndices(few.length)).toEqual([2, 1, 0, 4, 3]);
  });

  it("flowers102, oxfordPets (names from README dataset_info) and stanfordCars", async () => {
    const flowers = await flowers102({ ...hub, split: "test" });
    expect(flowers.at(0)).toMatchObject({ className: "canterbury bells", label: 2, image: { format: "png", width: 3, height: 2 } });
    const pets = await oxfordPets(hub);
    expect(pets.toArray().map((e) => [e.className, e.image.format, e.image.width, e.image.height])).toEqual([
      ["Bengal", "png", 2, 2],
      ["Abyssinian", "jpeg", 10, 20],
    ]);
    const cars = await stanfordCars(hub);
    expect(cars.at(0)).toMatchObject({
      id: "tanganke/stanford_cars/default/train/0",
      className: "Acura RL Sedan 2012",
      image: { width: 5620, height: 78 },
    });
  });

  it("a truncated image throws DataFormatError naming repo, row and field; so does a label outside the names", async () => {
    const error = await loadImageClassification("test/corrupt-image", hub).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).location).toMatchObject({ repo: "test/corrupt-image", row: 1, field: "image.bytes" });
    expect((error as Error).message).toMatch(/truncated png/);
    await expect(loadImageClassification("test/corrupt-image", { ...hub, split: "test" })).rejects.toThrow(
      /label 5 is not a class index in \[0, 1\)/,
    );
  });

  it("a label column without ClassLabel names throws SchemaMismatchError", async () => {
    await expect(loadImageClassification("test/no-classlabel", hub)).rejects.toBeInstanceOf(SchemaMismatchError);
  });
});

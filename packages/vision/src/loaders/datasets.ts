import type { Dataset } from "@crucible/core";
import type { ImageExample } from "@crucible/types";
import { type ImageDatasetOptions, loadImageClassification } from "./image-classification.js";

/** Hub id of Caltech101 as the cookbook loads it. */
export const CALTECH101_REPO = "dpdl-benchmark/caltech101";
/** Hub id of Oxford Flowers102 as the cookbook loads it. */
export const FLOWERS102_REPO = "dpdl-benchmark/oxford_flowers102";
/** Hub id of Oxford-IIIT Pet as the cookbook loads it. */
export const OXFORD_PETS_REPO = "dpdl-benchmark/oxford_iiit_pet";
/** Hub id of Stanford Cars as the cookbook loads it. */
export const STANFORD_CARS_REPO = "tanganke/stanford_cars";

/**
 * Loads `dpdl-benchmark/caltech101` (102 classes; splits train, test) as {@link ImageExample}s in Hub row order.
 * `className` is the ClassLabel name as stored (see `cookbookClassName` for the cookbook's cleaned form); the image
 * keeps its encoded bytes and gets `format`, `width` and `height` from its header.
 * @param options - `split` (default `"train"`), Hub options (`endpoint`, `token`, `cacheDir`, `processedDir`, `offline`, `revision`, …).
 * @returns Dataset with `id` = `dpdl-benchmark/caltech101/default/<split>/<index>`.
 * @throws SchemaMismatchError when `label` is not a ClassLabel; DataFormatError on an unreadable image or a bad label; Hub errors.
 */
export function caltech101(options: ImageDatasetOptions = {}): Promise<Dataset<ImageExample>> {
  return loadImageClassification(CALTECH101_REPO, options);
}

/**
 * Loads `dpdl-benchmark/oxford_flowers102` (102 classes; splits train, validation, test; the cookbook uses train
 * and test) as {@link ImageExample}s in Hub row order.
 * @param options - `split` (default `"train"`), Hub options.
 * @returns Dataset with `id` = `dpdl-benchmark/oxford_flowers102/default/<split>/<index>`.
 * @throws SchemaMismatchError when `label` is not a ClassLabel; DataFormatError on an unreadable image or a bad label; Hub errors.
 */
export function flowers102(options: ImageDatasetOptions = {}): Promise<Dataset<ImageExample>> {
  return loadImageClassification(FLOWERS102_REPO, options);
}

/**
 * Loads `dpdl-benchmark/oxford_iiit_pet` (37 classes; splits train, test) as {@link ImageExample}s in Hub row order.
 * @param options - `split` (default `"train"`), Hub options.
 * @returns Dataset with `id` = `dpdl-benchmark/oxford_iiit_pet/default/<split>/<index>`.
 * @throws SchemaMismatchError when `label` is not a ClassLabel; DataFormatError on an unreadable image or a bad label; Hub errors.
 */
export function oxfordPets(options: ImageDatasetOptions = {}): Promise<Dataset<ImageExample>> {
  return loadImageClassification(OXFORD_PETS_REPO, options);
}

/**
 * Loads `tanganke/stanford_cars` (196 classes, names like `AM General Hummer SUV 2000`; splits train, test) as
 * {@link ImageExample}s in Hub row order.
 * @param options - `split` (default `"train"`), Hub options.
 * @returns Dataset with `id` = `tanganke/stanford_cars/default/<split>/<index>`.
 * @throws SchemaMismatchError when `label` is not a ClassLabel; DataFormatError on an unreadable image or a bad label; Hub errors.
 */
export function stanfordCars(options: ImageDatasetOptions = {}): Promise<Dataset<ImageExample>> {
  return loadImageClassification(STANFORD_CARS_REPO, options);
}

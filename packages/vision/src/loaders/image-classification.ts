import type { Dataset } from "@crucible/core";
import { type LoadDatasetOptions, loadDataset } from "@crucible/hub";
import { type ClassLabelFeature, DataFormatError, type ImageExample, SchemaMismatchError } from "@crucible/types";
import { imageInfo } from "../image-info.js";

/** Options of every image-classification loader: Hub options plus the split to load. */
export interface ImageDatasetOptions extends Omit<LoadDatasetOptions, "streaming" | "config" | "split" | "dataDir" | "dataFiles"> {
  /** Split or split string (`train`, `test`, `train[:10%]`). Default `"train"`. */
  split?: string;
  /** Config name. Default: the repo's default config (`default` for the four cookbook repos). */
  config?: string;
}

type Row = Record<string, unknown>;

/**
 * Loads one split of an image-classification repo with an `image` column (HF `Image`: `{ bytes, path }`) and a
 * `label` column (HF `ClassLabel`) as {@link ImageExample}s. Shared by the four named loaders. @internal
 */
export async function loadImageClassification(repo: string, options: ImageDatasetOptions = {}): Promise<Dataset<ImageExample>> {
  const { split = "train", ...hub } = options;
  const rows = await loadDataset(repo, { ...hub, split });
  const config = options.config ?? rows.info.config ?? "default";
  const revision = rows.info.revision;
  const label = rows.features?.label;
  if (label?.kind !== "class_label") {
    throw new SchemaMismatchError(
      `${repo} split ${split}: the "label" column is ${label ? `a ${label.kind} feature` : "missing from the features"}, expected a ClassLabel`,
      { repo, ...(revision ? { revision } : {}), field: "label", hint: "the class names come from the Parquet `huggingface` metadata or the README dataset_info" },
    );
  }
  const classes: ClassLabelFeature = label;
  return rows.map(
    (row: Row, index: number): ImageExample => toExample(row, index, { repo, config, split, ...(revision ? { revision } : {}) }, classes),
    rows.features ? { features: rows.features } : {},
  ) as unknown as Dataset<ImageExample>;
}

interface Where {
  repo: string;
  config: string;
  split: string;
  revision?: string;
}

function toExample(row: Row, index: number, where: Where, classes: ClassLabelFeature): ImageExample {
  const loc = { repo: where.repo, ...(where.revision ? { revision: where.revision } : {}), row: index };
  const cell = row.image;
  if (cell === null || typeof cell !== "object" || !((cell as Row).bytes instanceof Uint8Array)) {
    throw new DataFormatError(`${where.repo} ${where.split} row ${index}: the image cell has no bytes (only embedded images are supported)`, {
      ...loc,
      field: "image",
      hint: "images stored as a path without bytes are not supported",
    });
  }
  const bytes = (cell as Row).bytes as Uint8Array;
  const path = (cell as Row).path;
  const info = imageInfo(bytes, { ...loc, field: "image.bytes" });
  const value = row.label;
  const labelIndex = typeof value === "bigint" ? Number(value) : value;
  if (typeof labelIndex !== "number" || !Number.isInteger(labelIndex) || labelIndex < 0 || labelIndex >= classes.names.length) {
    throw new DataFormatError(
      `${where.repo} ${where.split} row ${index}: label ${String(value)} is not a class index in [0, ${classes.names.length})`,
      { ...loc, field: "label" },
    );
  }
  return {
    id: `${where.repo}/${where.config}/${where.split}/${index}`,
    image: { bytes, ...(typeof path === "string" ? { path } : {}), format: info.format, width: info.width, height: info.height },
    label: labelIndex,
    className: classes.names[labelIndex] as string,
    source: { repo: where.repo, config: where.config, split: where.split, index, ...(where.revision ? { revision: where.revision } : {}) },
    // The raw row without a second copy of the image bytes (they are `image.bytes`).
    raw: { label: value, image: { path: typeof path === "string" ? path : null } },
  };
}

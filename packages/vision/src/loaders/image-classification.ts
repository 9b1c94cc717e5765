import { concatenateDatasets, type Dataset, parseSplit, resolveSplit, Transform, type TransformedDataset } from "@crucible/core";
import { type LoadDatasetOptions, loadTransformed } from "@crucible/hub";
import { type ClassLabelFeature, DataFormatError, type Features, type ImageExample, SchemaMismatchError } from "@crucible/types";
import { imageInfo } from "../image-info.js";
import type { Row } from "@crucible/types";

/** Options of every image-classification loader: Hub options plus the split to load. */
export interface ImageDatasetOptions extends Omit<LoadDatasetOptions, "streaming" | "config" | "split" | "dataDir" | "dataFiles"> {
  /**
   * Split or split string (`train`, `test`, `train[:10%]`, `train[-2:]+test`). Default `"train"`. Rows of a slice keep
   * their split name and their index in the whole split (`source`, `id`).
   */
  split?: string;
  /** Config name. Default: the repo's default config (`default` for the four cookbook repos). */
  config?: string;
}

/** Version of the mapped example rows; bump when {@link toExample} changes what it produces. */
const TRANSFORM_VERSION = 2;

/**
 * Loads one split of an image-classification repo with an `image` column (HF `Image`: `{ bytes, path }`) and a
 * `label` column (HF `ClassLabel`) as {@link ImageExample}s. Shared by the four named loaders. Each split is
 * mapped once through hub's `loadTransformed` into a row store beside it and reopened on the next load without
 * re-reading any image. @internal
 */
export async function loadImageClassification(repo: string, options: ImageDatasetOptions = {}): Promise<Dataset<ImageExample>> {
  const { split = "train", ...hub } = options;
  // Each split named in the split string is loaded whole, so that `source.split` / `source.index` (and the id) are
  // the row's own split and its index there, also for `train[10:20]` or `train+test`.
  const names = [...new Set(parseSplit(split).map((term) => term.split))];
  const full = new Map<string, TransformedDataset<ImageExample>>();
  for (const name of names) {
    const out = await loadTransformed<ImageExample>(
      repo,
      { ...hub, split: name },
      (info, features) => {
        const config = options.config ?? info.config ?? "default";
        const revision = info.revision;
        const classes = classLabelOf(features, repo, split, revision);
        const where: Where = { repo, config, split: name, ...(revision ? { revision } : {}) };
        return Transform.rows<Row>().map((row, ctx) => toExample(row, ctx.index, where, classes));
      },
      {
        name: "vision.imageClassification",
        version: TRANSFORM_VERSION,
        params: { config: options.config ?? null },
        features: (source) => source,
      },
    );
    full.set(name, out);
  }
  const lengths = Object.fromEntries([...full].map(([name, out]) => [name, out.source.length]));
  const parts = resolveSplit(split, lengths).map(({ split: name, start, end }) => {
    const out = full.get(name) as TransformedDataset<ImageExample>;
    const count = Math.max(0, end - start);
    if (start === 0 && count === out.source.length) return out.dataset(out.source.info);
    return out.inOrder(
      Uint32Array.from({ length: count }, (_, k) => start + k),
      out.source.info,
    );
  });
  return parts.length === 1 ? (parts[0] as Dataset<ImageExample>) : concatenateDatasets(parts);
}

function classLabelOf(features: Features | undefined, repo: string, split: string, revision: string | undefined): ClassLabelFeature {
  const label = features?.label;
  if (label?.kind !== "class_label") {
    throw new SchemaMismatchError(
      `${repo} split ${split}: the "label" column is ${label ? `a ${label.kind} feature` : "missing from the features"}, expected a ClassLabel`,
      {
        repo,
        ...(revision ? { revision } : {}),
        field: "label",
        hint: "the class names come from the Parquet `huggingface` metadata or the README dataset_info",
      },
    );
  }
  return label;
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
    throw new DataFormatError(
      `${where.repo} ${where.split} row ${index}: the image cell has no bytes (only embedded images are supported)`,
      {
        ...loc,
        field: "image",
        hint: "images stored as a path without bytes are not supported",
      },
    );
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

import { createHash } from "node:crypto";
import path from "node:path";
import { concatenateDatasets, type Dataset, parseSplit, resolveSplit } from "@crucible/core";
import { type LoadDatasetOptions, loadDataset } from "@crucible/hub";
import { type ClassLabelFeature, DataFormatError, type ImageExample, SchemaMismatchError } from "@crucible/types";
import { imageInfo } from "../image-info.js";

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

type Row = Record<string, unknown>;

/** Version of the mapped example rows; bump when {@link toExample} changes what it produces. */
const STORE_FORMAT = "vision-examples-1";

/**
 * Loads one split of an image-classification repo with an `image` column (HF `Image`: `{ bytes, path }`) and a
 * `label` column (HF `ClassLabel`) as {@link ImageExample}s. Shared by the four named loaders. @internal
 */
export async function loadImageClassification(repo: string, options: ImageDatasetOptions = {}): Promise<Dataset<ImageExample>> {
  const { split = "train", ...hub } = options;
  // Each split named in the split string is loaded whole, so that `source.split` / `source.index` (and the id) are
  // the row's own split and its index there, also for `train[10:20]` or `train+test`.
  const names = [...new Set(parseSplit(split).map((term) => term.split))];
  const full = new Map<string, Dataset<Row>>();
  for (const name of names) full.set(name, await loadDataset(repo, { ...hub, split: name }));
  const lengths = Object.fromEntries([...full].map(([name, ds]) => [name, ds.length]));
  const first = full.get(names[0] as string) as Dataset<Row>;
  const config = options.config ?? first.info.config ?? "default";
  const revision = first.info.revision;
  const label = first.features?.label;
  if (label?.kind !== "class_label") {
    throw new SchemaMismatchError(
      `${repo} split ${split}: the "label" column is ${label ? `a ${label.kind} feature` : "missing from the features"}, expected a ClassLabel`,
      { repo, ...(revision ? { revision } : {}), field: "label", hint: "the class names come from the Parquet `huggingface` metadata or the README dataset_info" },
    );
  }
  const classes: ClassLabelFeature = label;
  const parts = resolveSplit(split, lengths).map(({ split: name, start, end }) => {
    const rows = full.get(name) as Dataset<Row>;
    const count = Math.max(0, end - start);
    const slice = start === 0 && count === rows.length ? rows : rows.select(Array.from({ length: count }, (_, k) => start + k));
    const where: Where = { repo, config, split: name, ...(revision ? { revision } : {}) };
    // A disk-backed split is mapped into a second on-disk store; with a fingerprint of exactly these rows (the hub
    // store's fingerprint and the row range) a later load reopens it instead of re-reading every image.
    const reuse =
      (options.store ?? "disk") === "disk" && rows.info.fingerprint !== undefined
        ? `${STORE_FORMAT}-${createHash("sha256").update(JSON.stringify([repo, revision ?? null, config, name, start, count, rows.info.fingerprint])).digest("hex").slice(0, 40)}`
        : undefined;
    return slice.map((row: Row, k: number): ImageExample => toExample(row, start + k, where, classes), {
      ...(rows.features ? { features: rows.features } : {}),
      ...(reuse ? { fingerprint: reuse, ...(options.processedDir ? { storeDir: path.join(options.processedDir, "stores", reuse) } : {}) } : {}),
    }) as unknown as Dataset<ImageExample>;
  });
  return parts.length === 1 ? (parts[0] as Dataset<ImageExample>) : concatenateDatasets(parts);
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

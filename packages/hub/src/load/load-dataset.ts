import type { Features } from "@crucible/types";
import pLimit from "p-limit";
import { downloadFile } from "../download/file.js";
import { featuresFromLocalParquet } from "./features.js";
import {
  concatDatasets,
  type DatasetDictLike,
  type DatasetLike,
  datasetDict,
  datasetFromBatches,
  readLocalFile,
  resolveSplitString,
  type Row,
  sliceDataset,
} from "./core-adapter.js";
import { type LoadOptions, planLoad } from "./resolve-for-load.js";

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions extends LoadOptions {
  /** Stream instead of downloading (use {@link streamDataset}); must be false here. Default: false. */
  streaming?: false;
  /** Where rows live: "auto" (memory when small, on-disk row store when large), "memory" or "disk". Default: "auto". */
  store?: "auto" | "memory" | "disk";
  /** Parallel file downloads. Default: 4. */
  concurrency?: number;
}

/**
 * Loads a Hub dataset the way Python `datasets.load_dataset` does, with the same configs, splits, files, row order
 * and row counts: the revision is resolved to a commit once, the config's files are resolved (README `configs:`,
 * automatic split patterns, or the parquet export), only the asked splits' files are downloaded into the HF cache
 * (huggingface_hub layout, shared with Python), then read with the core readers. ClassLabel features are kept.
 * A warm or offline (`HF_HUB_OFFLINE=1` / `offline: true`) load sends no request beyond (online) the revision check.
 * @param repo - Dataset repo id, e.g. `openai/gsm8k`.
 * @param options - See {@link LoadDatasetOptions}. With `split` a Dataset comes back (split strings with slices,
 *   percents and `+` work), without it a DatasetDict of every split.
 * @throws ConfigNotFoundError (lists configs), SplitNotFoundError (lists splits), SplitSyntaxError, Hub errors,
 *   OfflineCacheMissError.
 */
export async function loadDataset(repo: string, options: LoadDatasetOptions & { split: string }): Promise<DatasetLike<Row>>;
export async function loadDataset(repo: string, options?: LoadDatasetOptions): Promise<DatasetDictLike<Row>>;
export async function loadDataset(repo: string, options: LoadDatasetOptions = {}): Promise<DatasetLike<Row> | DatasetDictLike<Row>> {
  const { config, splits } = await planLoad(repo, options);
  const limit = pLimit(options.concurrency ?? 4);
  // Download every needed file (in parallel), keeping split and file order.
  const local = new Map<string, string[]>();
  await Promise.all(
    splits.map(async (split) => {
      const files = config.splits[split] ?? [];
      local.set(split, await Promise.all(files.map((f) => limit(() => downloadFile(repo, f.path, { ...options, revision: config.sha })))));
    }),
  );
  let features: Features | undefined = config.features;
  if (features === undefined) {
    for (const split of splits) {
      const files = config.splits[split] ?? [];
      const idx = files.findIndex((f) => f.format === "parquet");
      const p = local.get(split)?.[idx];
      if (idx >= 0 && p) {
        features = await featuresFromLocalParquet(p).catch(() => undefined);
        break;
      }
    }
  }
  const datasets = new Map<string, DatasetLike<Row>>();
  for (const split of splits) {
    const files = config.splits[split] ?? [];
    const paths = local.get(split) ?? [];
    async function* batches(): AsyncGenerator<Row[]> {
      for (let i = 0; i < files.length; i++) {
        const f = files[i] as (typeof files)[number];
        yield* readLocalFile(paths[i] as string, f.format, f.path);
      }
    }
    const info = { repo, config: config.config, split, revision: config.sha };
    datasets.set(split, await datasetFromBatches(batches(), { ...(features ? { features } : {}), info, ...(options.store ? { store: options.store } : {}) }));
  }
  if (options.split === undefined) return datasetDict([...datasets.entries()]);
  const lengths: Record<string, number> = {};
  for (const [s, d] of datasets) lengths[s] = d.length;
  const slices = resolveSplitString(options.split, lengths);
  const parts = slices.map((s) => sliceDataset(datasets.get(s.split) as DatasetLike<Row>, s.start, s.end));
  return concatDatasets(parts, { repo, config: config.config, split: options.split, revision: config.sha });
}

import { CrucibleError, InvalidArgumentError } from "@crucible/types";
import { downloadFile } from "../download/file.js";
import { openRemoteFile, streamFile } from "../download/remote.js";
import { resolveHubConfig } from "../env/config.js";
import { parquetFileFeatures } from "../resolve/api.js";
import type { DataFile, ResolvedConfig } from "../resolve/resolve.js";
import { readParquet, type IterableDataset, type ReadParquetOptions } from "@crucible/core";
import { iterableFromShards, readerKwargs, readLocalFile, type Row } from "../load/core-adapter.js";
import { type LoadOptions, planLoad } from "../load/resolve-for-load.js";
import { streamJsonlRows } from "./jsonl-stream.js";

/** Options of {@link streamDataset}. */
export interface StreamDatasetOptions extends LoadOptions {
  /** Most rows per internal batch (the first batch is what the first Parquet pages hold). Default: 1000. */
  batchRows?: number;
  /** Parquet columns to read. Default: all. */
  columns?: string[];
}

/** Split name → IterableDataset, when no split is given (Python's IterableDatasetDict). */
export interface IterableDatasetDict<T = Row> {
  /** Split names in order. */
  readonly splits: string[];
  /** The IterableDataset of one split. */
  get(split: string): IterableDataset<T>;
}

/** core's page-by-page Parquet reader, tuned for the first rows (see `ReadParquetOptions.streaming`). */
function parquetOptions(file: DataFile, options: StreamDatasetOptions): ReadParquetOptions {
  return {
    name: file.path,
    streaming: true,
    batchRows: options.batchRows ?? 1000,
    ...(options.columns ? { columns: options.columns } : {}),
  };
}

function shardFor(repo: string, config: ResolvedConfig, file: DataFile, options: StreamDatasetOptions): () => AsyncIterable<Row> {
  const hub = resolveHubConfig(options);
  return async function* () {
    let batches: AsyncIterable<Row[]>;
    if (hub.offline) {
      // Offline: the file must be in the HF cache (zero network calls); read it locally.
      const local = await downloadFile(repo, file.path, { ...options, revision: config.sha });
      batches =
        file.format === "parquet"
          ? readParquet(local, parquetOptions(file, options))
          : readLocalFile(local, file.format, file.path, readerKwargs(config.builderKwargs));
    } else if (file.format === "parquet") {
      const remote = await openRemoteFile(repo, file.path, { ...options, revision: config.sha, ...(file.size ? { size: file.size } : {}) });
      batches = readParquet(remote.buffer, parquetOptions(file, options));
    } else if (
      file.format === "json" &&
      /\.(jsonl|ndjson)(\.|$)/.test(file.path) &&
      readerKwargs(config.builderKwargs).field === undefined
    ) {
      batches = streamJsonlRows(streamFile(repo, file.path, { ...options, revision: config.sha }), file.path, options.batchRows);
    } else {
      const local = await downloadFile(repo, file.path, { ...options, revision: config.sha });
      batches = readLocalFile(local, file.format, file.path, readerKwargs(config.builderKwargs));
    }
    for await (const b of batches) yield* b;
  };
}

/**
 * Streams a Hub dataset without downloading it (Python `load_dataset(..., streaming=True)`): one shard per data file,
 * Parquet read over HTTP Range requests page by page (the first rows of a large file cost its footer plus the first
 * page of each column), JSON Lines (also .gz) line by line over one GET that resumes after a dropped connection.
 * Offline, files are read from the HF cache.
 * @param repo - Dataset repo id.
 * @param options - See {@link StreamDatasetOptions}. `split` must be a plain split name; without it a dict of
 *   IterableDatasets comes back.
 * @throws ConfigNotFoundError, SplitNotFoundError, InvalidArgumentError for a sliced split string, Hub errors.
 */
export async function streamDataset(repo: string, options: StreamDatasetOptions & { split: string }): Promise<IterableDataset<Row>>;
export async function streamDataset(repo: string, options?: StreamDatasetOptions): Promise<IterableDatasetDict<Row>>;
export async function streamDataset(
  repo: string,
  options: StreamDatasetOptions = {},
): Promise<IterableDataset<Row> | IterableDatasetDict<Row>> {
  if (options.split !== undefined && !/^\s*\w+(\.\w+)*\s*$/.test(options.split)) {
    throw new InvalidArgumentError(`Streaming takes a plain split name, got "${options.split}"`, {
      repo,
      hint: "Use .take(n)/.skip(n) on the stream, or loadDataset for split slices",
    });
  }
  const { config, splits } = await planLoad(repo, options);
  let features = config.features;
  if (features === undefined) {
    // Like Python's streaming info: features from the first Parquet file's footer (the cached copy offline).
    const first = splits.flatMap((s) => config.splits[s] ?? []).find((f) => f.format === "parquet");
    if (first) features = await parquetFileFeatures(config, first.path, options).catch(() => undefined);
  }
  const make = (split: string) =>
    iterableFromShards(
      (config.splits[split] ?? []).map((f) => shardFor(repo, config, f, options)),
      { ...(features ? { features } : {}), info: { repo, config: config.config, split, revision: config.sha } },
    );
  if (options.split !== undefined) return make(splits[0] as string);
  const map = new Map(splits.map((s) => [s, make(s)]));
  return {
    splits,
    get(split: string) {
      const d = map.get(split);
      if (!d)
        throw new CrucibleError("SPLIT_NOT_FOUND", `Unknown split "${split}"`, { repo, hint: `Available splits: ${splits.join(", ")}` });
      return d;
    },
  };
}

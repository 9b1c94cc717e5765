import { join } from "node:path";
import { type Features, InvalidArgumentError } from "@crucible/types";
import { cacheKey } from "../cache/fingerprint.js";
import type { Dataset } from "../dataset/dataset.js";
import { RowSink, type StoreMode } from "../dataset/sink.js";
import { StoreSource, type RowSource } from "../dataset/source.js";
import { anonymousStoreDir, defaultStoreRoot } from "../store/paths.js";
import { RowStore, RowStoreWriter, sourceRowOf, type DatasetInfo } from "../store/row-store.js";
import { PassRecorder, type PassResult, type TransformFeed } from "./pass.js";
import { evaluateRow } from "./run.js";
import type { Transform } from "./transform.js";
import { attachRaw, RecomputedSource, type SkipRecord, TransformedDataset } from "./transformed.js";

/** Options of {@link transformDataset}. */
export interface TransformDatasetOptions {
  /** Name of the transform: part of the fingerprint and of error messages (e.g. `gsm8k`). */
  name: string;
  /** Version of the transform's code: bump it whenever its output changes, so stored outputs are rebuilt. */
  version: string | number;
  /** Anything else the output depends on (options, seeds): canonical JSON, part of the fingerprint. Default none. */
  params?: unknown;
  /**
   * Attach the source row to each output under this key on access (an enumerable, lazily read property), instead
   * of storing it. Default: none.
   */
  rawField?: string;
  /**
   * Where the outputs go: `"disk"` (a row store reopened by fingerprint on the next run), `"memory"`, or `"auto"`
   * (memory until large, not reused). Default `"disk"` when the source is disk-backed and has a fingerprint, else
   * `"memory"`.
   */
  store?: StoreMode;
  /** Directory holding the stores (`<root>/<fingerprint>` and `<root>/<fingerprint>.meta`). Default core's `defaultStoreRoot()`. */
  storeRoot?: string;
  /** Info of the output datasets. Default: the source's info without fingerprint and source ranges. */
  info?: DatasetInfo;
  /** Features of the outputs. Default none. */
  features?: Features;
  /**
   * How outputs are kept: `"store"` writes each output to the row store; `"recompute"` stores only which source rows
   * produced outputs (4 bytes each, and the skips) and computes an output again from its source row on access — no
   * second copy of the data, the cheaper choice when the transform costs less than encoding its output (parsing,
   * extracting, renaming). Steps must then be pure functions of (row, context). Default: `"recompute"` when the
   * source is disk-backed and the pipeline has no `group` step, else `"store"`.
   */
  outputs?: "store" | "recompute";
  /**
   * Fingerprint of the source when its `info` has none (e.g. a slice of a split, whose content the caller can name
   * by repo, commit and split string). Default: `source.info.fingerprint`.
   */
  sourceFingerprint?: string;
  /**
   * A pass already run while the source was being decoded (see {@link TransformFeed}): used instead of reading the
   * source again when it saw exactly the source's rows without an error, with this same `transform`, and the
   * outputs are recomputed. Default none.
   */
  feed?: TransformFeed;
}

/** Meta-store records: a chunk of output positions, or a skip. */
type MetaRecord = { k: "p"; b: Uint8Array } | { k: "s"; p: number; r: string; d?: string; x?: Record<string, unknown> };

const POSITION_CHUNK = 1 << 16;
/** Rows between yields to the event loop during a build (lets the store's thread-pool writes complete). */
const YIELD_EVERY = 8192;

/** Bump when the stored layout of transformed outputs changes. */
const LAYOUT = "transform-2";

/**
 * The fingerprint of `transform`'s outputs over a source with fingerprint `sourceFingerprint`.
 * @returns `tf-` and 40 hex characters.
 */
export function transformFingerprint(
  sourceFingerprint: string,
  options: Pick<TransformDatasetOptions, "name" | "version" | "params" | "rawField" | "outputs">,
): string {
  const key = cacheKey({
    sourceRevision: sourceFingerprint,
    files: [],
    transform: `${LAYOUT}:${options.name}`,
    codeVersion: String(options.version),
    extra: { params: options.params ?? null, rawField: options.rawField ?? null, outputs: options.outputs ?? "store" },
  });
  return `tf-${key.slice(0, 40)}`;
}

function defaultInfo(source: Dataset<unknown>): DatasetInfo {
  const { fingerprint: _f, sourceRanges: _r, ...rest } = source.info;
  return rest;
}

/** What a reopen finds: the positions, skips, info and features from the meta store (and the output store). */
interface Reopened {
  outputs: RowStore | undefined;
  positions: Uint32Array;
  skips: SkipRecord[];
  info: DatasetInfo;
  features: Features | undefined;
}

/**
 * Reopens a finished transform: the meta store (and, with `withOutputs`, the output store) complete with this
 * fingerprint and consistent counts; else undefined (the caller rebuilds).
 */
function reopen(dir: string, metaDir: string, fingerprint: string, withOutputs: boolean): Reopened | undefined {
  if (!RowStore.isValid(metaDir, fingerprint) || (withOutputs && !RowStore.isValid(dir, fingerprint))) return undefined;
  const meta = RowStore.open(metaDir);
  const outputs = withOutputs ? RowStore.open(dir) : undefined;
  try {
    const chunks: Uint32Array[] = [];
    let total = 0;
    const raw: Array<Extract<MetaRecord, { k: "s" }>> = [];
    for (let i = 0; i < meta.numRows; i++) {
      const rec = meta.get(i) as MetaRecord;
      if (rec.k === "p") {
        const chunk = new Uint32Array(rec.b.buffer.slice(rec.b.byteOffset, rec.b.byteOffset + rec.b.byteLength));
        chunks.push(chunk);
        total += chunk.length;
      } else raw.push(rec);
    }
    if (outputs !== undefined && total !== outputs.numRows) {
      outputs.close();
      return undefined;
    }
    const positions = new Uint32Array(total);
    let filled = 0;
    for (const c of chunks) {
      positions.set(c, filled);
      filled += c.length;
    }
    return { outputs, positions, skips: raw.map(toSkip), info: meta.manifest.info ?? {}, features: meta.manifest.features };
  } catch {
    outputs?.close();
    return undefined;
  } finally {
    meta.close();
  }
}

/** The feed's pass when it applies to this transform and source (same pipeline, same split, every row seen). */
function fedResult(feed: TransformFeed | undefined, transform: Transform<unknown, unknown>, src: Dataset<unknown>): PassResult | undefined {
  if (feed === undefined || feed.transform !== transform) return undefined;
  if (src.info.sourceRanges !== undefined || feed.info.split !== src.info.split || feed.info.sourceRanges !== undefined) return undefined;
  return feed.resultFor(src.length);
}

/** Which output of its source row output i is, from the positions (0 unless a flatMap made several). */
function nthOf(positions: Uint32Array): (i: number) => number {
  return (i) => {
    const p = positions[i];
    let k = 0;
    while (i - k - 1 >= 0 && positions[i - k - 1] === p) k++;
    return k;
  };
}

function toSkip(r: Extract<MetaRecord, { k: "s" }>): SkipRecord {
  // The row's split and index are stored beside the step's own data (under reserved keys).
  const { __split, __index, ...data } = (r.x ?? {}) as { __split?: string; __index?: number } & Record<string, unknown>;
  return {
    position: r.p,
    split: __split,
    index: __index ?? r.p,
    reason: r.r,
    ...(r.d !== undefined ? { detail: r.d } : {}),
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
}

/**
 * Runs `transform` over every row of `source` in order, streaming the outputs into a row store (or memory), and
 * returns them with their source positions and the skipped rows. With a disk store the outputs are keyed by
 * {@link transformFingerprint} (source fingerprint + name + version + params): a later call with the same key
 * reopens them without reading the source or running the transform. Writes are atomic: a crash or a throwing
 * transform never leaves a store that is reused.
 * @param source - The input rows (e.g. a split from `loadDataset`).
 * @param transform - The pipeline (see {@link Transform}).
 * @param options - See {@link TransformDatasetOptions}.
 * @throws TransformError naming the source row when a step throws something other than a CrucibleError (those
 *   pass through unchanged); CrucibleError("STORE") when the store cannot be written.
 */
export async function transformDataset<In, Out>(
  source: Dataset<In>,
  transform: Transform<In, Out>,
  options: TransformDatasetOptions,
): Promise<TransformedDataset<Out>> {
  const src = source as Dataset<unknown>;
  const sourceFp = options.sourceFingerprint ?? src.info.fingerprint;
  const mode: StoreMode = options.store ?? (src.onDisk && sourceFp !== undefined ? "disk" : "memory");
  const groups = transform.steps.some((step) => step.kind === "group");
  const outputsMode = options.outputs ?? (src.onDisk && !groups ? "recompute" : "store");
  if (outputsMode === "recompute" && groups) {
    throw new InvalidArgumentError(`transformDataset("${options.name}"): outputs "recompute" needs a pipeline without group steps`);
  }
  const recompute = outputsMode === "recompute";
  const keyed = { ...options, outputs: outputsMode };
  const fingerprint = mode === "disk" && sourceFp !== undefined ? transformFingerprint(sourceFp, keyed) : undefined;
  const root = options.storeRoot ?? defaultStoreRoot();
  const dir = fingerprint !== undefined ? join(root, fingerprint) : mode === "memory" || recompute ? "" : anonymousStoreDir(root);
  const metaDir = `${dir}.meta`;
  const baseInfo = options.info ?? defaultInfo(src);
  const info: DatasetInfo = fingerprint !== undefined ? { ...baseInfo, fingerprint } : baseInfo;
  const common = { source: src, rawField: options.rawField, fingerprint };
  const recomputed = (positions: Uint32Array): RowSource<Out> => {
    const compute = (row: unknown, position: number): unknown[] => {
      const where = sourceRowOf(src.info, position);
      const outs = evaluateRow(transform.steps, row, { position, split: where.split, index: where.index });
      if (options.rawField !== undefined) for (const out of outs) attachRaw(out, options.rawField, () => row);
      return outs;
    };
    const flat = transform.steps.some((step) => step.kind === "flatMap");
    return new RecomputedSource<Out>(positions, src, compute, flat ? nthOf(positions) : () => 0);
  };

  if (fingerprint !== undefined) {
    const hit = reopen(dir, metaDir, fingerprint, !recompute);
    if (hit) {
      return new TransformedDataset<Out>({
        ...common,
        outputs: hit.outputs !== undefined ? new StoreSource<Out>(hit.outputs) : recomputed(hit.positions),
        positions: hit.positions,
        skips: hit.skips,
        features: hit.features,
        info: hit.info,
        reused: true,
      });
    }
  }

  const sink = recompute
    ? undefined
    : new RowSink<Out>(
        mode,
        { storeDir: dir, ...(fingerprint !== undefined ? { fingerprint } : {}) },
        { ...(options.features ? { features: options.features } : {}), info },
        { asyncWrites: true },
      );
  let meta: RowStoreWriter | undefined;
  try {
    const fed = recompute ? fedResult(options.feed, transform as Transform<unknown, unknown>, src) : undefined;
    let pass: PassResult;
    if (fed !== undefined) pass = fed;
    else {
      const recorder = new PassRecorder(
        transform as Transform<unknown, unknown>,
        src.info,
        { name: options.name },
        sink ? (value) => sink.push(value as Out) : undefined,
      );
      for (const row of src) {
        recorder.push(row);
        if (recorder.count % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      pass = recorder.end();
    }
    const { positions: pos, skips } = pass;
    await sink?.drain();
    let outputs: RowSource<Out>;
    if (fingerprint !== undefined) {
      // The outputs first, the meta store last: a reopen needs both, so a crash in between only costs a rebuild.
      meta = RowStoreWriter.create(metaDir, {
        fingerprint,
        fsync: true,
        info,
        ...(options.features !== undefined ? { features: options.features } : {}),
      });
      for (let k = 0; k < pos.length; k += POSITION_CHUNK) {
        const chunk = pos.subarray(k, Math.min(pos.length, k + POSITION_CHUNK));
        meta.append({ k: "p", b: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) });
      }
      for (const s of skips) {
        const x = { ...(s.data ?? {}), ...(s.split !== undefined ? { __split: s.split } : {}), __index: s.index };
        meta.append({ k: "s", p: s.position, r: s.reason, ...(s.detail !== undefined ? { d: s.detail } : {}), x });
      }
      outputs = sink ? sink.finish() : recomputed(pos);
      meta.finish().close();
    } else outputs = sink ? sink.finish() : recomputed(pos);
    return new TransformedDataset<Out>({ ...common, outputs, positions: pos, skips, features: options.features, info, reused: false });
  } catch (error) {
    sink?.abort();
    meta?.abort();
    throw error;
  }
}

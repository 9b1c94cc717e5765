import { type Conversation, DataFormatError, InvalidArgumentError, type Message } from "@crucible/types";
import type { IterableDataset } from "@crucible/core";
import { streamDataset } from "@crucible/hub";
import { parseShareGpt } from "../parse.js";
import type { SkipReporting } from "../skips.js";
import { conversation, defaultId, type HubLoadOptions, type Row, sourceRef } from "./common.js";

/** The OpenThoughts3 repo id. */
export const OPEN_THOUGHTS3_REPO = "open-thoughts/OpenThoughts3-1.2M";

/** The cookbook's `max_prompts` and shuffle buffer for OpenThoughts3 (`off_policy_reasoning.py`). */
export const OPEN_THOUGHTS3_COOKBOOK_ROWS = 384_000;

/** Options of {@link openThoughts3}. */
export interface OpenThoughts3Options extends HubLoadOptions, SkipReporting {
  /**
   * Buffered stream shuffle. Default `{ seed: 0, bufferSize: 384_000 }` (the cookbook's arguments — but NOT Python's
   * order: core's `IterableDataset.shuffle` is its own algorithm). `false`: file order.
   */
  shuffle?: false | { seed?: number; bufferSize?: number };
  /** Most conversations yielded (the cookbook's `max_prompts`). Default 384,000; `Infinity` for the whole stream. */
  maxRows?: number;
  /** Most rows per internal streaming batch. Default: hub's (1000). */
  batchRows?: number;
}

/** A parsed row or the error of a bad one; a class so core's `map` returns it as-is instead of merging it. */
class Parsed {
  constructor(
    readonly index: number,
    readonly raw: Row,
    readonly messages: Message[] | undefined,
    readonly error: DataFormatError | undefined,
  ) {}
}

/**
 * Streams `open-thoughts/OpenThoughts3-1.2M` (Parquet over HTTP Range, via @crucible/hub `streamDataset`) as the
 * cookbook's `OpenThoughts3Builder` does (`tinker_cookbook/recipes/distillation/off_policy_reasoning.py`): each `{from, value}` turn becomes
 * `role = "user" if from == "human" else "assistant"`, `content = value`; stream-shuffled with seed 0 and a
 * 384,000-row buffer; at most 384,000 conversations; no test set. The shuffle is NOT Python-identical (HF's
 * streaming shuffle is not reproduced; see the README); its buffer holds up to `bufferSize` raw rows as compact
 * binary records (about their UTF-8 size), and rows are parsed as they leave it.
 * `id` = `open-thoughts/OpenThoughts3-1.2M/default/train/<index>` and `source.index` = the row's position in the
 * stream before the buffer shuffle (data files in order, or in the seeded shard order when shuffling), so ids
 * are stable for a given `shuffle.seed`. Invalid rows are skipped during iteration: each goes to `onSkip`, or
 * the first one (once per `openThoughts3` call) raises a process warning (code `CRUCIBLE_CHAT_SKIPPED`).
 * @param options - `shuffle` (default `{ seed: 0, bufferSize: 384000 }`), `maxRows` (default 384,000),
 *   `batchRows`, Hub options, `onSkip`/`strict` (default: skip).
 * @returns An IterableDataset of conversations (iterate it several times; each pass re-reads the stream).
 * @throws InvalidArgumentError for a bad `maxRows`; hub errors when iterated or opened; DataFormatError on a bad
 *   row when `strict`.
 */
export async function openThoughts3(options: OpenThoughts3Options = {}): Promise<IterableDataset<Conversation>> {
  const {
    shuffle = { seed: 0, bufferSize: OPEN_THOUGHTS3_COOKBOOK_ROWS },
    maxRows = OPEN_THOUGHTS3_COOKBOOK_ROWS,
    onSkip,
    strict,
    ...hub
  } = options;
  if (!(maxRows === Number.POSITIVE_INFINITY || (Number.isInteger(maxRows) && maxRows >= 0))) {
    throw new InvalidArgumentError(`openThoughts3: maxRows must be a non-negative integer or Infinity, got ${maxRows}`);
  }
  const repo = OPEN_THOUGHTS3_REPO;
  const config = "default";
  const split = "train";
  const stream = await streamDataset(repo, { ...hub, config, split });
  const revision = stream.info.revision;
  // The shuffle buffer holds `[index, raw row]` tuples: plain data, kept as compact binary records by core's
  // buffer. Rows are parsed once they leave it, so no parsed messages (or class instances, which the buffer
  // keeps as objects) sit in it beside the raw rows.
  let indexed = stream.map<[number, Row]>((row: Row, index: number) => [index, row]);
  if (shuffle !== false)
    indexed = indexed.shuffle({ seed: shuffle.seed ?? 0, bufferSize: shuffle.bufferSize ?? OPEN_THOUGHTS3_COOKBOOK_ROWS });
  const parsed = indexed.map<Parsed>(([index, row]: [number, Row]) => {
    try {
      const messages = parseShareGpt(row.conversations, {
        repo,
        split,
        row: index,
        field: "conversations",
        ...(revision ? { revision } : {}),
      });
      return new Parsed(index, row, messages, undefined);
    } catch (error) {
      if (!(error instanceof DataFormatError)) throw error;
      return new Parsed(index, row, undefined, error);
    }
  });
  let warned = false;
  const valid = parsed.filter((p) => {
    if (p.error === undefined) return true;
    if (strict) throw p.error;
    if (onSkip)
      onSkip({ repo, config, split, index: p.index, reason: "invalid-conversation", detail: p.error.message, error: p.error, raw: p.raw });
    else if (!warned) {
      warned = true;
      process.emitWarning(`openThoughts3: skipped row ${p.index} (${p.error.message}); further skips are not warned about (pass onSkip)`, {
        code: "CRUCIBLE_CHAT_SKIPPED",
      });
    }
    return false;
  });
  const out = valid.map<Conversation>((p: Parsed) =>
    conversation(
      defaultId(repo, config, split, p.index),
      p.messages as Message[],
      sourceRef(repo, config, split, p.index, revision),
      p.raw,
    ),
  );
  return maxRows === Number.POSITIVE_INFINITY ? out : out.take(maxRows);
}

import { type Conversation, DataFormatError, type Message, type SourceRef } from "@crucible/types";
import type { RowLocation } from "../parse.js";
import { errorData, type SkipCollector } from "../skips.js";
import { type Dataset, type DatasetInfo, Transform, type TransformedDataset, skipRow } from "@crucible/core";
import { type LoaderHubOptions, loadTransformed } from "@crucible/hub";
import type { Row } from "@crucible/types";

export type { Row } from "@crucible/types";

/** Hub options forwarded to @crucible/hub for every load (endpoint, token, cacheDir, processedDir, offline, revision, …): hub's `LoaderHubOptions`. */
export type HubLoadOptions = LoaderHubOptions;

/** A train split and, when the cookbook builds one, a test split. */
export interface ChatSplits {
  /** Training conversations, in the cookbook's order. */
  train: Dataset<Conversation>;
  /** Test conversations, or undefined when the cookbook has no test set. */
  test: Dataset<Conversation> | undefined;
}

/** Builds a `source` reference. @internal */
export function sourceRef(repo: string, config: string, split: string, index: number, revision: string | undefined): SourceRef {
  return revision === undefined ? { repo, config, split, index } : { repo, config, split, index, revision };
}

/** Builds a Conversation. @internal */
export function conversation(id: string, messages: Message[], source: SourceRef, raw: Row): Conversation {
  return { id, messages, source, raw };
}

/** `repo/config/split/index`, the default conversation id. @internal */
export function defaultId(repo: string, config: string, split: string, index: number): string {
  return `${repo}/${config}/${split}/${index}`;
}

/** The provenance info of a conversation dataset. @internal */
export function conversationInfo(repo: string, config: string, split: string, revision: string | undefined): DatasetInfo {
  return { repo, config, split, ...(revision ? { revision } : {}) };
}

/** Reads a string id cell, else the default id. @internal */
export function idFrom(cell: unknown, fallback: string): string {
  return typeof cell === "string" && cell !== "" ? cell : fallback;
}

/** What {@link conversationTransform} needs to know about the split. @internal */
export interface ParseContext {
  repo: string;
  config: string;
  /** The split string as asked (ids and `source.split` use it, with the row's position in the loaded rows). */
  split: string;
  /** Column holding the messages. */
  field: string;
  /** Column holding the id, if any. */
  idField?: string;
  /** Cell → messages; throws DataFormatError on a bad cell. */
  parse: (cell: unknown, where: RowLocation) => Message[];
}

/** Version of the chat loaders' stored output: bump when a transform's output changes. @internal */
export const CHAT_TRANSFORM_VERSION = 1;

/**
 * The row → conversation transform: messages parsed by `ctx.parse`, id from `idField` (else the default id),
 * `source`; a row whose messages are invalid is skipped with its DataFormatError kept in the record. @internal
 */
export function conversationTransform(ctx: ParseContext, revision: string | undefined): Transform<Row, Conversation> {
  return Transform.rows<Row>().map((row, rc) => {
    const index = rc.position;
    try {
      const messages = ctx.parse(row[ctx.field], {
        repo: ctx.repo,
        split: ctx.split,
        row: index,
        field: ctx.field,
        ...(revision ? { revision } : {}),
      });
      const fallback = defaultId(ctx.repo, ctx.config, ctx.split, index);
      const id = ctx.idField ? idFrom(row[ctx.idField], fallback) : fallback;
      return { id, messages, source: sourceRef(ctx.repo, ctx.config, ctx.split, index, revision) } as Conversation;
    } catch (error) {
      if (!(error instanceof DataFormatError)) throw error;
      return skipRow("invalid-conversation", error.message, errorData(error));
    }
  });
}

/**
 * Loads one Hub split and parses it into conversations through hub's `loadTransformed` (a row store reopened on
 * the next load; `raw` read lazily from the split). Skips go to `skips` (with the split string and row position,
 * as ids do). @internal
 */
export async function loadConversations(
  options: LoaderHubOptions & { config: string; split: string },
  ctx: Omit<ParseContext, "config" | "split">,
  name: string,
  skips: SkipCollector,
): Promise<TransformedDataset<Conversation>> {
  const { config, split } = options;
  const out = await loadTransformed<Conversation>(
    ctx.repo,
    options,
    (info) => conversationTransform({ ...ctx, config, split }, info.revision),
    {
      name: `chat.${name}`,
      version: CHAT_TRANSFORM_VERSION,
      params: { field: ctx.field, idField: ctx.idField ?? null },
      rawField: "raw",
    },
  );
  reportSkips(out, skips, ctx.repo, config, split);
  return out;
}

/** Passes a transform's skips to the collector with the split string and row position (as the ids use). @internal */
export function reportSkips(out: TransformedDataset<unknown>, skips: SkipCollector, repo: string, config: string, split: string): void {
  skips.addTransformed(out, { repo, config }, (row, record) => ({ ...row, split, index: record.position }));
}

/** 0, 1, …, n-1. @internal */
export function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

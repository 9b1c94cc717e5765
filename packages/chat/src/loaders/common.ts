import { type Conversation, DataFormatError, type Message, type SourceRef } from "@crucible/types";
import type { RowLocation } from "../parse.js";
import type { SkipCollector } from "../skips.js";
import { Dataset } from "@crucible/core";
import type { HubOptions } from "@crucible/hub";

/** A raw row as read from the Hub. */
export type Row = Record<string, unknown>;

/** Hub options forwarded to @crucible/hub for every load (endpoint, token, cacheDir, offline, fetch, …). */
export interface HubLoadOptions extends HubOptions {
  /** Branch, tag or commit. Default: `main`. */
  revision?: string;
  /** Where @crucible/hub keeps prepared row stores. Default: hub's default processed dir. */
  processedDir?: string;
}

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

/** A Dataset of conversations with provenance info. @internal */
export function conversations(rows: Conversation[], repo: string, config: string, split: string, revision: string | undefined): Dataset<Conversation> {
  return Dataset.fromRows(rows, { info: { repo, config, split, ...(revision ? { revision } : {}) } });
}

/** Reads a string id cell, else the default id. @internal */
export function idFrom(cell: unknown, fallback: string): string {
  return typeof cell === "string" && cell !== "" ? cell : fallback;
}

/** What {@link parseInOrder} needs to know about the split. @internal */
export interface ParseContext {
  repo: string;
  config: string;
  split: string;
  /** Column holding the messages. */
  field: string;
  /** Column holding the id, if any. */
  idField?: string;
  /** Cell → messages; throws DataFormatError on a bad cell. */
  parse: (cell: unknown, where: RowLocation) => Message[];
}

/**
 * Parses the rows of `raw` in the given order of row indices into conversations; bad rows go to `skips`.
 * @internal
 */
export function parseInOrder(raw: Dataset<Row>, order: Iterable<number>, ctx: ParseContext, skips: SkipCollector): Conversation[] {
  const revision = raw.info.revision;
  const out: Conversation[] = [];
  for (const index of order) {
    const row = raw.at(index);
    try {
      const messages = ctx.parse(row[ctx.field], { repo: ctx.repo, split: ctx.split, row: index, field: ctx.field, ...(revision ? { revision } : {}) });
      const fallback = defaultId(ctx.repo, ctx.config, ctx.split, index);
      out.push(conversation(ctx.idField ? idFrom(row[ctx.idField], fallback) : fallback, messages, sourceRef(ctx.repo, ctx.config, ctx.split, index, revision), row));
    } catch (error) {
      if (!(error instanceof DataFormatError)) throw error;
      skips.add({ repo: ctx.repo, config: ctx.config, split: ctx.split, index, error, raw: row });
    }
  }
  return out;
}

/** 0, 1, …, n-1. @internal */
export function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

import { DataFormatError, InvalidArgumentError } from "@crucible/types";
import { type Dataset, loadFiles, type LoadFilesOptions, permutation, transformDataset } from "@crucible/core";
import { parseMessages } from "../parse.js";
import { SkipCollector, type SkipReporting } from "../skips.js";
import {
  CHAT_TRANSFORM_VERSION,
  type ChatSplits,
  conversationInfo,
  conversationTransform,
  range,
  reportSkips,
  type Row,
} from "./common.js";

/** Options of {@link conversationsFromFile}. */
export interface ConversationsFromFileOptions extends SkipReporting, Pick<LoadFilesOptions, "baseDir" | "format" | "store" | "storeDir"> {
  /** Seed of the numpy-parity shuffle (the cookbook's `shuffle_seed`). Default 0; `false` keeps file order. */
  seed?: number | false;
  /** Rows taken from the front of the shuffled rows as the test set, only when `0 < testSize < rows`. Default 0 (no test set). */
  testSize?: number;
  /** Column holding the messages. Default `"messages"`. */
  messageField?: string;
}

/**
 * Reads conversations from local JSONL (or any format core `loadFiles` reads) as the cookbook's
 * `FromConversationFileBuilder` does (`tinker_cookbook/supervised/data.py`): every row must have the message field (else a
 * DataFormatError naming the file and row, as the cookbook raises; a null field counts as missing, since
 * rows of one file share a column set), rows are shuffled with `seed` (numpy parity,
 * default 0), and the first `testSize` rows become the test set when `0 < testSize < rows`. Messages are used
 * as-is; rows whose messages are malformed are skipped and reported (the cookbook would fail later, when rendering).
 * `id` = `<path>/default/train/<index>`, `source.repo` = the path.
 * @param path - File path or glob (resolved against `baseDir`, default the current directory).
 * @param options - `seed` (default 0), `testSize` (default 0), `messageField` (default `"messages"`), loadFiles
 *   options, `onSkip`/`strict`.
 * @returns `{ train, test }`; `test` is undefined unless `0 < testSize < rows`.
 * @throws DataFormatError when a row lacks the message field; InvalidArgumentError for a bad `testSize`; core's
 *   file errors.
 */
export async function conversationsFromFile(path: string, options: ConversationsFromFileOptions = {}): Promise<ChatSplits> {
  const { seed = 0, testSize = 0, messageField = "messages", onSkip, strict, ...files } = options;
  if (!Number.isInteger(testSize) || testSize < 0)
    throw new InvalidArgumentError(`conversationsFromFile: testSize must be a non-negative integer, got ${testSize}`);
  const dict = await loadFiles(path, files);
  const raw: Dataset<Row> = dict.get("train");
  const config = "default";
  const split = "train";
  for (let i = 0; i < raw.length; i++) {
    // Rows of a JSON Lines file share one column set (as in Python `datasets`): a line without the field reads as null.
    const cell = raw.at(i)[messageField];
    if (cell === null || cell === undefined) {
      throw new DataFormatError(`${path} row ${i} has no "${messageField}" field`, {
        file: path,
        row: i,
        field: messageField,
        hint: `Every row of a conversation file needs a "${messageField}" list of { role, content }`,
      });
    }
  }
  const skips = new SkipCollector(`conversationsFromFile(${path})`, { ...(onSkip ? { onSkip } : {}), ...(strict ? { strict } : {}) });
  const ctx = { repo: path, config, split, field: messageField, parse: parseMessages };
  const out = await transformDataset(raw, conversationTransform(ctx, undefined), {
    name: "chat.conversationsFromFile",
    version: CHAT_TRANSFORM_VERSION,
    params: { field: messageField },
    rawField: "raw",
  });
  reportSkips(out, skips, path, config, split);
  skips.finish(raw.length);
  const order = seed === false ? Uint32Array.from(range(raw.length)) : permutation(raw.length, seed);
  const withTest = testSize > 0 && testSize < raw.length;
  return {
    train: out.inOrder(withTest ? order.subarray(testSize) : order, conversationInfo(path, config, split, undefined)),
    test: withTest ? out.inOrder(order.subarray(0, testSize), conversationInfo(path, config, "test", undefined)) : undefined,
  };
}

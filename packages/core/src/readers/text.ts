import { inputName, openByteStream, typedErrors, type ByteInput } from "./bytes.js";
import { checkBatchRows } from "./jsonl.js";
import { splitLines } from "./lines.js";
import type { Row } from "@crucible/types";

/** Options of {@link readText}. */
export interface ReadTextOptions {
  /** Name shown in errors. Default: the path, `"<bytes>"` or `"<stream>"`. */
  name?: string;
  /** Maximum rows per yielded batch. Default `4096`. */
  batchRows?: number;
}

async function* readTextImpl(input: ByteInput, options: ReadTextOptions): AsyncGenerator<Row[]> {
  const name = inputName(input, options.name);
  const batchRows = checkBatchRows(options.batchRows, name, 4096);
  let batch: Row[] = [];
  for await (const lines of splitLines(openByteStream(input, name))) {
    for (const { text } of lines) {
      batch.push({ text });
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/**
 * Reads a text file as Python `datasets`' text builder does by default (`sample_by="line"`,
 * `keep_linebreaks=False`): one `{ text }` row per line, empty lines included, line endings removed.
 * Lines end at LF or CRLF (Python's `splitlines` also splits at a lone CR and at Unicode separators; those stay
 * inside the line here). gzip/zstd are detected by magic bytes.
 * @param input - A path, the bytes, or an `AsyncIterable<Uint8Array>`.
 * @param options - See {@link ReadTextOptions}.
 */
export function readText(input: ByteInput, options: ReadTextOptions = {}): AsyncGenerator<Row[]> {
  return typedErrors(inputName(input, options.name), readTextImpl(input, options));
}

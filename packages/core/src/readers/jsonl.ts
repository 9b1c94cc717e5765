import { DataFormatError, InvalidArgumentError } from "@crucible/types";
import { inputName, openByteStream, typedErrors, type ByteInput } from "./bytes.js";
import { parseJsonExact } from "./exact-json.js";
import { splitLines } from "./lines.js";
import type { Row } from "@crucible/types";

/** Options of {@link readJsonl}. */
export interface ReadJsonlOptions {
  /** Name shown in errors. Default: the path, `"<bytes>"` or `"<stream>"`. */
  name?: string;
  /** Maximum rows per yielded batch. Default `4096`. */
  batchRows?: number;
}

/** @internal */
export function checkBatchRows(batchRows: number | undefined, name: string, fallback: number): number {
  if (batchRows === undefined) return fallback;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new InvalidArgumentError(`batchRows must be a positive integer, got ${batchRows}`, { file: name });
  }
  return batchRows;
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

async function* readJsonlImpl(input: ByteInput, options: ReadJsonlOptions): AsyncGenerator<Row[]> {
  const name = inputName(input, options.name);
  const batchRows = checkBatchRows(options.batchRows, name, 4096);
  let batch: Row[] = [];
  for await (const lines of splitLines(openByteStream(input, name))) {
    for (const { text, line, byteOffset } of lines) {
      if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) continue;
      let value: unknown;
      try {
        value = parseJsonExact(text);
      } catch (cause) {
        throw new DataFormatError(`Malformed JSON Lines: ${(cause as Error).message}`, {
          file: name,
          line,
          byteOffset,
          cause,
          hint: "Each line must hold exactly one JSON object; fix or remove that line",
        });
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new DataFormatError(`Malformed JSON Lines: expected a JSON object, got ${describe(value)}`, {
          file: name,
          line,
          byteOffset,
          hint: "Each line must hold exactly one JSON object (a row)",
        });
      }
      batch.push(value as Row);
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/**
 * Streams a JSON Lines file: one JSON object per line, in batches. Integers beyond ±(2^53 − 1) are exact
 * `bigint`s, as Python's `json.loads` keeps them (the CSV reader does the same); `1e400` is `Infinity`. gzip/zstd content is detected by its magic
 * bytes; CRLF line endings, a UTF-8 BOM and blank lines are handled (blank lines are skipped). Memory stays
 * constant (one chunk plus the longest line), so an HTTP body can be streamed through it.
 * @param input - A path, the bytes, or an `AsyncIterable<Uint8Array>`.
 * @param options - See {@link ReadJsonlOptions}.
 * @throws DataFormatError naming the file, the one-based line, the byte offset of the line and the parser's
 *   message when a line is not valid JSON or not an object.
 */
export function readJsonl(input: ByteInput, options: ReadJsonlOptions = {}): AsyncGenerator<Row[]> {
  return typedErrors(inputName(input, options.name), readJsonlImpl(input, options));
}

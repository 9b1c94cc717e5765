import { CrucibleError, DataFormatError } from "@crucible/types";
import { inputName, openByteStream, typedErrors, type ByteInput } from "./bytes.js";
import { parseJsonExact } from "./exact-json.js";
import { checkBatchRows, readJsonl } from "./jsonl.js";
import type { Row } from "@crucible/types";

/** Options of {@link readJson}. */
export interface ReadJsonOptions {
  /** Name shown in errors. Default: the path, `"<bytes>"` or `"<stream>"`. */
  name?: string;
  /**
   * Read the rows from this key of a top-level object (Python `load_dataset("json", field=...)`), e.g.
   * `{"version": 1, "data": [{...}, ...]}` with `field: "data"`. Default: none.
   */
  field?: string;
  /** Maximum rows per yielded batch. Default `4096`. */
  batchRows?: number;
}

async function readAll(input: ByteInput, name: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of openByteStream(input, name)) parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  const all = Buffer.concat(parts);
  const start = all.length >= 3 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0;
  return all.toString("utf8", start);
}

function parseDocument(text: string, name: string): unknown {
  try {
    return parseJsonExact(text);
  } catch (cause) {
    const pos = /position (\d+)/.exec((cause as Error).message);
    const at = pos ? Number(pos[1]) : undefined;
    const line = at === undefined ? undefined : text.slice(0, at).split("\n").length;
    throw new DataFormatError(`Malformed JSON: ${(cause as Error).message}`, {
      file: name,
      ...(line !== undefined ? { line } : {}),
      ...(at !== undefined ? { byteOffset: Buffer.byteLength(text.slice(0, at)) } : {}),
      cause,
      hint: "The file must be JSON Lines, a JSON array of objects, or an object holding such an array (pass `field`)",
    });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Turns a parsed JSON document into rows the way Python `datasets` does.
 * Without `field` (pyarrow's JSON reader, then pandas for arrays): an object is one row; an array of objects is
 * one row each; an array of scalars gives `{ text: value }` rows.
 * With `field` (pandas `read_json` of that value): an array as above; an object of equal-length arrays is
 * column-oriented; an object of objects is columns indexed by the inner keys.
 * @internal
 */
export function jsonDocumentToRows(doc: unknown, name: string, fromField = false): Row[] {
  if (Array.isArray(doc)) {
    if (doc.every(isRecord)) return doc as Row[];
    if (doc.every((v) => !isRecord(v) && !Array.isArray(v))) return doc.map((text) => ({ text }));
    throw new DataFormatError("A JSON array must hold only objects (rows) or only scalars", { file: name });
  }
  if (isRecord(doc) && !fromField) return [doc];
  if (isRecord(doc)) {
    const columns = Object.keys(doc);
    const values = Object.values(doc);
    if (values.length > 0 && values.every(Array.isArray)) {
      const n = (values[0] as unknown[]).length;
      if (values.some((v) => (v as unknown[]).length !== n)) {
        throw new DataFormatError("All arrays of a column-oriented JSON object must be of the same length", { file: name });
      }
      return Array.from({ length: n }, (_, i) => Object.fromEntries(columns.map((c) => [c, (doc[c] as unknown[])[i] ?? null])));
    }
    if (values.length > 0 && values.every(isRecord)) {
      const index: string[] = [];
      const seen = new Set<string>();
      for (const v of values) for (const k of Object.keys(v as object)) if (!seen.has(k)) seen.add(k), index.push(k);
      return index.map((k) => Object.fromEntries(columns.map((c) => [c, (doc[c] as Record<string, unknown>)[k] ?? null])));
    }
    throw new DataFormatError("The JSON object is not a table", {
      file: name,
      hint: "Expected an array of objects or an object of equal-length arrays",
    });
  }
  throw new DataFormatError(`A JSON document holding ${doc === null ? "null" : typeof doc} is not a table`, { file: name });
}

/**
 * Splits text holding several whitespace-separated JSON values (pretty-printed JSON Lines, as pyarrow accepts)
 * into the values' source slices. Returns undefined when the text is not such a sequence.
 */
function splitConcatenated(text: string): Array<{ start: number; end: number }> | undefined {
  const out: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      if (start < 0) return undefined; // a top-level string
      continue;
    }
    if (c === 123 || c === 91) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) {
        out.push({ start, end: i + 1 });
        start = -1;
      }
    } else if (depth === 0 && !(c === 32 || c === 9 || c === 10 || c === 13)) {
      return undefined; // a top-level scalar or garbage
    }
  }
  return depth === 0 && !inString ? out : undefined;
}

async function* readJsonImpl(input: ByteInput, options: ReadJsonOptions): AsyncGenerator<Row[]> {
  const name = inputName(input, options.name);
  const batchRows = checkBatchRows(options.batchRows, name, 4096);
  const emit = function* (rows: Row[]): Generator<Row[]> {
    for (let at = 0; at < rows.length; at += batchRows) yield rows.slice(at, at + batchRows);
  };
  if (options.field !== undefined) {
    const doc = parseDocument(await readAll(input, name), name);
    if (!isRecord(doc) || !(options.field in doc)) {
      throw new DataFormatError(`The JSON document has no top-level key "${options.field}"`, {
        file: name,
        field: options.field,
        hint: isRecord(doc) ? `Top-level keys: ${Object.keys(doc).slice(0, 10).join(", ")}` : "The document is not an object",
      });
    }
    yield* emit(jsonDocumentToRows(doc[options.field], name, true));
    return;
  }
  const rereadable = typeof input === "string" || input instanceof Uint8Array;
  let yielded = false;
  try {
    for await (const batch of readJsonl(input, { name, batchRows })) {
      yielded = true;
      yield batch;
    }
  } catch (error) {
    if (yielded || !rereadable || !CrucibleError.hasCode(error, "DATA_FORMAT")) throw error;
    // Not JSON Lines: parse the whole document (pandas read_json fallback in Python datasets).
    const text = await readAll(input, name);
    let rows: Row[];
    try {
      rows = jsonDocumentToRows(parseDocument(text, name), name);
    } catch {
      // Several pretty-printed objects one after another: pyarrow reads each as a row.
      const parts = splitConcatenated(text);
      if (!parts || parts.length < 2) throw error; // as Python: report the JSON Lines error when the fallback fails
      rows = [];
      for (const { start, end } of parts) {
        let value: unknown;
        try {
          value = parseJsonExact(text.slice(start, end));
        } catch {
          throw error;
        }
        if (!isRecord(value)) throw error;
        rows.push(value);
      }
    }
    yield* emit(rows);
  }
}

/**
 * Reads a `.json` file as Python `datasets`' json builder does: JSON Lines first (one object per line); when that
 * fails before the first row, the whole document: a top-level array of objects (one row each), a single object
 * (one row, even pretty-printed), or several pretty-printed objects in a row (one row each). With `field`, the rows
 * come from that key of the top-level object (an array, or an object of columns). gzip/zstd are detected by magic
 * bytes. Integers beyond ±(2^53 − 1) are exact `bigint`s (as Python's `json.loads`); `1e400` is `Infinity`.
 * Whole-document JSON is parsed in memory (JSON Lines streams).
 * @param input - A path, the bytes, or an `AsyncIterable<Uint8Array>` (a stream can only be read once, so
 *   documents that are not JSON Lines need a path or bytes).
 * @param options - See {@link ReadJsonOptions}.
 * @throws DataFormatError naming the file (and line/byte offset when known) for malformed JSON, a missing
 *   `field`, or a document that is not a table.
 */
export function readJson(input: ByteInput, options: ReadJsonOptions = {}): AsyncGenerator<Row[]> {
  return typedErrors(inputName(input, options.name), readJsonImpl(input, options));
}

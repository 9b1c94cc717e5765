import { DataFormatError, InvalidArgumentError } from "@crucible/types";
import { inputName, openByteStream, typedErrors, type ByteInput } from "./bytes.js";
import { checkBatchRows } from "./jsonl.js";
import type { Row } from "@crucible/types";

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** Name shown in errors. Default: the path, `"<bytes>"` or `"<stream>"`. */
  name?: string;
  /** Field separator, one ASCII character. Default `","` (use `"\t"` for TSV; {@link readDataFile} does for `.tsv`). */
  delimiter?: string;
  /** Quote character, one ASCII character. Default `"` (a doubled quote inside a quoted field is a literal quote). */
  quote?: string;
  /**
   * Column names. Default: read from the first record (the header row); duplicate names get `.1`, `.2` suffixes
   * and empty names become `Unnamed: <index>`, as pandas does. When given, the first record is data
   * (pandas `header=None, names=[...]`).
   */
  columnNames?: string[];
  /**
   * Infer column types per batch like pandas `read_csv` (what Python `datasets`' csv builder uses): a column whose
   * non-missing values are all integers becomes numbers (bigint beyond 2^53), all numeric → numbers, all
   * `True`/`False` (any case pandas accepts) → booleans, otherwise strings; pandas' missing-value markers
   * (empty, `NA`, `N/A`, `NaN`, `null`, `None`, …) become `null` in every column.
   * With `false` every value stays the exact string from the file (missing trailing fields are `null`).
   * Default `true` (parity with Python `datasets`).
   */
  inferTypes?: boolean;
  /** Rows per yielded batch, which is also the unit of type inference. Default `10000` (Python `datasets`' chunksize). */
  batchRows?: number;
}

const LF = 10;
const CR = 13;

/** pandas' default missing-value strings (`pandas._libs.parsers.STR_NA_VALUES`). */
const NA_VALUES = new Set([
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);
/** Longest string in NA_VALUES: longer values skip the (whole-string hashing) set lookup. */
const MAX_NA_LENGTH = 8;
const TRUE_VALUES = new Set(["True", "TRUE", "true"]);
const FALSE_VALUES = new Set(["False", "FALSE", "false"]);
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity)$/i;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A field as parsed: its text and whether it was quoted. */
type Record_ = string[];

interface ParseState {
  /** Line number (1-based) of buf[0]. */
  lineAtStart: number;
  /** Byte offset of buf[0] in the stream. */
  offsetAtStart: number;
}

function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let at = buf.indexOf(LF, from);
  while (at !== -1 && at < to) {
    n++;
    at = buf.indexOf(LF, at + 1);
  }
  return n;
}

/**
 * Parses complete records from `buf`. Returns the records and where the unparsed rest starts
 * (an incomplete last record is left for the next call unless `final`).
 */
function parseRecords(
  buf: Buffer,
  delim: number,
  quote: number,
  final: boolean,
  state: ParseState,
  name: string,
): { records: Record_[]; starts: number[]; rest: number } {
  const records: Record_[] = [];
  const starts: number[] = [];
  const len = buf.length;
  let pos = 0;
  let recordStart = 0;
  outer: while (pos < len) {
    recordStart = pos;
    const fields: Record_ = [];
    let blank = true;
    for (;;) {
      let value: string;
      if (buf[pos] === quote) {
        blank = false;
        const open = pos;
        pos++;
        const contentStart = pos;
        let doubled = 0;
        let close = -1;
        for (;;) {
          const q = buf.indexOf(quote, pos);
          if (q === -1 || (q + 1 >= len && !final)) {
            if (!final) break outer;
            const line = state.lineAtStart + countLf(buf, 0, open);
            throw new DataFormatError("Unbalanced quote in CSV: a quoted field is never closed", {
              file: name,
              line,
              byteOffset: state.offsetAtStart + open,
              hint: 'Close the quote, or double a quote that is part of the text ("")',
            });
          }
          if (buf[q + 1] === quote) {
            doubled++;
            pos = q + 2;
            continue;
          }
          close = q;
          pos = q + 1;
          break;
        }
        let text: string;
        if (doubled === 0) {
          text = buf.toString("utf8", contentStart, close);
        } else {
          // Drop the escaping quote of each "" pair in one copy, then decode once.
          const scratch = Buffer.allocUnsafe(close - contentStart - doubled);
          let w = 0;
          for (let r = contentStart; r < close; r++) {
            const b = buf[r] as number;
            scratch[w++] = b;
            if (b === quote) r++;
          }
          text = scratch.toString("utf8", 0, w);
        }
        // Characters between the closing quote and the next separator are kept (as pandas does).
        let end = pos;
        while (end < len && buf[end] !== delim && buf[end] !== LF && buf[end] !== CR) end++;
        if (end === len && !final) break outer;
        if (end > pos) text += buf.toString("utf8", pos, end);
        pos = end;
        value = text;
      } else {
        let end = pos;
        while (end < len) {
          const c = buf[end];
          if (c === delim || c === LF || c === CR) break;
          end++;
        }
        if (end === len && !final) break outer;
        // pandas skips lines holding only spaces/tabs like empty ones
        if (blank)
          for (let k = pos; k < end; k++)
            if (buf[k] !== 32 && buf[k] !== 9) {
              blank = false;
              break;
            }
        value = buf.toString("utf8", pos, end);
        pos = end;
      }
      fields.push(value);
      if (pos >= len) break;
      const c = buf[pos];
      if (c === delim) {
        blank = false;
        pos++;
        if (pos >= len) {
          if (!final) break outer;
          fields.push("");
          break;
        }
        continue;
      }
      if (c === CR) {
        if (pos + 1 >= len && !final) break outer;
        pos++;
        if (buf[pos] === LF) pos++;
        break;
      }
      // LF
      pos++;
      break;
    }
    if (!blank) {
      records.push(fields);
      starts.push(recordStart);
    }
    recordStart = pos;
  }
  // Reaching here by `break outer` leaves recordStart at the incomplete record; a normal end consumed everything.
  return { records, starts, rest: recordStart };
}

function dedupeHeader(names: string[]): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  names.forEach((raw, i) => {
    let name = raw === "" ? `Unnamed: ${i}` : raw;
    const count = seen.get(name);
    if (count !== undefined) {
      let k = count;
      let candidate = `${name}.${k}`;
      while (seen.has(candidate)) candidate = `${name}.${++k}`;
      seen.set(name, k + 1);
      name = candidate;
    }
    seen.set(name, seen.get(name) ?? 1);
    out.push(name);
  });
  return out;
}

/** pandas-like per-column type inference over one batch of string values. */
function inferColumn(values: Array<string | null>): unknown[] {
  let allInt = true;
  let allNum = true;
  let allBool = true;
  let any = false;
  for (const v of values) {
    if (v === null || (v.length <= MAX_NA_LENGTH && NA_VALUES.has(v))) continue;
    any = true;
    if (allInt && !INT_RE.test(v)) allInt = false;
    if (allNum && !allInt && !FLOAT_RE.test(v)) allNum = false;
    if (allBool && (v.length > 5 || (!TRUE_VALUES.has(v) && !FALSE_VALUES.has(v)))) allBool = false;
    if (!allNum && !allBool) break;
  }
  const isNa = (v: string | null) => v === null || (v.length <= MAX_NA_LENGTH && NA_VALUES.has(v));
  if (!any) return values.map(() => null);
  if (allInt) {
    return values.map((v) => {
      if (isNa(v)) return null;
      const b = BigInt(v as string);
      return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : b;
    });
  }
  if (allNum) return values.map((v) => (isNa(v) ? null : Number((v as string).replace(/^([+-]?)inf(inity)?$/i, "$1Infinity"))));
  if (allBool) return values.map((v) => (isNa(v) ? null : TRUE_VALUES.has(v as string)));
  return values.map((v) => (isNa(v) ? null : v));
}

function toRows(records: Record_[], header: string[], infer: boolean, name: string, firstLine: (i: number) => number): Row[] {
  const width = header.length;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as Record_;
    if (r.length > width) {
      throw new DataFormatError(`CSV record has ${r.length} fields, the header has ${width}`, {
        file: name,
        line: firstLine(i),
        hint: "Quote fields that contain the separator, or fix the header",
      });
    }
  }
  if (!infer) {
    return records.map((r) => {
      const row: Row = {};
      for (let c = 0; c < width; c++) row[header[c] as string] = r[c] ?? null;
      return row;
    });
  }
  const columns = header.map((_, c) => inferColumn(records.map((r) => r[c] ?? null)));
  return records.map((_, i) => {
    const row: Row = {};
    for (let c = 0; c < width; c++) row[header[c] as string] = (columns[c] as unknown[])[i];
    return row;
  });
}

function singleByte(value: string, label: string, name: string): number {
  if (value.length !== 1 || value.charCodeAt(0) > 127 || value === "\n" || value === "\r") {
    throw new InvalidArgumentError(`${label} must be one ASCII character other than a line break, got ${JSON.stringify(value)}`, {
      file: name,
    });
  }
  return value.charCodeAt(0);
}

async function* readCsvImpl(input: ByteInput, options: ReadCsvOptions): AsyncGenerator<Row[]> {
  const name = inputName(input, options.name);
  const delim = singleByte(options.delimiter ?? ",", "delimiter", name);
  const quote = singleByte(options.quote ?? '"', "quote", name);
  const batchRows = checkBatchRows(options.batchRows, name, 10_000);
  const infer = options.inferTypes ?? true;
  let header = options.columnNames ? dedupeHeader(options.columnNames) : undefined;

  const state: ParseState = { lineAtStart: 1, offsetAtStart: 0 };
  let pending: Record_[] = [];
  let pendingLines: number[] = [];
  let carry: Buffer = Buffer.alloc(0);
  const waiting: Buffer[] = [];
  let waitingBytes = 0;
  let first = true;

  const consume = function* (final: boolean): Generator<Row[]> {
    let buf = waiting.length ? Buffer.concat([carry, ...waiting]) : carry;
    waiting.length = 0;
    waitingBytes = 0;
    if (first && buf.length >= 3) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        state.offsetAtStart += 3;
      }
    }
    const { records, starts, rest } = parseRecords(buf, delim, quote, final, state, name);
    let line = state.lineAtStart;
    let prev = 0;
    records.forEach((r, i) => {
      const start = starts[i] as number;
      line += countLf(buf, prev, start);
      prev = start;
      if (!header) {
        header = dedupeHeader(r);
        return;
      }
      pending.push(r);
      pendingLines.push(line);
    });
    state.lineAtStart += countLf(buf, 0, rest);
    state.offsetAtStart += rest;
    carry = buf.subarray(rest);
    while (pending.length >= batchRows || (final && pending.length > 0)) {
      const take = pending.splice(0, batchRows);
      const lines = pendingLines.splice(0, take.length);
      yield toRows(take, header as string[], infer, name, (i) => lines[i] ?? state.lineAtStart);
    }
  };

  for await (const chunk of openByteStream(input, name)) {
    waiting.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    waitingBytes += chunk.byteLength;
    // An incomplete record waits until the new bytes at least match the carried ones (linear total work).
    if (waitingBytes >= carry.length) yield* consume(false);
  }
  yield* consume(true);
  if (!header) {
    throw new DataFormatError("Empty CSV file: no header row", {
      file: name,
      hint: "pandas (and so Python datasets) rejects it too; pass `columnNames` if the file has no header",
    });
  }
  pending = [];
  pendingLines = [];
}

/**
 * Streams a CSV (RFC 4180) file in batches of rows: quoted fields, doubled quotes, separators and newlines
 * inside quotes, LF or CRLF line endings, a header row, blank (or spaces/tabs only) lines skipped as pandas does, a UTF-8 BOM dropped, gzip/zstd
 * detected by magic bytes. See {@link ReadCsvOptions.inferTypes} for how values are typed.
 * @param input - A path, the bytes, or an `AsyncIterable<Uint8Array>`.
 * @param options - See {@link ReadCsvOptions}.
 * @throws DataFormatError naming the file, line and byte offset for an unbalanced quote, and the line for a
 *   record with more fields than the header.
 */
export function readCsv(input: ByteInput, options: ReadCsvOptions = {}): AsyncGenerator<Row[]> {
  return typedErrors(inputName(input, options.name), readCsvImpl(input, options));
}

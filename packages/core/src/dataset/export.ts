import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Feature, Features } from "@crucible/types";
import { CrucibleError } from "@crucible/types";
import { fileWriter, parquetWriteRows } from "hyparquet-writer";
import { isPlainObject } from "./columns.js";

const BIGINT_MARK = "\u0000crucible-bigint:";
const BIGINT_RE = /"\\u0000crucible-bigint:(-?\d+)"/g;

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return `${BIGINT_MARK}${value.toString()}`;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  return value;
}

/**
 * One JSON line for a row: bigint as a bare JSON integer (exact), `Uint8Array` as a base64 string,
 * NaN/±Infinity as null (as pandas' `to_json` writes them), `undefined` fields omitted.
 */
export function toJsonLine(row: unknown): string {
  const json = JSON.stringify(row, replacer) ?? "null";
  return json.includes(BIGINT_MARK.slice(1)) ? json.replace(BIGINT_RE, "$1") : json;
}

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp-crucible`);
}

/**
 * Writes rows as JSON Lines, atomically (temp file + rename).
 * @returns The number of rows written.
 */
export function writeJsonl(path: string, rows: Iterable<unknown>): number {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPath(path);
  const fd = openSync(tmp, "w");
  let n = 0;
  try {
    let chunk: string[] = [];
    let size = 0;
    for (const row of rows) {
      const line = toJsonLine(row);
      chunk.push(line);
      size += line.length + 1;
      n++;
      if (size > 1 << 20) {
        writeSync(fd, `${chunk.join("\n")}\n`);
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) writeSync(fd, `${chunk.join("\n")}\n`);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (cause) {
    try {
      closeSync(fd);
    } catch {
      // closed
    }
    rmSync(tmp, { force: true });
    throw new CrucibleError("STORE", "Could not write the JSON Lines file", { file: path, cause });
  }
  return n;
}

/** A feature in the Hub's JSON form (the inverse of `featureFromHfJson` in @crucible/types). */
export function featureToHfJson(feature: Feature): unknown {
  switch (feature.kind) {
    case "value":
      return { dtype: feature.dtype, _type: "Value" };
    case "class_label":
      return { names: feature.names, _type: "ClassLabel" };
    case "list":
      return feature.length >= 0
        ? { feature: featureToHfJson(feature.feature), length: feature.length, _type: "List" }
        : { feature: featureToHfJson(feature.feature), _type: "List" };
    case "struct":
      return Object.fromEntries(Object.entries(feature.fields).map(([k, v]) => [k, featureToHfJson(v)]));
    case "image":
      return { _type: "Image" };
    case "unknown":
      return feature.spec;
  }
}

/** Whole features in the Hub's JSON form. */
export function featuresToHfJson(features: Features): Record<string, unknown> {
  return Object.fromEntries(Object.entries(features).map(([k, v]) => [k, featureToHfJson(v)]));
}

type BasicType = "BOOLEAN" | "INT32" | "INT64" | "FLOAT" | "DOUBLE" | "BYTE_ARRAY" | "STRING" | "JSON";

function parquetType(feature: Feature | undefined): BasicType | undefined {
  if (!feature) return undefined;
  if (feature.kind === "class_label") return "INT64";
  if (feature.kind !== "value") return undefined;
  switch (feature.dtype) {
    case "bool":
      return "BOOLEAN";
    case "int8":
    case "int16":
    case "int32":
    case "uint8":
    case "uint16":
      return "INT32";
    case "int64":
    case "uint32":
      return "INT64";
    case "float32":
    case "float":
      return "FLOAT";
    case "float64":
    case "double":
      return "DOUBLE";
    case "string":
    case "large_string":
      return "STRING";
    case "binary":
    case "large_binary":
      return "BYTE_ARRAY";
    default:
      return undefined;
  }
}

/** Options of `Dataset.toParquet`. */
export interface ToParquetOptions {
  /** Rows per row group. Default 10,000 (close to Python `datasets`' 10k–100k). */
  rowGroupSize?: number;
  /** Compression codec. Default `"SNAPPY"` (the only codec hyparquet-writer ships without extra compressors). */
  codec?: "SNAPPY" | "UNCOMPRESSED";
}

/**
 * Writes rows as a Parquet file with hyparquet-writer, streaming one row group at a time, atomically
 * (temp file + rename). Column types come from `features` where they are `Value`/`ClassLabel` (int64 values are
 * written as BigInt), otherwise they are detected by hyparquet-writer. When features are known they are stored in
 * the `huggingface` key-value metadata, as Python `datasets` does, so readers recover ClassLabel names.
 */
export async function writeParquet(
  path: string,
  rows: Iterable<unknown>,
  columns: string[],
  features: Features | undefined,
  options: ToParquetOptions = {},
): Promise<void> {
  if (columns.length === 0) {
    throw new CrucibleError("UNSUPPORTED", "toParquet needs at least one column", { file: path });
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPath(path);
  const int64Cols = columns.filter((c) => parquetType(features?.[c]) === "INT64");
  function* prepared(): Generator<Record<string, unknown>> {
    for (const row of rows) {
      const r = isPlainObject(row) ? row : { value: row };
      if (int64Cols.length === 0) {
        yield r;
        continue;
      }
      const out: Record<string, unknown> = { ...r };
      for (const c of int64Cols) {
        const v = out[c];
        if (typeof v === "number") out[c] = BigInt(v);
      }
      yield out;
    }
  }
  const kvMetadata = features
    ? [{ key: "huggingface", value: JSON.stringify({ info: { features: featuresToHfJson(features) } }) }]
    : undefined;
  try {
    const writer = fileWriter(tmp);
    await parquetWriteRows({
      writer,
      rows: prepared(),
      columns: columns.map((name) => {
        const type = parquetType(features?.[name]);
        return type ? { name, type } : { name };
      }),
      rowGroupSize: options.rowGroupSize ?? 10_000,
      codec: options.codec ?? "SNAPPY",
      ...(kvMetadata ? { kvMetadata } : {}),
      createdBy: "crucible",
    });
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new CrucibleError("STORE", "Could not write the Parquet file", { file: path, cause });
  }
}

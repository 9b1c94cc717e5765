import { toJsonLine } from "@crucible/core";
import { csvField } from "@crucible/core";
import { InvalidArgumentError } from "@crucible/types";
import type { CliIO } from "./context.js";
import { formatTable } from "./serialize.js";

/** Output formats of the commands that print records. */
export const OUTPUT_FORMATS = ["jsonl", "json", "csv", "table"] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The format asked for, else a table on a terminal and JSON Lines when piped. */
export function outputFormat(flag: string | undefined, io: CliIO, json?: boolean): OutputFormat {
  if (json) return "json";
  if (flag === undefined) return io.stdout.isTTY ? "table" : "jsonl";
  if (!(OUTPUT_FORMATS as readonly string[]).includes(flag)) {
    throw new InvalidArgumentError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}, got ${JSON.stringify(flag)}`);
  }
  return flag as OutputFormat;
}

/** A cell of a flat view: strings as they are, bytes as `<n bytes>`, anything else as core's JSON. */
function flatCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  return toJsonLine(v);
}

function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/**
 * Writes records in a format. JSON Lines and JSON use core's `toJsonLine` (bigint exact, bytes as base64, NaN as
 * null), so the CLI's output matches `Dataset.toJSONL`. CSV puts nested values in a cell as that JSON.
 * @param omit - Columns left out of the flat formats (table, CSV), e.g. a named row's `raw`.
 */
export function writeRecords(rows: readonly unknown[], format: OutputFormat, io: CliIO, omit: readonly string[] = []): void {
  if (format === "jsonl") {
    let buf = "";
    for (const r of rows) {
      buf += `${toJsonLine(r)}\n`;
      if (buf.length > 1 << 16) {
        io.stdout.write(buf);
        buf = "";
      }
    }
    if (buf) io.stdout.write(buf);
    return;
  }
  if (format === "json") {
    io.stdout.write(`[${rows.map((r) => toJsonLine(r)).join(",\n")}]\n`);
    return;
  }
  const flat = rows.map((r) => {
    const obj = r !== null && typeof r === "object" && !Array.isArray(r) ? (r as Record<string, unknown>) : { value: r };
    return Object.fromEntries(Object.entries(obj).filter(([k]) => !omit.includes(k)));
  });
  if (format === "table") {
    io.stdout.write(formatTable(flat));
    return;
  }
  const cols = columnsOf(flat);
  const lines = [cols.map(csvField).join(",")];
  for (const r of flat) lines.push(cols.map((c) => csvField(flatCell(r[c]))).join(","));
  io.stdout.write(`${lines.join("\r\n")}\r\n`);
}

import { toJsonLine } from "@crucible/core";

function cell(value: unknown, width: number): string {
  let s: string;
  if (typeof value === "string") s = value;
  else if (value instanceof Uint8Array) s = `<${value.byteLength} bytes>`;
  else s = toJsonLine(value);
  s = s.replace(/\s+/g, " ");
  return s.length > width ? `${s.slice(0, Math.max(1, width - 1))}…` : s;
}

/**
 * Formats rows as a plain text table (one header line, one line per row), cells cut to `maxWidth` characters.
 * @param rows - Rows to show.
 * @param maxWidth - Widest cell. Default 40.
 */
export function formatTable(rows: Array<Record<string, unknown>>, maxWidth = 40): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  if (columns.length === 0) return `(${rows.length} rows)\n`;
  const cells = rows.map((r) => columns.map((c) => cell(r[c], maxWidth)));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => (row[j] as string).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, j) => v.padEnd(widths[j] as number))
      .join(" | ")
      .trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line)].join("\n") + "\n";
}

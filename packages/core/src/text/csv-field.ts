/**
 * Quotes one CSV field per RFC 4180: wrapped in `"` (inner quotes doubled) when it holds `,`, `"`, CR or LF, else
 * unchanged. Shared by every CSV writer (eval's `toCsv`, the `crucible` CLI's `--format csv`).
 * @param value - Cell text.
 * @returns The field, quoted when needed.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

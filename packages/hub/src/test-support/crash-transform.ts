import { type RowContext, skipRow, type SkipRow } from "@crucible/core";

/** The transform of the crash test, shared by the test and its child process (same outputs in both). */
export function crashTransformRow(row: Record<string, unknown>, ctx: RowContext): { id: unknown; text: string; at: number } | SkipRow {
  return (row.id as number) % 1000 === 7 ? skipRow("sevens") : { id: row.id, text: String(row.text).toUpperCase(), at: ctx.index };
}

/** Its spec: outputs written to a row store as they are produced (so a kill lands mid-write). */
export const CRASH_SPEC = { name: "crash", version: 1, outputs: "store" as const };

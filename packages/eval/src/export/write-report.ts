/** Writes an export to a file, choosing the format from the extension. */
import { writeFile } from "node:fs/promises";
import { InvalidArgumentError } from "@crucible/types";
import type { ExportableResult } from "./common.js";
import { toCsv, type CsvOptions } from "./csv.js";
import { toHtml, type HtmlOptions } from "./html.js";
import { toJsonl } from "./jsonl.js";
import { toMarkdown, type MarkdownOptions } from "./markdown.js";

/** Export formats. */
export type ExportFormat = "csv" | "jsonl" | "markdown" | "html";

/**
 * Renders results in a format and writes them to `path` (UTF-8).
 * @param path - Output file. The format defaults from its extension: `.csv`, `.jsonl`, `.md`, `.html`/`.htm`.
 * @param results - Results.
 * @param options - `format` to override the extension, plus the chosen exporter's options.
 */
export async function writeReport(
  path: string,
  results: readonly ExportableResult[],
  options: { format?: ExportFormat } & CsvOptions & MarkdownOptions & HtmlOptions = {},
): Promise<void> {
  const ext = path.toLowerCase().split(".").pop() ?? "";
  const format: ExportFormat | undefined =
    options.format ??
    ({ csv: "csv", jsonl: "jsonl", md: "markdown", markdown: "markdown", html: "html", htm: "html" } as const)[ext as "csv"];
  if (!format)
    throw new InvalidArgumentError(`Cannot tell the export format of ${path}`, {
      file: path,
      hint: "Use .csv, .jsonl, .md or .html, or pass { format }",
    });
  const text =
    format === "csv"
      ? toCsv(results, options)
      : format === "jsonl"
        ? toJsonl(results)
        : format === "markdown"
          ? toMarkdown(results, options)
          : toHtml(results, options);
  await writeFile(path, text, "utf8");
}

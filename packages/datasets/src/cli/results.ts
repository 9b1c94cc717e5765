import { atomicWriteFile } from "@crucible/core";
import { ResultStore, type ResultSummary, toCsv, toHtml, toJsonl, toMarkdown } from "@crucible/eval";
import { InvalidArgumentError } from "@crucible/types";
import type { CliIO } from "./context.js";
import { outputFormat, writeRecords } from "./output.js";

/** Flags shared by `results` and `export`: which stored results. */
export interface ResultFilter {
  model?: string;
  dataset?: string;
  limit?: number;
  storePath?: string;
}

function openStore(flags: ResultFilter): ResultStore {
  return ResultStore.open({ readonly: false, ...(flags.storePath ? { path: flags.storePath } : {}) });
}

/** Stored results, newest first, whose id, model, dataset or tags contain the query (case-insensitive). */
function matching(store: ResultStore, query: string | undefined, flags: ResultFilter): ResultSummary[] {
  const q = query?.toLowerCase();
  const all = store.query({ ...(flags.model ? { model: flags.model } : {}), ...(flags.dataset ? { dataset: flags.dataset } : {}) });
  const hits = q ? all.filter((r) => [r.id, r.model, r.dataset, ...(r.tags ?? [])].some((s) => s.toLowerCase().includes(q))) : all;
  return flags.limit !== undefined ? hits.slice(0, flags.limit) : hits;
}

/**
 * `crucible results [query]`: the stored evaluation results (id, time, model, dataset, scores, coverage).
 * @returns How many were listed.
 */
export function resultsCommand(query: string | undefined, flags: ResultFilter & { json?: boolean; format?: string }, io: CliIO): number {
  const store = openStore(flags);
  try {
    const rows = matching(store, query, flags).map((r) => ({
      id: r.id,
      created: r.createdAt,
      model: r.model,
      dataset: r.dataset,
      ...r.metrics,
      answered: `${r.coverage.answered}/${r.coverage.total}`,
    }));
    if (rows.length === 0 && !flags.json && !flags.format) io.stderr.write("no stored results match (crucible eval … --store saves one)\n");
    writeRecords(rows, outputFormat(flags.format, io, flags.json), io);
    return rows.length;
  } finally {
    store.close();
  }
}

const EXPORT_FORMATS = ["csv", "jsonl", "md", "html"] as const;

/**
 * `crucible export [query] --format csv|jsonl|md|html [--out FILE] [--items]`: renders stored results with the
 * eval package's exporters, to stdout or atomically to a file.
 * @returns How many results were exported.
 */
export async function exportCommand(
  query: string | undefined,
  flags: ResultFilter & { format?: string; out?: string; items?: boolean },
  io: CliIO,
): Promise<number> {
  const format = flags.format ?? (flags.out ? flags.out.split(".").pop()?.toLowerCase().replace("markdown", "md") : undefined);
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new InvalidArgumentError(
      `--format must be one of ${EXPORT_FORMATS.join(", ")}${format ? `, got ${JSON.stringify(format)}` : ""}`,
    );
  }
  const store = openStore(flags);
  let text: string;
  let n: number;
  try {
    const full = matching(store, query, flags).flatMap((s) => store.load(s.id) ?? []);
    n = full.length;
    if (n === 0)
      throw new InvalidArgumentError(`no stored results match${query ? ` ${JSON.stringify(query)}` : ""} (crucible results lists them)`);
    text =
      format === "csv"
        ? toCsv(full, { items: Boolean(flags.items) })
        : format === "jsonl"
          ? toJsonl(full)
          : format === "md"
            ? toMarkdown(full)
            : toHtml(full);
  } finally {
    store.close();
  }
  if (flags.out) {
    await atomicWriteFile(flags.out, text);
    io.stderr.write(`wrote ${n} result${n === 1 ? "" : "s"} to ${flags.out}\n`);
  } else io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  return n;
}

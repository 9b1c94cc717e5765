import { InvalidArgumentError } from "@crucible/types";
import type { DatasetDomain } from "../registry/catalog.js";
import { list, search } from "../registry/find.js";
import type { CliIO } from "./context.js";
import { outputFormat, writeRecords } from "./output.js";

const DOMAINS: DatasetDomain[] = ["math", "chat", "preference", "code", "vision", "eval"];

/**
 * `crucible list [query] [--domain D] [--json] [--format F]`: the registered datasets (name, domain, task, row type,
 * repo, license, splits, description); a query keeps those whose metadata contains every word.
 * @returns How many were listed.
 */
export function listCommand(query: string | undefined, flags: { domain?: string; json?: boolean; format?: string }, io: CliIO): number {
  if (flags.domain !== undefined && !(DOMAINS as string[]).includes(flags.domain)) {
    throw new InvalidArgumentError(`--domain must be one of ${DOMAINS.join(", ")}, got ${JSON.stringify(flags.domain)}`);
  }
  const entries = (query ? search(query) : list()).filter((e) => flags.domain === undefined || e.domain === flags.domain);
  const format = outputFormat(flags.format, io, flags.json);
  if (format === "table") {
    const rows = entries.map((e) => ({
      name: e.name,
      domain: e.domain,
      rows: e.rowType,
      repo: e.repo,
      license: e.license,
      splits: e.splits.join(","),
      description: e.description,
    }));
    writeRecords(rows, "table", io);
  } else {
    writeRecords(entries, format, io);
  }
  return entries.length;
}

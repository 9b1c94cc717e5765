import { CATALOG, type DatasetDomain, type DatasetEntry } from "./catalog.js";
import type { DatasetName } from "./loaders.js";

/** Lower case without `_`, `-`, `.` or spaces: `MATH-500`, `math_500` and `math500` compare equal. */
const fold = (s: string): string => s.toLowerCase().replace(/[-_.\s]/g, "");

const byFolded = new Map<string, DatasetEntry>(CATALOG.map((e) => [fold(e.name), e]));

/**
 * The registry entry of a name, forgiving case and separators (`math_500`, `HH-RLHF`, `arena140k`).
 * A repo id (`org/name`) is never a registered name, even when the registry loads that repo.
 * @returns The entry, or undefined when the name is not registered.
 */
export function findEntry(name: string): DatasetEntry | undefined {
  if (name.includes("/")) return undefined;
  return byFolded.get(fold(name));
}

/** True when `name` is a registered dataset name (exactly as spelled in the registry). */
export function isDatasetName(name: string): name is DatasetName {
  return CATALOG.some((e) => e.name === name);
}

/** Filters of {@link list}. */
export interface ListFilter {
  /** Only this domain. Default: all. */
  domain?: DatasetDomain;
}

/**
 * The registered datasets, by domain then in the cookbook's order.
 * @param filter - `domain` (default: all).
 * @returns Copies of the entries (changing them does not change the registry).
 */
export function list(filter: ListFilter = {}): DatasetEntry[] {
  return CATALOG.filter((e) => filter.domain === undefined || e.domain === filter.domain).map((e) => structuredClone(e));
}

/**
 * Datasets whose name, repo, domain, task, row type, license or description contain every word of the query
 * (case-insensitive). `search("preference dpo")` → hh_rlhf, helpsteer3, ultrafeedback.
 * @param query - Words separated by spaces. An empty query matches everything.
 * @returns Matching entries, names matching first, then the registry's order.
 */
export function search(query: string): DatasetEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = (e: DatasetEntry) =>
    [e.name, e.repo, e.domain, e.task, e.rowType, e.license, e.description, e.loader.fn].join(" ").toLowerCase();
  const hits = CATALOG.filter((e) => words.every((w) => text(e).includes(w) || fold(text(e)).includes(fold(w))));
  const nameHit = (e: DatasetEntry) => (words.some((w) => fold(e.name).includes(fold(w)) || e.repo.toLowerCase().includes(w)) ? 0 : 1);
  return hits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => nameHit(a.e) - nameHit(b.e) || a.i - b.i)
    .map(({ e }) => structuredClone(e));
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Registered names close to a misspelt one, for "did you mean …": within an edit distance of a third of the
 * name's length (at least 2), or sharing a prefix/substring of 4+ characters, or naming the same repo.
 * @param input - What the user typed, e.g. `gsm8` or `hh-rhlf` or `openai/gsm8k`.
 * @param max - Most suggestions. Default 3.
 * @returns Names, closest first.
 */
export function suggestNames(input: string, max = 3): string[] {
  const q = fold(input.includes("/") ? (input.split("/").pop() as string) : input);
  if (!q) return [];
  const scored = CATALOG.map((e) => {
    const names = [fold(e.name), fold(e.repo.split("/")[1] as string)];
    let d = Math.min(...names.map((n) => editDistance(q, n)));
    if (input.toLowerCase() === e.repo.toLowerCase()) d = 0;
    else if (q.length >= 4 && names.some((n) => n.includes(q) || q.includes(n))) d = Math.min(d, 1);
    return { name: e.name, d };
  });
  const limit = Math.max(2, Math.floor(q.length / 3));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map((s) => s.name);
}

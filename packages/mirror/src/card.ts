import { parse } from "yaml";

/**
 * The YAML front matter of a dataset card (README.md) as JSON, like the Hub's `cardData`:
 * the block between a first line `---` and the next `---` line.
 * @param readme - The README text.
 * @returns The parsed object, or `undefined` when there is no front matter or it is not a YAML mapping
 *   (invalid YAML is treated as absent, never thrown).
 */
export function parseCardData(readme: string): Record<string, unknown> | undefined {
  const text = readme.replace(/^\uFEFF/, "");
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return undefined;
  try {
    const value: unknown = parse(m[1] ?? "", { uniqueKeys: true });
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

import { toJsonLine } from "@crucible/core";
import type { Message } from "@crucible/types";
import { imageInfo } from "@crucible/vision";
import type { CliHubOptions, CliIO } from "./context.js";
import { type LoadFlags, selectRows } from "./load.js";
import type { Row } from "@crucible/types";

const isObj = (v: unknown): v is Row => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Wraps text to `width` columns, each line prefixed, at most `maxLines` lines (then `…`). */
function wrap(text: string, width: number, prefix = "", maxLines = 8): string[] {
  const out: string[] = [];
  const w = Math.max(10, width - prefix.length);
  for (const para of text.split("\n")) {
    let rest = para;
    do {
      let cut = rest.length <= w ? rest.length : rest.lastIndexOf(" ", w);
      if (cut <= 0) cut = Math.min(w, rest.length);
      out.push(prefix + rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    } while (rest.length > 0);
  }
  if (out.length > maxLines) return [...out.slice(0, maxLines - 1), `${prefix}… (${out.length - maxLines + 1} more lines)`];
  return out;
}

function messageText(m: Message): string {
  if (typeof m.content === "string") return m.content;
  return m.content.map((p) => (p.type === "text" ? p.text : `[image]`)).join(" ");
}

/** `png 64×48, 1234 bytes` for image bytes, else undefined. */
export function describeImage(v: unknown): string | undefined {
  const bytes = v instanceof Uint8Array ? v : isObj(v) && v.bytes instanceof Uint8Array ? v.bytes : undefined;
  if (!bytes) return undefined;
  try {
    const info = imageInfo(bytes);
    return `${info.format} ${info.width}×${info.height}, ${bytes.byteLength} bytes`;
  } catch {
    return `${bytes.byteLength} bytes (not a recognised image)`;
  }
}

function turns(messages: Message[], width: number): string[] {
  return messages.flatMap((m) => wrap(messageText(m), width, `  ${m.role.padEnd(9)} │ `, 6));
}

function sideBySide(left: string[], right: string[], width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) out.push(`${(left[i] ?? "").padEnd(width)} │ ${right[i] ?? ""}`);
  return out;
}

function valueLine(key: string, v: unknown, width: number): string[] {
  const img = describeImage(v);
  if (img) return [`  ${key}: [image ${img}]`];
  const text = typeof v === "string" ? v : toJsonLine(v);
  return wrap(text, width, `  ${key}: `, 4);
}

/** A readable view of one row: conversations as turns, comparisons side by side, images as format/size. */
export function renderRow(row: Row, index: number, width: number): string {
  const lines: string[] = [
    `── ${typeof row.id === "string" ? row.id : `row ${index}`} ${"─".repeat(Math.max(0, width - 8 - String(row.id ?? index).length))}`,
  ];
  const skip = new Set(["id", "raw", "source"]);
  if (Array.isArray(row.messages)) {
    lines.push(...turns(row.messages as Message[], width));
    skip.add("messages");
  } else if (isObj(row.comparison)) {
    const c = row.comparison as { prompt: Message[]; completionA: Message[]; completionB: Message[] };
    const label = row.label;
    lines.push("  prompt:", ...turns(c.prompt, width));
    const half = Math.floor((width - 3) / 2);
    const side = (name: string, ms: Message[]) => [
      `${name}${label === name.slice(-1) ? " (preferred)" : ""}`,
      ...ms.flatMap((m) => wrap(messageText(m), half, "", 10)),
    ];
    lines.push(...sideBySide(side("completion A", c.completionA), side("completion B", c.completionB), half));
    skip.add("comparison").add("label");
  } else if (isObj(row.image) && "bytes" in row.image) {
    lines.push(`  image: [${describeImage(row.image) ?? "no bytes"}]`);
    if (row.className !== undefined) lines.push(`  class: ${String(row.className)} (label ${String(row.label)})`);
    skip.add("image").add("className").add("label");
  } else if (typeof row.question === "string" && Array.isArray(row.choices)) {
    lines.push(...wrap(row.question, width, "  "));
    (row.choices as unknown[]).forEach((c, i) =>
      lines.push(...wrap(String(c), width, `  ${i === row.answer ? "*" : " "}${String.fromCharCode(65 + i)}. `, 2)),
    );
    skip.add("question").add("choices").add("answer").add("answerLetter");
  }
  for (const [k, v] of Object.entries(row)) if (!skip.has(k) && v !== undefined) lines.push(...valueLine(k, v, width));
  return lines.join("\n");
}

/** `crucible preview <name|repo>`: the first rows (default 3) drawn for a terminal. @returns Rows shown. */
export async function previewCommand(
  target: string | undefined,
  flags: LoadFlags & { width?: number },
  hub: CliHubOptions,
  io: CliIO,
): Promise<number> {
  const { rows } = await selectRows(target, { ...flags, take: flags.take ?? 3 }, hub, io);
  const width = flags.width ?? Math.min(120, (io.stdout as { columns?: number }).columns ?? 100);
  io.stdout.write(`${rows.map((r, i) => renderRow(r, (flags.skip ?? 0) + i, width)).join("\n\n")}\n`);
  return rows.length;
}

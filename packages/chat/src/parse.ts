import { DataFormatError, type Message, messagesSchema } from "@crucible/types";
import { z } from "zod";
import { cookbookShareGptRole } from "./roles.js";

/** Where a row came from, for error messages. */
export interface RowLocation {
  /** Repository id or local file. */
  repo: string;
  /** Split name. Default in messages: omitted. */
  split?: string;
  /** Zero-based row index. */
  row: number;
  /** The column holding the messages, e.g. `messages`. */
  field: string;
  /** Revision, when known. */
  revision?: string;
}

function fieldPath(field: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : `${acc}.${String(p)}`), field);
}

function formatError(where: RowLocation, field: string, what: string): DataFormatError {
  const at = `${where.repo}${where.split ? ` split "${where.split}"` : ""} row ${where.row}`;
  return new DataFormatError(`${at}: ${field} ${what}`, {
    repo: where.repo,
    row: where.row,
    field,
    ...(where.revision ? { revision: where.revision } : {}),
    hint: "The row is not a valid conversation; loaders skip such rows and report them (onSkip) unless strict is set",
  });
}

/**
 * Validates a `messages` cell (`[{ role, content }]`, as in tulu-3-sft-mixture and no_robots) with
 * `messagesSchema` of @crucible/types. Roles are kept as written (the cookbook uses these messages as-is); extra
 * keys are dropped; an empty list is an error (no conversation to train on).
 * @param value - The cell.
 * @param where - Repo, split, row and field, for the error.
 * @returns The messages.
 * @throws DataFormatError naming repo, split, row and the offending field path (e.g. `messages[2].content`).
 */
export function parseMessages(value: unknown, where: RowLocation): Message[] {
  const plain = plainMessages(value);
  if (plain !== undefined) return plain;
  const parsed = messagesSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = fieldPath(where.field, issue?.path ?? []);
    throw formatError(where, path, `is invalid: ${issue?.message ?? "does not match { role, content }[]"}`);
  }
  if (parsed.data.length === 0) throw formatError(where, where.field, "is an empty list");
  return parsed.data.map((m) =>
    m.name === undefined ? { role: m.role, content: m.content } : { role: m.role, content: m.content, name: m.name },
  );
}

/**
 * The common case of {@link parseMessages} without zod: a non-empty array of objects whose `role` and `content` are
 * strings and whose `name` is a string or absent. Anything else returns undefined and goes through the schema, which
 * gives the same result for what this accepts (checked by the tests) and names the offending field otherwise.
 */
function plainMessages(value: unknown): Message[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const out: Message[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const m: unknown = value[i];
    if (typeof m !== "object" || m === null || Array.isArray(m) || Object.getPrototypeOf(m) !== Object.prototype) return undefined;
    const { role, content, name } = m as { role?: unknown; content?: unknown; name?: unknown };
    if (typeof role !== "string" || typeof content !== "string") return undefined;
    if (name === undefined) out[i] = { role, content };
    else if (typeof name === "string") out[i] = { role, content, name };
    else return undefined;
  }
  return out;
}

const shareGptSchema = z.array(z.object({ from: z.string(), value: z.string() }));

/**
 * Converts a ShareGPT `conversations` cell (`[{ from, value }]`, as in OpenThoughts3) to messages the way the
 * cookbook does: `role = "user" if from == "human" else "assistant"`, `content = value`.
 * @param value - The cell.
 * @param where - Repo, split, row and field, for the error.
 * @param mapRole - Role mapping. Default: the cookbook's rule ({@link cookbookShareGptRole}).
 * @returns The messages.
 * @throws DataFormatError naming repo, split, row and field path when the cell is not a non-empty `{from, value}[]`.
 */
export function parseShareGpt(value: unknown, where: RowLocation, mapRole: (from: string) => string = cookbookShareGptRole): Message[] {
  const parsed = shareGptSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw formatError(
      where,
      fieldPath(where.field, issue?.path ?? []),
      `is invalid: ${issue?.message ?? "does not match { from, value }[]"}`,
    );
  }
  if (parsed.data.length === 0) throw formatError(where, where.field, "is an empty list");
  return parsed.data.map((t) => ({ role: mapRole(t.from), content: t.value }));
}

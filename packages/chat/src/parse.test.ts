import { DataFormatError, messagesSchema } from "@crucible/types";
import { describe, expect, it } from "vitest";
import { parseMessages, parseShareGpt } from "./parse.js";
import { cookbookShareGptRole, normalizeRole, ROLE_ALIASES } from "./roles.js";

describe("normalizeRole", () => {
  it("maps the documented aliases, case- and space-insensitively", () => {
    expect(["human", "HUMAN", " user ", "prompter"].map(normalizeRole)).toEqual(["user", "user", "user", "user"]);
    expect(["gpt", "bot", "model", "chatgpt", "Assistant"].map(normalizeRole)).toEqual(Array(5).fill("assistant"));
    expect(["system", "tool", "function", "ipython"].map(normalizeRole)).toEqual(["system", "tool", "tool", "tool"]);
    expect(Object.keys(ROLE_ALIASES)).toHaveLength(12);
  });
  it("returns unknown roles unchanged", () => {
    expect(normalizeRole("Narrator")).toBe("Narrator");
  });
  it("cookbook ShareGPT rule: only exact 'human' is user", () => {
    expect(["human", "gpt", "system", "Human"].map(cookbookShareGptRole)).toEqual(["user", "assistant", "assistant", "assistant"]);
  });
});

describe("parseMessages / parseShareGpt", () => {
  const where = { repo: "org/ds", split: "train", row: 7, field: "messages" };
  it("keeps roles and content, drops extra keys", () => {
    expect(
      parseMessages(
        [
          { role: "user", content: "hi", extra: 1 },
          { role: "assistant", content: "yo" },
        ],
        where,
      ),
    ).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "yo" },
    ]);
  });
  it("names repo, split, row and the field path of a bad message", () => {
    let error: unknown;
    try {
      parseMessages(
        [
          { role: "user", content: "hi" },
          { role: "assistant", content: null },
        ],
        where,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFormatError);
    const e = error as DataFormatError;
    expect(e.message).toContain('org/ds split "train" row 7: messages[1].content');
    expect(e.location).toMatchObject({ repo: "org/ds", row: 7, field: "messages[1].content" });
  });
  it("gives exactly the schema's result for every cell shape (the zod-free fast path included)", () => {
    const schemaOnly = (cell: unknown) => {
      const parsed = messagesSchema.safeParse(cell);
      if (!parsed.success || parsed.data.length === 0) return "error";
      return parsed.data.map((m) => (m.name === undefined ? { role: m.role, content: m.content } : { ...m }));
    };
    const messages: unknown[] = [
      { role: "user", content: "hi" },
      { role: "user", content: "hi", name: "n" },
      { role: "user", content: "hi", name: undefined },
      { role: "user", content: "hi", name: null },
      { role: "user", content: "hi", name: 3 },
      { role: "user", content: [{ type: "text", text: "part" }] },
      { role: "user", content: null },
      { role: 1, content: "x" },
      { content: "x" },
      { role: "user", content: "x", extra: [1] },
      Object.assign(Object.create(null) as object, { role: "user", content: "x" }),
      new Map([["role", "user"]]),
      null,
      "text",
      ["user", "hi"],
    ];
    const cells: unknown[] = [null, undefined, "x", {}, [], ...messages.map((m) => [m]), ...messages.map((m) => [messages[0], m])];
    for (const cell of cells) {
      const expected = schemaOnly(cell);
      let got: unknown;
      try {
        got = parseMessages(cell, where);
      } catch (e) {
        expect(e).toBeInstanceOf(DataFormatError);
        got = "error";
      }
      expect(got, JSON.stringify(cell)).toEqual(expected);
      if (Array.isArray(got)) for (const m of got) expect(Object.keys(m)).toEqual(Object.keys(m).filter((k) => m[k] !== undefined));
    }
  });
  it("rejects null and empty lists", () => {
    expect(() => parseMessages(null, where)).toThrow(/row 7: messages is invalid/);
    expect(() => parseMessages([], where)).toThrow(/messages is an empty list/);
  });
  it("maps ShareGPT turns with the cookbook rule", () => {
    expect(
      parseShareGpt(
        [
          { from: "human", value: "q" },
          { from: "gpt", value: "a" },
        ],
        { ...where, field: "conversations" },
      ),
    ).toEqual([
      { role: "user", content: "q" },
      { role: "assistant", content: "a" },
    ]);
    expect(() => parseShareGpt([{ from: "human" }], { ...where, field: "conversations" })).toThrow(/conversations\[0\]\.value/);
  });
});

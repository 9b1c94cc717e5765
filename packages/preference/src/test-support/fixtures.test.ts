import { readParquet } from "@crucible/core";
import { describe, expect, it } from "vitest";
import { parquet } from "./fixtures.js";

describe("fixture parquet writer", () => {
  it("round-trips flat and list<struct> columns through core's readParquet", async () => {
    const bytes = parquet([
      { name: "id", kind: "string", data: ["t0", "t1"] },
      { name: "score", kind: "double", data: [1.5, 2] },
      {
        name: "chosen",
        kind: "messages",
        data: [
          [
            { content: "p", role: "user" },
            { content: "c", role: "assistant" },
          ],
          [{ content: "q", role: "user" }],
        ],
      },
    ]);
    const rows: unknown[] = [];
    const buffer = { byteLength: bytes.byteLength, slice: (s: number, e?: number) => bytes.slice(s, e).buffer };
    for await (const batch of readParquet(buffer)) rows.push(...batch);
    expect(rows).toEqual([
      {
        id: "t0",
        score: 1.5,
        chosen: [
          { content: "p", role: "user" },
          { content: "c", role: "assistant" },
        ],
      },
      { id: "t1", score: 2, chosen: [{ content: "q", role: "user" }] },
    ]);
  });
});

// The `where` / `orderby` parser: what reaches SQLite is generated identifiers, fixed keywords and `?` parameters.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "@crucible/types";
import { parseOrderBy, parseWhere, type FilterColumn } from "./where.js";

const cols: FilterColumn[] = [
  { name: "text", sql: "c0", kind: "string" },
  { name: "n", sql: "c1", kind: "int" },
  { name: "ok", sql: "c2", kind: "bool" },
  { name: 'we"ird col', sql: "c3", kind: "float" },
];

describe("parseWhere", () => {
  it("turns expressions into parameterised SQL over generated columns", () => {
    expect(parseWhere(`"text" = 'it''s' AND (n >= -3 OR NOT ok = TRUE)`, cols)).toEqual({
      sql: "(c0 = ? AND (c1 >= ? OR (NOT c2 = ?)))",
      params: ["it's", -3, 1],
    });
    expect(parseWhere(`"we""ird col" BETWEEN 1.5 AND 2e3`, cols)).toEqual({ sql: "c3 BETWEEN ? AND ?", params: [1.5, 2000] });
    expect(parseWhere(`n NOT IN (1, '2') AND text NOT LIKE '%x%' AND n IS NOT NULL`, cols)).toEqual({
      sql: "(c1 NOT IN (?, ?) AND c0 NOT LIKE ? ESCAPE '\\' AND c1 IS NOT NULL)",
      params: [1, 2, "%x%"],
    });
    expect(parseWhere(`ok = 'false' AND n <> 2 AND n == 3`, cols).params).toEqual([0, 2, 3]);
  });

  it.each([
    [`n = 1; DROP TABLE rows`, /unexpected character ";"/],
    [`n = 1 UNION SELECT 1`, /unexpected text/],
    [`n = (SELECT 1)`, /expected a value/],
    [`missing = 1`, /unknown or unfilterable column "missing"/],
    [`n = 'abc'`, /is numeric/],
    [`ok = 'maybe'`, /is boolean/],
    [`text = 'open`, /unterminated string/],
    [`n LIKE '1'`, /LIKE needs a string column/],
    [`n = 1 -- comment`, /unexpected/],
    [`c0 = 'x'`, /unknown or unfilterable column "c0"/],
  ])("rejects %s", (where, message) => {
    expect(() => parseWhere(where, cols)).toThrow(InvalidArgumentError);
    expect(() => parseWhere(where, cols)).toThrow(message);
  });
});

describe("parseOrderBy", () => {
  it("accepts columns with directions only", () => {
    expect(parseOrderBy(`"n" DESC, text`, cols)).toBe("c1 DESC, c0 ASC");
    expect(() => parseOrderBy("n; DROP TABLE rows", cols)).toThrow(InvalidArgumentError);
    expect(() => parseOrderBy("random()", cols)).toThrow(InvalidArgumentError);
    expect(() => parseOrderBy("n DESC NULLS LAST", cols)).toThrow(InvalidArgumentError);
  });
});

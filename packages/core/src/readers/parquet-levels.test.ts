import type { SchemaElement, SchemaTree } from "hyparquet";
import { assembleLists } from "hyparquet/src/assemble.js";
import { describe, expect, it } from "vitest";
import { NestedLevels } from "./parquet-levels.js";

/** A schema path root → … → leaf from elements (each the only child of the one before). */
function schemaPath(elements: Array<Partial<SchemaElement>>): SchemaTree[] {
  const path: SchemaTree[] = [];
  const names: string[] = [];
  for (const [i, e] of elements.entries()) {
    if (i > 0) names.push(e.name as string);
    path.push({ element: { name: "x", ...e } as SchemaElement, children: [], count: 1, path: [...names] });
  }
  for (let i = 0; i + 1 < path.length; i++) (path[i] as SchemaTree).children.push(path[i + 1] as SchemaTree);
  return path;
}

// optional list<optional int32>: max definition level 3, max repetition level 1
const listPath = schemaPath([
  { name: "root" },
  { name: "xs", repetition_type: "OPTIONAL", converted_type: "LIST" },
  { name: "list", repetition_type: "REPEATED" },
  { name: "element", repetition_type: "OPTIONAL", type: "INT32" },
]);
// rows: [1, 2] · null · [] · [3, null, 4] · [5]; the 4th row continues on the second page
const pageA = { def: [3, 3, 0, 1, 3, 2], rep: [0, 1, 0, 0, 0, 1], values: [1, 2, 3] };
const pageB = { def: [3, 3], rep: [1, 0], values: [4, 5] };

describe("NestedLevels", () => {
  const whole = assembleLists(
    [],
    [...pageA.def, ...pageB.def],
    [...pageA.rep, ...pageB.rep],
    [...pageA.values, ...pageB.values],
    listPath,
  ) as unknown[];

  it("assembles slices of rows as hyparquet assembles the whole column, also a row continued on the next page", () => {
    expect(whole).toHaveLength(5);
    const levels = new NestedLevels(listPath);
    levels.push(pageA.def, pageA.rep, pageA.values, 6);
    expect(levels.rows).toBe(4); // the 4th has started; the next page may continue it
    expect(levels.take(3)).toEqual(whole.slice(0, 3));
    levels.push(pageB.def, pageB.rep, pageB.values, 2);
    expect(levels.rows).toBe(2);
    expect(JSON.stringify(whole[3])).toContain("3,null,4");
    expect(levels.take(1)).toEqual(whole.slice(3, 4)); // levels and values from both pages
    expect(levels.take(1)).toEqual(whole.slice(4));
    expect(levels.rows).toBe(0);
  });

  it("drops rows without assembling them, then takes the rest", () => {
    const levels = new NestedLevels(listPath);
    levels.push(pageA.def, pageA.rep, pageA.values, 6);
    levels.push(pageB.def, pageB.rep, pageB.values, 2);
    levels.drop(3);
    expect(levels.take(2)).toEqual(whole.slice(3));
  });

  it("a page without nulls (no definition levels) next to one with them", () => {
    const levels = new NestedLevels(listPath);
    levels.push([], [0, 1, 0], [1, 2, 3], 3); // [1, 2] · [3]
    levels.push([0, 3], [0, 0], [4], 2); // null · [4]
    const want = assembleLists([], [3, 3, 3, 0, 3], [0, 1, 0, 0, 0], [1, 2, 3, 4], listPath);
    expect(levels.take(4)).toEqual(want);
  });

  it("a struct field without repetition: every entry is a row", () => {
    const path = schemaPath([
      { name: "root" },
      { name: "s", repetition_type: "OPTIONAL" },
      { name: "a", repetition_type: "OPTIONAL", type: "INT32" },
    ]);
    const levels = new NestedLevels(path);
    levels.push([2, 1, 0, 2], [], [7, 8], 4);
    expect(levels.rows).toBe(4);
    const want = assembleLists([], [2, 1, 0, 2], [], [7, 8], path) as unknown[];
    expect([...levels.take(1), ...levels.take(3)]).toEqual(want);
  });

  it("asking for more rows than held is an error, not a short slice", () => {
    const levels = new NestedLevels(listPath);
    levels.push(pageA.def, pageA.rep, pageA.values, 6);
    expect(() => levels.take(5)).toThrow(/5 rows asked, 4 held/);
    expect(() => levels.push([3], [0, 0], [1], 2)).toThrow(/definition levels/);
  });
});

import { describe, expect, it } from "vitest";
import { gradeAnswer } from "./grade.js";

const m = (rows: Array<Array<number | string>>): string => `\\begin{pmatrix}${rows.map((r) => r.join(" & ")).join(" \\\\ ")}\\end{pmatrix}`;

describe("matrix arithmetic in answers", () => {
  it.each([
    [
      `${m([
        [1, 2],
        [3, 4],
      ])} + ${m([
        [5, 6],
        [7, 8],
      ])}`,
      m([
        [6, 8],
        [10, 12],
      ]),
      true,
    ],
    [
      `${m([
        [1, 2],
        [3, 4],
      ])} - ${m([
        [5, 6],
        [7, 8],
      ])}`,
      m([
        [-4, -4],
        [-4, -4],
      ]),
      true,
    ],
    [
      `${m([
        [1, 2],
        [3, 4],
      ])} + ${m([
        [5, 6],
        [7, 8],
      ])}`,
      m([
        [6, 8],
        [10, 13],
      ]),
      false,
    ],
    [
      `${m([
        [1, 0],
        [0, 1],
      ])} ${m([
        [1, 0],
        [0, 1],
      ])}`,
      m([
        [1, 0],
        [0, 1],
      ]),
      true,
    ],
    [
      `${m([
        [1, 2],
        [3, 4],
      ])} ${m([
        [0, 1],
        [1, 0],
      ])}`,
      m([
        [2, 1],
        [4, 3],
      ]),
      true,
    ],
    [
      `${m([
        [1, 2],
        [3, 4],
      ])} ${m([
        [0, 1],
        [1, 0],
      ])}`,
      m([
        [3, 4],
        [1, 2],
      ]),
      false,
    ], // the product in the other order
    [
      `2 ${m([
        [1, 2],
        [3, 4],
      ])}`,
      m([
        [2, 4],
        [6, 8],
      ]),
      true,
    ],
    [`-${m([["x", 1]])}`, m([["-x", -1]]), true],
    [`${m([[1, 2, 3]])} ${m([[1], [1], [1]])}`, m([[6]]), true],
  ])("%s = %s → %s", (given, reference, expected) => {
    expect(gradeAnswer(given, reference)).toBe(expected);
    expect(gradeAnswer(reference, given)).toBe(expected);
  });

  it("matrices that cannot be added or multiplied stay unequal to anything", () => {
    expect(gradeAnswer(`${m([[1, 2]])} + ${m([[1], [2]])}`, m([[2, 4]]))).toBe(false);
    expect(gradeAnswer(`${m([[1, 2]])} ${m([[1, 2]])}`, m([[1, 4]]))).toBe(false);
  });
});

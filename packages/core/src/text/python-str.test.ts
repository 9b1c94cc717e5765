import { describe, expect, it } from "vitest";
import { pyRstrip, pySplit, pyStrip } from "./python-str.js";

describe("Python str whitespace", () => {
  it("strips and splits on Python's whitespace set, not JS's", () => {
    // U+001C..U+001F and U+0085 are whitespace to Python (not to JS \s); U+FEFF is whitespace to JS only.
    expect(pyStrip("\x1c\x85 a b\u3000\t")).toBe("a b");
    expect(pyStrip("\ufeffa\ufeff")).toBe("\ufeffa\ufeff");
    expect(pyRstrip("  a \x1f\n")).toBe("  a");
    expect(pySplit("  a\x1eb\u2028c  ")).toEqual(["a", "b", "c"]);
    expect(pySplit(" \t ")).toEqual([]);
    expect(pySplit("a\ufeffb")).toEqual(["a\ufeffb"]);
  });
});

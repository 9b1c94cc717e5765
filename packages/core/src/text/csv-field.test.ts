import { describe, expect, it } from "vitest";
import { csvField } from "./csv-field.js";

describe("csvField", () => {
  it("quotes per RFC 4180 only when needed", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField("a\rb")).toBe('"a\rb"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("")).toBe("");
  });
});

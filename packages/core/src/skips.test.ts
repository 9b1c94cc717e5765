import { afterEach, describe, expect, it, vi } from "vitest";
import { SkipCollector, type SkippedRow } from "./skips.js";

const row = (reason: "bad" | "expected", index: number): SkippedRow<"bad" | "expected"> => ({
  repo: "o/r",
  config: "default",
  split: "train",
  index,
  reason,
  raw: { i: index },
});

afterEach(() => vi.restoreAllMocks());

describe("SkipCollector", () => {
  it("passes every row to onSkip and warns nothing", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const seen: number[] = [];
    const skips = new SkipCollector<"bad" | "expected">("l", (r) => seen.push(r.index), { warningCode: "X" });
    skips.add(row("bad", 1));
    skips.add(row("expected", 2));
    skips.finish();
    expect(seen).toEqual([1, 2]);
    expect(skips.count("bad")).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it("without onSkip, one warning counts the unexpected reasons", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const skips = new SkipCollector<"bad" | "expected">("loader", undefined, { warningCode: "CODE", expected: ["expected"] });
    skips.add(row("bad", 1));
    skips.add(row("bad", 2));
    skips.add(row("expected", 3));
    skips.finish();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith("loader: skipped 2 × bad (pass onSkip to see each row)", { code: "CODE" });
  });

  it("only expected skips: no warning", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const skips = new SkipCollector<"bad" | "expected">("l", undefined, { warningCode: "C", expected: ["expected"] });
    skips.add(row("expected", 1));
    skips.finish();
    expect(warn).not.toHaveBeenCalled();
  });
});

import { readFileSync } from "node:fs";
import { CrucibleError, SplitNotFoundError, SplitSyntaxError } from "@crucible/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSplit, resolveSplit, SplitSpecError } from "./index.js";

// Made once by ../rng/__fixtures__/generate.py with Python `datasets` 5.0.1: ReadInstruction.from_spec(spec).to_absolute(name2len).
const fixture = JSON.parse(readFileSync(new URL("../rng/__fixtures__/datasets.json", import.meta.url), "utf8")) as {
  name2len: Record<string, number>;
  splits: Array<{ spec: string; result?: Array<[string, number, number]>; error?: string }>;
};

// A JS transcription of datasets.arrow_reader._SUB_SPEC_RE (ASCII word characters), used as an oracle.
const SUB_SPEC_RE = /^\w+(?:\.\w+)*(?:\[(?:-?[\d_]+%?)?:(?:-?[\d_]+%?)?\])?(?:\([^)]*\))?\n?$/;

describe("resolveSplit (Python datasets ReadInstruction parity)", () => {
  it("covers many specs", () => {
    expect(fixture.splits.length).toBeGreaterThan(100);
  });

  for (const c of fixture.splits) {
    it(`${JSON.stringify(c.spec)} → ${c.error ?? JSON.stringify(c.result)}`, () => {
      if (c.result) {
        expect(resolveSplit(c.spec, fixture.name2len).map((r) => [r.split, r.start, r.end])).toEqual(c.result);
        return;
      }
      let err: unknown;
      try {
        resolveSplit(c.spec, fixture.name2len);
      } catch (e) {
        err = e;
      }
      expect(CrucibleError.isInstance(err), `expected an error for ${JSON.stringify(c.spec)}`).toBe(true);
      if (c.error?.includes("Unknown split")) {
        expect(err).toBeInstanceOf(SplitNotFoundError);
        expect((err as SplitNotFoundError).available).toEqual(Object.keys(fixture.name2len));
      } else {
        expect(err).toBeInstanceOf(SplitSyntaxError);
        expect((err as SplitSyntaxError).code).toBe("SPLIT_SYNTAX");
        // The Python message (minus "ValueError: " and the trailing period) is part of ours.
        const pyMessage = (c.error ?? "").replace(/^ValueError: /, "").replace(/\.$/, "");
        const core = pyMessage.startsWith("Unrecognized instruction format") ? "Unrecognized instruction format" : pyMessage;
        expect((err as Error).message).toContain(core);
      }
    });
  }

  it("reports the offending text and position", () => {
    const err = (() => {
      try {
        parseSplit("train[:10%]+test[1:2]x");
      } catch (e) {
        return e as SplitSpecError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SplitSpecError);
    expect(err?.position).toBe(21);
    expect(err?.spec).toBe("train[:10%]+test[1:2]x");
    expect(err?.message).toContain('"x"');
    expect(err?.name).toBe("SplitSyntaxError");
  });

  it("parses terms with their units, roundings and positions", () => {
    expect(parseSplit("train[10%:-20]  + test(closest)".replace("(closest)", "[:3]"))).toEqual([
      { split: "train", from: 10, to: -20, unit: "%", rounding: "closest", text: "train[10%:-20]", position: 0 },
      { split: "test", from: undefined, to: 3, unit: "abs", rounding: undefined, text: "test[:3]", position: 18 },
    ]);
    expect(parseSplit("train[:10%](pct1_dropremainder)")[0]?.rounding).toBe("pct1_dropremainder");
  });

  it("property: the scanner accepts exactly what Python's regex accepts (ASCII alphabet)", () => {
    const alphabet = fc.constantFrom(..."ab_.1-0%:[]()x\n9".split(""));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 14 }).map((cs) => cs.join("")),
        (term) => {
          let parsedOk = true;
          try {
            parseSplit(term);
          } catch (e) {
            // Semantic errors (int literal, rounding, percent range) come after a successful match.
            parsedOk = !(e as Error).message.startsWith("Unrecognized instruction format");
          }
          expect(parsedOk, JSON.stringify(term)).toBe(SUB_SPEC_RE.test(term));
        },
      ),
      { numRuns: 3000 },
    );
  });

  const slice = fc.record({
    from: fc.option(fc.integer({ min: -150, max: 150 }), { nil: undefined }),
    to: fc.option(fc.integer({ min: -150, max: 150 }), { nil: undefined }),
    pct: fc.boolean(),
  });

  it("property: resolved ranges lie within [0, length]", () => {
    fc.assert(
      fc.property(slice, fc.integer({ min: 0, max: 100000 }), ({ from, to, pct }, n) => {
        if (pct && ((from !== undefined && Math.abs(from) > 100) || (to !== undefined && Math.abs(to) > 100))) return;
        const b = (v: number | undefined) => (v === undefined ? "" : `${v}${pct ? "%" : ""}`);
        const spec = `train[${b(from)}:${b(to)}]`;
        const [r] = resolveSplit(spec, { train: n });
        expect(r!.start).toBeGreaterThanOrEqual(0);
        expect(r!.end).toBeGreaterThanOrEqual(0);
        expect(r!.start).toBeLessThanOrEqual(n);
        expect(r!.end).toBeLessThanOrEqual(n);
      }),
      { numRuns: 500 },
    );
  });

  it("property: k-percent slices partition the split (closest rounding)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50000 }), fc.integer({ min: 1, max: 20 }), (n, parts) => {
        const cuts = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * 100) / parts));
        const spec = cuts
          .slice(1)
          .map((c, i) => `train[${cuts[i]}%:${c}%]`)
          .join("+");
        const ranges = resolveSplit(spec, { train: n });
        expect(ranges[0]!.start).toBe(0);
        expect(ranges.at(-1)!.end).toBe(n);
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
      }),
      { numRuns: 200 },
    );
  });

  it("rounds half to even like Python's round()", () => {
    // 50% of 3 = 1.5 → 2; 50% of 5 = 2.5 → 2; 10% of 25 = 2.5 → 2; 10% of 35 = 3.5 → 4.
    expect(resolveSplit("a[:50%]", { a: 3 })[0]!.end).toBe(2);
    expect(resolveSplit("a[:50%]", { a: 5 })[0]!.end).toBe(2);
    expect(resolveSplit("a[:10%]", { a: 25 })[0]!.end).toBe(2);
    expect(resolveSplit("a[:10%]", { a: 35 })[0]!.end).toBe(4);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractBoxed } from "../extract/boxed.js";
import { gradeAnswer, gradeAnswerDetailed } from "./grade.js";

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
const settings = { numRuns: 300, seed: 20261125 };

describe("grader properties (fast-check)", () => {
  it("never throws and always answers a boolean, whatever the strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        const r = gradeAnswerDetailed(a, b, { timeoutMs: 200 });
        return typeof r.correct === "boolean";
      }),
      settings,
    );
  });

  it("never throws on LaTeX-like noise", () => {
    const token = fc.constantFrom(
      "\\frac",
      "{",
      "}",
      "(",
      ")",
      "[",
      "]",
      "\\sqrt",
      "^",
      "_",
      "x",
      "1",
      "2",
      ",",
      "\\pm",
      "\\cup",
      "=",
      "<",
      "\\left(",
      "\\right)",
      "\\text{",
      "\\boxed{",
      "\\infty",
      "-",
      "+",
      "\\\\",
      "&",
      "\\begin{pmatrix}",
      "\\end{pmatrix}",
      ".",
      "%",
      "$",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.array(token, { maxLength: 40 }), (a, b) => {
        gradeAnswer(a.join(""), b.join(""), { timeoutMs: 200 });
        gradeAnswer(a.join(""), a.join(""), { timeoutMs: 200 });
        return true;
      }),
      settings,
    );
  });

  it("a fraction equals its reduced form and its decimal when finite, and not its neighbour", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 1, max: 400 }), (a, b) => {
        const g = gcd(a, b) || 1;
        const reduced = `${a / g}/${b / g}`;
        expect(gradeAnswer(`\\frac{${a}}{${b}}`, reduced)).toBe(true);
        expect(gradeAnswer(`\\dfrac{${a}}{${b}}`, `${a}/${b}`)).toBe(true);
        expect(gradeAnswer(`\\frac{${a + 1}}{${b}}`, reduced)).toBe(false);
        // 2^i 5^j denominators have exact decimals
        if (10 ** 6 % (b / g) === 0) {
          expect(gradeAnswer((a / g / (b / g)).toFixed(6), reduced)).toBe(true);
        }
      }),
      settings,
    );
  });

  it("a polynomial equals any reordering of its terms and differs when one coefficient changes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -9, max: 9 }).filter((c) => c !== 0),
          { minLength: 2, maxLength: 6 },
        ),
        fc.nat(),
        (coeffs, k) => {
          const terms = coeffs.map((c, i) => `${c}x^{${i}}`);
          const poly = terms.join("+").replace(/\+-/g, "-");
          const shuffled = [...terms].reverse().join("+").replace(/\+-/g, "-");
          expect(gradeAnswer(shuffled, poly)).toBe(true);
          const j = k % coeffs.length;
          const changed = coeffs
            .map((c, i) => `${i === j ? c + 1 : c}x^{${i}}`)
            .join("+")
            .replace(/\+-/g, "-");
          expect(gradeAnswer(changed, poly)).toBe(false);
        },
      ),
      settings,
    );
  });

  it("integers compare exactly, however large", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (n) => {
        expect(gradeAnswer(String(n), String(n))).toBe(true);
        expect(gradeAnswer(String(n + 1n), String(n))).toBe(false);
        expect(gradeAnswer(`${n}.0`, String(n))).toBe(true);
      }),
      settings,
    );
  });

  it("extractBoxed returns what was boxed (balanced content) and never throws", () => {
    const content = fc
      .array(fc.constantFrom("a", "1", "{x}", "\\frac{1}{2}", " ", "+", "\\{1\\}"), { maxLength: 10 })
      .map((p) => p.join(""));
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !/[{}\\]/.test(s)),
        content,
        (prefix, body) => {
          const r = extractBoxed(`${prefix} \\boxed{${body}} end`);
          expect(r).toMatchObject({ ok: true, value: body });
        },
      ),
      settings,
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => typeof extractBoxed(s).ok === "boolean"),
      settings,
    );
  });
});

import type { Rational } from "./rational.js";

/**
 * The expression tree produced by {@link parseLatex}. Covers what MATH / GSM8K answers use: numbers, variables,
 * arithmetic, powers, roots, functions, ±, tuples, intervals, sets, unions, relations, matrices and base-n numerals.
 */
export type MathNode =
  | {
      kind: "num";
      value: Rational;
      /** Decimal places of the last written digit (`1.50` → 2, `6.7e-5` → 6); 0 for integers. */
      decimals: number;
      /** Significant digits written (`0.0833` → 3). */
      digits: number;
      /** Written as an integer literal. */
      intLiteral: boolean;
    }
  | { kind: "var"; name: string }
  | { kind: "const"; name: "pi" | "e" | "i" | "inf" }
  | { kind: "neg"; arg: MathNode }
  | { kind: "add"; terms: Array<{ sign: 1 | -1 | "pm" | "mp"; node: MathNode }> }
  | { kind: "mul"; args: [MathNode, MathNode] }
  | { kind: "div"; args: [MathNode, MathNode] }
  | { kind: "pow"; args: [MathNode, MathNode] }
  | { kind: "fn"; name: string; args: MathNode[] }
  | { kind: "tuple"; open: "(" | "["; close: ")" | "]"; items: MathNode[] }
  | { kind: "set"; items: MathNode[] }
  | { kind: "list"; items: MathNode[] }
  | { kind: "union"; items: MathNode[] }
  | { kind: "rel"; ops: string[]; terms: MathNode[] }
  | { kind: "matrix"; rows: MathNode[][] }
  | { kind: "based"; digits: string; base: string };

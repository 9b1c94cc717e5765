import type { MathNode } from "./ast.js";

type Rows = MathNode[][];

/** Entries of a matrix expression larger than this are not built (keeps the work bounded). @internal */
const MAX_ENTRIES = 400;

function hasMatrix(n: MathNode): boolean {
  switch (n.kind) {
    case "matrix":
      return true;
    case "neg":
      return hasMatrix(n.arg);
    case "add":
      return n.terms.some((t) => hasMatrix(t.node));
    case "mul":
      return hasMatrix(n.args[0]) || hasMatrix(n.args[1]);
    default:
      return false;
  }
}

const isScalarTerm = (n: MathNode): boolean =>
  !hasMatrix(n) && n.kind !== "tuple" && n.kind !== "set" && n.kind !== "list" && n.kind !== "union" && n.kind !== "rel";

function shape(m: Rows): [number, number] | null {
  const cols = m[0]?.length ?? 0;
  return m.length > 0 && cols > 0 && m.every((r) => r.length === cols) ? [m.length, cols] : null;
}

/** The rows of a matrix expression, with entries as (unevaluated) expression trees; null when it is not one. */
function rowsOf(n: MathNode): Rows | null {
  switch (n.kind) {
    case "matrix":
      return shape(n.rows) ? n.rows : null;
    case "neg": {
      const m = rowsOf(n.arg);
      return m === null ? null : m.map((r) => r.map((e): MathNode => ({ kind: "neg", arg: e })));
    }
    case "add": {
      let sum: Rows | null = null;
      for (const t of n.terms) {
        if (t.sign !== 1 && t.sign !== -1) return null;
        const m = rowsOf(t.node);
        if (!m) return null;
        if (!sum) {
          sum = m.map((r) => r.map((e): MathNode => (t.sign === 1 ? e : { kind: "neg", arg: e })));
          continue;
        }
        const acc: Rows = sum;
        const [r1, c1] = shape(acc) ?? [0, 0];
        const [r2, c2] = shape(m) ?? [-1, -1];
        if (r1 !== r2 || c1 !== c2) return null;
        sum = acc.map((row, i) =>
          row.map(
            (e, j): MathNode => ({
              kind: "add",
              terms: [
                { sign: 1, node: e },
                { sign: t.sign as 1 | -1, node: (m[i] as MathNode[])[j] as MathNode },
              ],
            }),
          ),
        );
      }
      return sum;
    }
    case "mul": {
      const [a, b] = n.args;
      if (isScalarTerm(a)) {
        const m = rowsOf(b);
        return m === null ? null : m.map((r) => r.map((e): MathNode => ({ kind: "mul", args: [a, e] })));
      }
      if (isScalarTerm(b)) {
        const m = rowsOf(a);
        return m === null ? null : m.map((r) => r.map((e): MathNode => ({ kind: "mul", args: [e, b] })));
      }
      const x = rowsOf(a);
      const y = rowsOf(b);
      const sx = x && shape(x);
      const sy = y && shape(y);
      if (!x || !y || !sx || !sy || sx[1] !== sy[0] || sx[0] * sy[1] * sx[1] > MAX_ENTRIES) return null;
      return x.map((row) =>
        Array.from(
          { length: sy[1] },
          (_, j): MathNode => ({
            kind: "add",
            terms: row.map((e, k) => ({
              sign: 1 as const,
              node: { kind: "mul", args: [e, (y[k] as MathNode[])[j] as MathNode] } as MathNode,
            })),
          }),
        ),
      );
    }
    default:
      return null;
  }
}

/**
 * Evaluates matrix arithmetic written in an answer — sums, differences, scalar multiples and products of matrices
 * (`A + B`, `2A`, `AB`) — into one matrix whose entries are expressions; anything else is returned unchanged.
 * @internal
 */
export function reduceMatrixExpression(n: MathNode): MathNode {
  if (n.kind === "matrix" || !hasMatrix(n)) return n;
  const rows = rowsOf(n);
  return rows && rows.length * (rows[0]?.length ?? 0) <= MAX_ENTRIES ? { kind: "matrix", rows } : n;
}

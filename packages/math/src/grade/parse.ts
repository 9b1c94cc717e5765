import type { MathNode } from "./ast.js";
import type { Budget } from "./budget.js";
import { parseDecimal, rat } from "./rational.js";

/** Thrown by the parser on input it does not understand. @internal */
export class LatexParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LatexParseError";
  }
}

type Token = { t: "num"; v: string } | { t: "id"; v: string } | { t: "cmd"; v: string } | { t: "op"; v: string } | { t: "eof"; v: "" };

/** Function names the parser reads after a backslash or as a bare word (`\ln 2`, `sin x`). */
export const FUNCTIONS = new Set([
  "sin",
  "cos",
  "tan",
  "cot",
  "sec",
  "csc",
  "arcsin",
  "arccos",
  "arctan",
  "arccot",
  "sinh",
  "cosh",
  "tanh",
  "ln",
  "log",
  "exp",
  "lg",
  "max",
  "min",
  "gcd",
  "lcm",
  "det",
  "sgn",
]);
const GREEK = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "varepsilon",
  "zeta",
  "eta",
  "theta",
  "vartheta",
  "iota",
  "kappa",
  "lambda",
  "mu",
  "nu",
  "xi",
  "rho",
  "sigma",
  "tau",
  "upsilon",
  "phi",
  "varphi",
  "chi",
  "psi",
  "omega",
  "Gamma",
  "Delta",
  "Theta",
  "Lambda",
  "Xi",
  "Sigma",
  "Phi",
  "Psi",
  "Omega",
]);
/** Plain-text words that read as math (`sqrt(2)`, `pi`, `inf`). */
const WORDS: Record<string, string> = {
  sqrt: "sqrt",
  pi: "pi",
  inf: "infty",
  infty: "infty",
  infinity: "infty",
  oo: "infty",
  ...Object.fromEntries([...FUNCTIONS].map((f) => [f, f])),
};
const REL_CMDS: Record<string, string> = {
  le: "<=",
  leq: "<=",
  leqslant: "<=",
  ge: ">=",
  geq: ">=",
  geqslant: ">=",
  lt: "<",
  gt: ">",
  ne: "!=",
  neq: "!=",
  in: "in",
  approx: "~",
  equiv: "=",
  sim: "~",
  to: "->",
  rightarrow: "->",
};

/** @internal */
export function tokenize(src: string, budget: Budget): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    budget.tick();
    const ch = src[i] as string;
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+(?![a-zA-Z]))?/.exec(src.slice(i, i + 400));
      if (!m) throw new LatexParseError(`bad number at ${i}`);
      let text = m[0];
      // "2e3" is scientific only when a digit precedes e and the exponent is a plain integer
      out.push({ t: "num", v: text.endsWith(".") ? (text = text.slice(0, -1)) : text });
      i += m[0].length;
      continue;
    }
    if (ch === "\\") {
      const m = /^\\([a-zA-Z]+)/.exec(src.slice(i, i + 40));
      if (m) {
        out.push({ t: "cmd", v: m[1] as string });
        i += m[0].length;
        continue;
      }
      const next = src[i + 1] ?? "";
      if (next === "\\") out.push({ t: "op", v: "\\\\" });
      else if (next === "{" || next === "}" || next === "|") out.push({ t: "cmd", v: next });
      else if (next === "") throw new LatexParseError("dangling backslash");
      else out.push({ t: "op", v: next });
      i += 2;
      continue;
    }
    if (/[a-zA-Z]/.test(ch)) {
      const m = /^[a-zA-Z]+/.exec(src.slice(i, i + 60)) as RegExpExecArray;
      const word = m[0];
      const lower = word.toLowerCase();
      if (word.length > 1 && WORDS[lower] !== undefined) {
        out.push({ t: "cmd", v: WORDS[lower] as string });
        i += word.length;
        continue;
      }
      // words that start with a known function (e.g. "sinx", "sqrt2" handled above)
      const fn = word.length > 3 ? [...FUNCTIONS, "sqrt"].find((f) => lower.startsWith(f) && f.length >= 3) : undefined;
      if (fn) {
        out.push({ t: "cmd", v: fn });
        i += fn.length;
        continue;
      }
      out.push({ t: "id", v: ch });
      i++;
      continue;
    }
    if ("<>!".includes(ch) && src[i + 1] === "=") {
      out.push({ t: "op", v: ch === "!" ? "!=" : `${ch}=` });
      i += 2;
      continue;
    }
    if (ch === "*" && src[i + 1] === "*") {
      out.push({ t: "op", v: "^" });
      i += 2;
      continue;
    }
    if ("+-*/^_()[]{},=<>!|&':;".includes(ch)) {
      out.push({ t: "op", v: ch });
      i++;
      continue;
    }
    throw new LatexParseError(`unexpected character ${JSON.stringify(ch)}`);
  }
  out.push({ t: "eof", v: "" });
  return out;
}

const MAX_DEPTH = 60;

/**
 * Parses a cleaned LaTeX / plain-text answer into a {@link MathNode}. Throws {@link LatexParseError}
 * on anything outside the supported grammar, and the budget's error when it runs out.
 * @internal
 */
export function parseLatex(src: string, budget: Budget): MathNode {
  const p = new Parser(tokenize(src, budget), budget);
  const node = p.parseTop();
  p.expectEof();
  return node;
}

class Parser {
  private pos = 0;
  private depth = 0;
  private absDepth = 0;
  constructor(
    private readonly toks: Token[],
    private readonly budget: Budget,
  ) {}

  private peek(o = 0): Token {
    return this.toks[Math.min(this.pos + o, this.toks.length - 1)] as Token;
  }
  private next(): Token {
    this.budget.tick();
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  private isOp(v: string, o = 0): boolean {
    const t = this.peek(o);
    return t.t === "op" && t.v === v;
  }
  private isCmd(v: string, o = 0): boolean {
    const t = this.peek(o);
    return t.t === "cmd" && t.v === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new LatexParseError(`expected ${v}, got ${this.peek().v || "end"}`);
    this.next();
  }
  expectEof(): void {
    if (this.peek().t !== "eof") throw new LatexParseError(`unexpected ${this.peek().v}`);
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new LatexParseError("nesting too deep");
  }

  /** items separated by top-level commas (a bare list), or one item */
  parseTop(): MathNode {
    const items = this.parseItems();
    return items.length === 1 ? (items[0] as MathNode) : { kind: "list", items };
  }

  private parseItems(): MathNode[] {
    const items: MathNode[] = [];
    if (this.atItemEnd()) return items;
    items.push(this.parseUnion());
    while (this.isOp(",") || this.isOp(";")) {
      this.next();
      if (this.atItemEnd()) break; // trailing comma
      items.push(this.parseUnion());
    }
    return items;
  }

  private atItemEnd(): boolean {
    const t = this.peek();
    return t.t === "eof" || (t.t === "op" && [")", "]", "}"].includes(t.v)) || (t.t === "cmd" && t.v === "}");
  }

  private parseUnion(): MathNode {
    const first = this.parseRelation();
    if (!this.isCmd("cup")) return first;
    const items = [first];
    while (this.isCmd("cup")) {
      this.next();
      items.push(this.parseRelation());
    }
    return { kind: "union", items };
  }

  private relOp(): string | null {
    const t = this.peek();
    if (t.t === "op" && ["=", "<", ">", "<=", ">=", "!="].includes(t.v)) return t.v;
    if (t.t === "cmd" && REL_CMDS[t.v] !== undefined) return REL_CMDS[t.v] as string;
    return null;
  }

  private parseRelation(): MathNode {
    const first = this.parseAdditive();
    let op = this.relOp();
    if (op === null) return first;
    const ops: string[] = [];
    const terms = [first];
    while (op !== null) {
      this.next();
      ops.push(op);
      terms.push(op === "in" ? this.parseUnion() : this.parseAdditive());
      op = this.relOp();
    }
    // "≈ 1.3" after an exact value is commentary: cut the chain there; a lone ≈ counts as "="
    const cut = ops.indexOf("~");
    if (cut >= 0 && ops.some((o) => o !== "~")) {
      ops.length = cut;
      terms.length = cut + 1;
      if (ops.length === 0) return terms[0] as MathNode;
    }
    // "\sqrt{2} \approx 1.414": the exact value is the answer
    if (cut >= 0 && first.kind !== "var") return first;
    return { kind: "rel", ops: ops.map((o) => (o === "~" ? "=" : o)), terms };
  }

  private parseAdditive(): MathNode {
    this.enter();
    const terms: Array<{ sign: 1 | -1 | "pm" | "mp"; node: MathNode }> = [];
    let sign: 1 | -1 | "pm" | "mp" = 1;
    // leading sign
    if (this.isOp("-") || this.isOp("+") || this.isCmd("pm") || this.isCmd("mp")) {
      const t = this.next();
      sign = t.v === "-" ? -1 : t.v === "+" ? 1 : (t.v as "pm" | "mp");
    }
    terms.push({ sign, node: this.parseMul() });
    for (;;) {
      if (this.isOp("+") || this.isOp("-") || this.isCmd("pm") || this.isCmd("mp")) {
        const t = this.next();
        const s: 1 | -1 | "pm" | "mp" = t.v === "-" ? -1 : t.v === "+" ? 1 : (t.v as "pm" | "mp");
        terms.push({ sign: s, node: this.parseMul() });
      } else break;
    }
    this.depth--;
    if (terms.length === 1 && terms[0]?.sign === 1) return terms[0].node;
    if (terms.length === 1 && terms[0]?.sign === -1) return { kind: "neg", arg: terms[0].node };
    return { kind: "add", terms };
  }

  private startsFactor(): boolean {
    const t = this.peek();
    if (t.t === "num" || t.t === "id") return true;
    if (t.t === "op") return t.v === "(" || t.v === "{" || (t.v === "|" && this.absDepth === 0);
    if (t.t === "cmd") {
      if (
        [
          "frac",
          "sqrt",
          "pi",
          "infty",
          "binom",
          "lfloor",
          "lceil",
          "begin",
          "emptyset",
          "varnothing",
          "{",
          "mathrm",
          "exp",
          "overline",
        ].includes(t.v)
      )
        return true;
      return FUNCTIONS.has(t.v) || GREEK.has(t.v);
    }
    return false;
  }

  private parseMul(): MathNode {
    this.enter();
    let left = this.parseUnary();
    let count = 1;
    for (;;) {
      this.budget.tick();
      if (this.isOp("*") || this.isCmd("cdot") || this.isCmd("times") || this.isCmd("ast")) {
        this.next();
        left = { kind: "mul", args: [left, this.parseUnary()] };
      } else if (this.isOp("/") || this.isCmd("div") || this.isOp(":")) {
        this.next();
        left = { kind: "div", args: [left, this.parseUnary()] };
      } else if (this.startsFactor()) {
        const isFrac = this.isCmd("frac");
        const right = this.parsePower();
        // mixed number: 2\frac{1}{2}, 1\frac{4}{5}
        if (
          count === 1 &&
          left.kind === "num" &&
          left.intLiteral &&
          right.kind === "div" &&
          right.args[0].kind === "num" &&
          right.args[0].intLiteral &&
          right.args[1].kind === "num" &&
          right.args[1].intLiteral &&
          isFrac
        ) {
          left = {
            kind: "add",
            terms: [
              { sign: 1, node: left },
              { sign: 1, node: right },
            ],
          };
        } else {
          left = { kind: "mul", args: [left, right] };
        }
      } else break;
      count++;
    }
    this.depth--;
    return left;
  }

  private parseUnary(): MathNode {
    if (this.isOp("-")) {
      this.next();
      return { kind: "neg", arg: this.parseUnary() };
    }
    if (this.isOp("+")) {
      this.next();
      return this.parseUnary();
    }
    return this.parsePower();
  }

  private parsePower(): MathNode {
    this.enter();
    let base = this.parsePostfix(this.parsePrimary());
    if (this.isOp("^")) {
      this.next();
      const exp = this.parseExponent();
      base = this.parsePostfix({ kind: "pow", args: [base, exp] });
    }
    this.depth--;
    return base;
  }

  private parseExponent(): MathNode {
    if (this.isOp("{")) return this.parseGroupArg();
    if (this.isOp("-")) {
      this.next();
      return { kind: "neg", arg: this.parseExponent() };
    }
    const t = this.peek();
    if (t.t === "num" && t.v.length > 1 && /^\d+$/.test(t.v) && this.latexMode) {
      // x^23 in LaTeX means x^2 · 3; keep the first digit only
      this.next();
      this.toks.splice(this.pos, 0, { t: "num", v: t.v.slice(1) });
      return this.numNode(t.v.slice(0, 1));
    }
    const base = this.parsePostfix(this.parsePrimary());
    if (this.isOp("^")) {
      // 2^3^2 read right-associatively (plain-text towers)
      this.next();
      this.enter();
      const node: MathNode = { kind: "pow", args: [base, this.parseExponent()] };
      this.depth--;
      return node;
    }
    return base;
  }

  /** LaTeX exponent semantics (`x^23` = x²·3) unless the source has no backslash at all */
  latexMode = false;

  private parsePostfix(node: MathNode): MathNode {
    for (;;) {
      if (this.isOp("!")) {
        this.next();
        node = { kind: "fn", name: "factorial", args: [node] };
      } else if (this.isOp("'")) {
        this.next();
      } else return node;
    }
  }

  private numNode(text: string): MathNode {
    const value = parseDecimal(text);
    if (value === null) throw new LatexParseError(`bad number ${text}`);
    const [mant = "", exp = "0"] = text.split(/[eE]/);
    const dot = mant.indexOf(".");
    const decimals = Math.max(0, (dot >= 0 ? mant.length - dot - 1 : 0) - Number(exp));
    const digits = mant.replace(".", "").replace(/^0+/, "").length;
    return { kind: "num", value, decimals, digits, intLiteral: /^\d+$/.test(text) };
  }

  /** a {…} group, or a single token (`\frac12` → 1, 2) */
  private parseGroupArg(): MathNode {
    if (this.isOp("{")) {
      this.next();
      const items = this.parseItems();
      this.expectOp("}");
      if (items.length === 0) throw new LatexParseError("empty group");
      return items.length === 1 ? (items[0] as MathNode) : { kind: "list", items };
    }
    const t = this.peek();
    if (t.t === "num" && /^\d+$/.test(t.v) && t.v.length > 1) {
      this.next();
      this.toks.splice(this.pos, 0, { t: "num", v: t.v.slice(1) });
      return this.numNode(t.v.slice(0, 1));
    }
    if (t.t === "num" || t.t === "id") return this.parsePrimary();
    if (t.t === "cmd") return this.parsePrimary();
    throw new LatexParseError(`expected an argument, got ${t.v || "end"}`);
  }

  private parseSubscript(): string | null {
    if (!this.isOp("_")) return null;
    this.next();
    if (this.isOp("{")) {
      this.next();
      let s = "";
      let guard = 0;
      while (!this.isOp("}")) {
        const t = this.next();
        if (t.t === "eof" || guard++ > 50) throw new LatexParseError("unterminated subscript");
        s += t.t === "cmd" ? `\\${t.v}` : t.v;
      }
      this.next();
      return s;
    }
    const t = this.next();
    if (t.t === "eof") throw new LatexParseError("empty subscript");
    if (t.t === "num" && t.v.length > 1) {
      this.toks.splice(this.pos, 0, { t: "num", v: t.v.slice(1) });
      return t.v.slice(0, 1);
    }
    return t.t === "cmd" ? `\\${t.v}` : t.v;
  }

  private parsePrimary(): MathNode {
    this.enter();
    const node = this.parsePrimaryInner();
    this.depth--;
    return node;
  }

  private parsePrimaryInner(): MathNode {
    const t = this.next();
    switch (t.t) {
      case "num": {
        const sub = this.parseSubscript();
        if (sub !== null) return { kind: "based", digits: t.v, base: sub.replace(/^\\text/, "") };
        return this.numNode(t.v);
      }
      case "id": {
        const sub = this.parseSubscript();
        return { kind: "var", name: sub === null ? t.v : `${t.v}_${sub}` };
      }
      case "op":
        return this.parseOpPrimary(t.v);
      case "cmd":
        return this.parseCmd(t.v);
      case "eof":
        throw new LatexParseError("unexpected end of answer");
    }
  }

  private parseOpPrimary(v: string): MathNode {
    if (v === "(" || v === "[") {
      const items = this.parseItems();
      const close = this.next();
      if (close.t !== "op" || (close.v !== ")" && close.v !== "]")) throw new LatexParseError(`unclosed ${v}`);
      if (items.length === 0) throw new LatexParseError("empty brackets");
      if (items.length === 1 && ((v === "(" && close.v === ")") || (v === "[" && close.v === "]"))) return items[0] as MathNode;
      return { kind: "tuple", open: v, close: close.v as ")" | "]", items };
    }
    if (v === "{") {
      const items = this.parseItems();
      this.expectOp("}");
      if (items.length === 0) throw new LatexParseError("empty group");
      return items.length === 1 ? (items[0] as MathNode) : { kind: "list", items };
    }
    if (v === "|") {
      this.absDepth++;
      const inner = this.parseAdditive();
      this.absDepth--;
      this.expectOp("|");
      return { kind: "fn", name: "abs", args: [inner] };
    }
    throw new LatexParseError(`unexpected ${v}`);
  }

  private parseCmd(v: string): MathNode {
    switch (v) {
      case "frac": {
        const a = this.parseGroupArg();
        const b = this.parseGroupArg();
        return { kind: "div", args: [a, b] };
      }
      case "binom":
        return { kind: "fn", name: "binom", args: [this.parseGroupArg(), this.parseGroupArg()] };
      case "sqrt": {
        if (this.isOp("[")) {
          this.next();
          const index = this.parseAdditive();
          this.expectOp("]");
          return { kind: "fn", name: "root", args: [this.parseGroupArg(), index] };
        }
        if (this.isOp("(")) return { kind: "fn", name: "sqrt", args: [this.parsePrimary()] };
        return { kind: "fn", name: "sqrt", args: [this.parseGroupArg()] };
      }
      case "pi":
        return { kind: "const", name: "pi" };
      case "infty":
        return { kind: "const", name: "inf" };
      case "emptyset":
      case "varnothing":
        return { kind: "set", items: [] };
      case "{": {
        const items = this.parseItems();
        if (!this.isCmd("}")) throw new LatexParseError("unclosed \\{");
        this.next();
        return { kind: "set", items };
      }
      case "|": {
        const inner = this.parseAdditive();
        if (!this.isCmd("|")) throw new LatexParseError("unclosed \\|");
        this.next();
        return { kind: "fn", name: "abs", args: [inner] };
      }
      case "lfloor":
      case "lceil": {
        const inner = this.parseAdditive();
        const close = v === "lfloor" ? "rfloor" : "rceil";
        if (!this.isCmd(close)) throw new LatexParseError(`unclosed \\${v}`);
        this.next();
        return { kind: "fn", name: v === "lfloor" ? "floor" : "ceil", args: [inner] };
      }
      case "overline":
      case "bar":
      case "hat":
      case "vec":
      case "mathbf":
        return this.parseGroupArg();
      case "begin":
        return this.parseMatrix();
      case "mathrm":
        return this.parseGroupArg();
      default:
        break;
    }
    if (GREEK.has(v)) {
      const sub = this.parseSubscript();
      return { kind: "var", name: sub === null ? v : `${v}_${sub}` };
    }
    if (FUNCTIONS.has(v)) return this.parseFunction(v);
    throw new LatexParseError(`unsupported command \\${v}`);
  }

  private parseFunction(name: string): MathNode {
    let power: MathNode | null = null;
    let base: MathNode | null = null;
    for (let k = 0; k < 2; k++) {
      if (this.isOp("^")) {
        this.next();
        power = this.parseExponent();
      } else if (this.isOp("_")) {
        this.next();
        base = this.parseGroupArg();
      }
    }
    let arg: MathNode;
    if (this.isOp("(")) {
      this.next();
      const items = this.parseItems();
      this.expectOp(")");
      if (items.length === 0) throw new LatexParseError(`\\${name} without an argument`);
      arg = items.length === 1 ? (items[0] as MathNode) : { kind: "list", items };
    } else {
      // \sin 2x: a product of factors, stopping before another function
      arg = this.parsePower();
      while (this.startsFactor() && !(this.peek().t === "cmd" && FUNCTIONS.has(this.peek().v))) {
        this.budget.tick();
        arg = { kind: "mul", args: [arg, this.parsePower()] };
      }
    }
    let fnName = name;
    let args: MathNode[] = arg.kind === "list" ? arg.items : [arg];
    if (
      power !== null &&
      power.kind === "neg" &&
      power.arg.kind === "num" &&
      power.arg.value.num === 1n &&
      power.arg.value.den === 1n &&
      ["sin", "cos", "tan", "cot"].includes(name)
    ) {
      fnName = `arc${name}`;
      power = null;
    }
    if (name === "log" || name === "lg") {
      if (base !== null) args = [arg, base];
      else if (name === "lg") args = [arg, { kind: "num", value: rat(10n), decimals: 0, digits: 2, intLiteral: true }];
    }
    const node: MathNode = { kind: "fn", name: fnName, args };
    return power === null ? node : { kind: "pow", args: [node, power] };
  }

  private parseMatrix(): MathNode {
    this.expectOp("{");
    let env = "";
    let guard = 0;
    while (!this.isOp("}")) {
      const t = this.next();
      if (t.t === "eof" || guard++ > 20) throw new LatexParseError("bad \\begin");
      env += t.v;
    }
    this.next();
    if (!/^[pbvBV]?matrix\*?$|^array$|^smallmatrix$/.test(env)) throw new LatexParseError(`unsupported environment ${env}`);
    if (env === "array" && this.isOp("{")) {
      // column spec
      this.next();
      while (!this.isOp("}")) if (this.next().t === "eof") throw new LatexParseError("bad array spec");
      this.next();
    }
    const rows: MathNode[][] = [];
    let row: MathNode[] = [];
    for (;;) {
      this.budget.tick();
      if (this.isCmd("end")) {
        this.next();
        this.expectOp("{");
        while (!this.isOp("}")) if (this.next().t === "eof") throw new LatexParseError("bad \\end");
        this.next();
        break;
      }
      if (this.peek().t === "eof") throw new LatexParseError("unterminated matrix");
      row.push(this.parseUnion());
      if (this.isOp("&")) {
        this.next();
        continue;
      }
      if (this.isOp("\\\\")) {
        this.next();
        rows.push(row);
        row = [];
      }
    }
    if (row.length > 0) rows.push(row);
    if (rows.length === 0) throw new LatexParseError("empty matrix");
    return { kind: "matrix", rows };
  }
}

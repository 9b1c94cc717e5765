import { InvalidArgumentError } from "@crucible/types";

/** A column the `where`/`orderby` parameters may name, and the SQL column that holds it. */
export interface FilterColumn {
  name: string;
  /** Generated SQL identifier (`c0`, `c1`, …): user text never becomes an identifier. */
  sql: string;
  kind: "string" | "int" | "float" | "bool" | "class_label" | "list";
}

/** A parsed, parameterised SQL fragment. */
export interface SqlFragment {
  sql: string;
  params: Array<string | number | null>;
}

type Tok =
  | { t: "id"; v: string; at: number }
  | { t: "str"; v: string; at: number }
  | { t: "num"; v: number; at: number }
  | { t: "op"; v: string; at: number }
  | { t: "kw"; v: string; at: number }
  | { t: "eof"; at: number };

const KEYWORDS = new Set(["AND", "OR", "NOT", "IS", "NULL", "LIKE", "ILIKE", "IN", "TRUE", "FALSE", "ASC", "DESC", "BETWEEN"]);
/** Longest clause the API accepts (characters). */
export const MAX_CLAUSE_LENGTH = 4096;

function bad(message: string, param: string): never {
  throw new InvalidArgumentError(`Parameter '${param}' is invalid: ${message}`, {
    hint: `write e.g. "col" = 'text' AND "n" >= 3 (identifiers in double quotes, strings in single quotes)`,
  });
}

function tokenize(src: string, param: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) bad(`unterminated ${c === '"' ? "identifier" : "string"} at ${at}`, param);
        if (src[i] === c) {
          if (src[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i];
        i++;
      }
      out.push(c === '"' ? { t: "id", v, at } : { t: "str", v, at });
      continue;
    }
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i));
    if (num && (c !== "-" || out.length === 0 || out[out.length - 1]?.t === "op" || out[out.length - 1]?.t === "kw")) {
      out.push({ t: "num", v: Number(num[0]), at });
      i += num[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|!=|==|=|<|>|\(|\)|,)/.exec(src.slice(i));
    if (op) {
      out.push({ t: "op", v: op[0] === "==" ? "=" : op[0] === "<>" ? "!=" : op[0], at });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) {
      const up = word[0].toUpperCase();
      out.push(KEYWORDS.has(up) ? { t: "kw", v: up, at } : { t: "id", v: word[0], at });
      i += word[0].length;
      continue;
    }
    bad(`unexpected character ${JSON.stringify(c)} at ${at}`, param);
  }
  out.push({ t: "eof", at: src.length });
  return out;
}

class Parser {
  private i = 0;
  readonly params: Array<string | number | null> = [];
  constructor(
    private readonly toks: Tok[],
    private readonly columns: Map<string, FilterColumn>,
    private readonly param: string,
  ) {}

  private peek(): Tok {
    return this.toks[this.i] as Tok;
  }
  private next(): Tok {
    return this.toks[this.i++] as Tok;
  }
  private isKw(v: string): boolean {
    const t = this.peek();
    return t.t === "kw" && t.v === v;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) bad(`expected '${v}' at ${this.peek().at}`, this.param);
    this.i++;
  }
  end(): void {
    if (this.peek().t !== "eof") bad(`unexpected text at ${this.peek().at}`, this.param);
  }

  column(): FilterColumn {
    const t = this.next();
    if (t.t !== "id") bad(`expected a column name at ${t.at}`, this.param);
    const c = this.columns.get(t.v);
    if (!c)
      bad(
        `unknown or unfilterable column ${JSON.stringify(t.v)} (filterable: ${[...this.columns.keys()].join(", ") || "none"})`,
        this.param,
      );
    return c;
  }

  or(): string {
    const parts = [this.and()];
    while (this.isKw("OR")) {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" OR ")})`;
  }
  private and(): string {
    const parts = [this.not()];
    while (this.isKw("AND")) {
      this.i++;
      parts.push(this.not());
    }
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" AND ")})`;
  }
  private not(): string {
    if (this.isKw("NOT")) {
      this.i++;
      return `(NOT ${this.not()})`;
    }
    if (this.isOp("(")) {
      this.i++;
      const e = this.or();
      this.expectOp(")");
      return e;
    }
    return this.predicate();
  }

  private literal(col: FilterColumn): string {
    const t = this.next();
    let v: string | number | null;
    if (t.t === "str") v = t.v;
    else if (t.t === "num") v = t.v;
    else if (t.t === "kw" && (t.v === "TRUE" || t.v === "FALSE")) v = t.v === "TRUE" ? 1 : 0;
    else return bad(`expected a value at ${t.at}`, this.param);
    if (col.kind === "bool" && typeof v === "string") {
      if (/^(true|false)$/i.test(v)) v = /^true$/i.test(v) ? 1 : 0;
      else bad(`column "${col.name}" is boolean; compare it with TRUE or FALSE`, this.param);
    }
    if ((col.kind === "int" || col.kind === "float" || col.kind === "class_label" || col.kind === "list") && typeof v === "string") {
      const n = Number(v);
      if (v.trim() === "" || Number.isNaN(n)) bad(`column "${col.name}" is numeric; ${JSON.stringify(v)} is not a number`, this.param);
      v = n;
    }
    this.params.push(v);
    return "?";
  }

  private predicate(): string {
    const col = this.column();
    const t = this.peek();
    if (t.t === "kw" && t.v === "IS") {
      this.i++;
      const neg = this.isKw("NOT");
      if (neg) this.i++;
      if (!this.isKw("NULL")) bad(`expected NULL at ${this.peek().at}`, this.param);
      this.i++;
      return `${col.sql} IS ${neg ? "NOT " : ""}NULL`;
    }
    let neg = false;
    if (this.isKw("NOT")) {
      neg = true;
      this.i++;
    }
    if (this.isKw("LIKE") || this.isKw("ILIKE")) {
      this.i++;
      if (col.kind !== "string") bad(`LIKE needs a string column; "${col.name}" is not one`, this.param);
      const v = this.next();
      if (v.t !== "str") bad(`LIKE needs a quoted pattern at ${v.at}`, this.param);
      this.params.push(v.v);
      return `${col.sql} ${neg ? "NOT " : ""}LIKE ? ESCAPE '\\'`;
    }
    if (this.isKw("IN")) {
      this.i++;
      this.expectOp("(");
      const items = [this.literal(col)];
      while (this.isOp(",")) {
        this.i++;
        items.push(this.literal(col));
      }
      this.expectOp(")");
      return `${col.sql} ${neg ? "NOT " : ""}IN (${items.join(", ")})`;
    }
    if (this.isKw("BETWEEN")) {
      this.i++;
      const lo = this.literal(col);
      if (!this.isKw("AND")) bad(`expected AND in BETWEEN at ${this.peek().at}`, this.param);
      this.i++;
      const hi = this.literal(col);
      return `${col.sql} ${neg ? "NOT " : ""}BETWEEN ${lo} AND ${hi}`;
    }
    if (neg) bad(`expected LIKE, IN or BETWEEN after NOT at ${this.peek().at}`, this.param);
    const op = this.next();
    if (op.t !== "op" || !["=", "!=", "<", "<=", ">", ">="].includes(op.v)) bad(`expected a comparison operator at ${op.at}`, this.param);
    return `${col.sql} ${op.v} ${this.literal(col)}`;
  }

  orderby(): string {
    const parts: string[] = [];
    do {
      if (parts.length) this.i++;
      const col = this.column();
      let dir = "ASC";
      if (this.isKw("ASC") || this.isKw("DESC")) dir = (this.next() as { v: string }).v;
      parts.push(`${col.sql} ${dir}`);
    } while (this.isOp(","));
    return parts.join(", ");
  }
}

/**
 * Parse the `where` parameter of `/filter` — a SQL boolean expression over column names, as the dataset-viewer
 * accepts — into parameterised SQL over the generated column names. Accepted: `=`, `!=`/`<>`, `<`, `<=`, `>`,
 * `>=`, `[NOT] LIKE`/`ILIKE` (case-insensitive for ASCII, as in SQLite), `[NOT] IN (…)`, `[NOT] BETWEEN … AND …`,
 * `IS [NOT] NULL`, `AND`, `OR`, `NOT`, parentheses; identifiers bare or in double quotes; strings in single
 * quotes (`''` escapes a quote); numbers; `TRUE`/`FALSE`.
 * @throws InvalidArgumentError naming the position of the first problem (never passes text through).
 */
export function parseWhere(where: string, columns: FilterColumn[]): SqlFragment {
  if (where.length > MAX_CLAUSE_LENGTH) bad(`longer than ${MAX_CLAUSE_LENGTH} characters`, "where");
  const p = new Parser(tokenize(where, "where"), new Map(columns.map((c) => [c.name, c])), "where");
  const sql = p.or();
  p.end();
  return { sql, params: p.params };
}

/**
 * Parse the `orderby` parameter (`col [ASC|DESC], …`) into SQL over the generated column names.
 * @throws InvalidArgumentError on anything else.
 */
export function parseOrderBy(orderby: string, columns: FilterColumn[]): string {
  if (orderby.length > MAX_CLAUSE_LENGTH) bad(`longer than ${MAX_CLAUSE_LENGTH} characters`, "orderby");
  const p = new Parser(tokenize(orderby, "orderby"), new Map(columns.map((c) => [c.name, c])), "orderby");
  const sql = p.orderby();
  p.end();
  return sql;
}

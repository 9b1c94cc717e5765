const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** True when `value` holds a number beyond ±(2^53 − 1) (or ±Infinity), anywhere in it. */
function hasLargeNumber(value: unknown, depth = 0): boolean {
  if (typeof value === "number") return value > MAX_SAFE || value < -MAX_SAFE;
  if (value === null || typeof value !== "object" || depth > 512) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasLargeNumber(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (hasLargeNumber((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/**
 * `JSON.parse` that keeps integers exact, as Python's `json.loads` does: an integer literal beyond ±(2^53 − 1)
 * becomes a `bigint` (any size), every other number a `number` (`1e400` is `Infinity`, as Python's
 * `float('inf')`). Costs one `JSON.parse` plus a walk over the parsed numbers; only a text that holds a large
 * number is parsed a second time, exactly.
 * @throws SyntaxError exactly as `JSON.parse` does.
 */
export function parseJsonExact(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return hasLargeNumber(value) ? new ExactParser(text).document() : value;
}

/** A recursive-descent JSON parser for text `JSON.parse` already accepted (so it does not re-validate). */
class ExactParser {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): unknown {
    this.space();
    return this.value(0);
  }

  private space(): void {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.at++;
    }
  }

  private value(depth: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(this.at);
    if (c === 123 /* { */) {
      this.at++;
      const obj: Record<string, unknown> = {};
      this.space();
      if (t.charCodeAt(this.at) === 125) {
        this.at++;
        return obj;
      }
      for (;;) {
        this.space();
        const key = this.string();
        this.space();
        this.at++; // ':'
        this.space();
        const v = this.value(depth + 1);
        // A "__proto__" key is an own property, as with JSON.parse.
        if (key === "__proto__") Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[key] = v;
        this.space();
        if (t.charCodeAt(this.at++) === 125) return obj; // '}' else ','
      }
    }
    if (c === 91 /* [ */) {
      this.at++;
      const arr: unknown[] = [];
      this.space();
      if (t.charCodeAt(this.at) === 93) {
        this.at++;
        return arr;
      }
      for (;;) {
        this.space();
        arr.push(this.value(depth + 1));
        this.space();
        if (t.charCodeAt(this.at++) === 93) return arr; // ']' else ','
      }
    }
    if (c === 34 /* " */) return this.string();
    if (c === 116 /* t */) {
      this.at += 4;
      return true;
    }
    if (c === 102 /* f */) {
      this.at += 5;
      return false;
    }
    if (c === 110 /* n */) {
      this.at += 4;
      return null;
    }
    return this.number();
  }

  private string(): string {
    const t = this.text;
    const start = this.at;
    let end = start + 1;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(end);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        end += 2;
      } else end++;
    }
    this.at = end + 1;
    return escaped ? (JSON.parse(t.slice(start, end + 1)) as string) : t.slice(start + 1, end);
  }

  private number(): number | bigint {
    const t = this.text;
    const start = this.at;
    let integer = true;
    for (;;) {
      const c = t.charCodeAt(this.at);
      if ((c >= 48 && c <= 57) || c === 45) this.at++;
      else if (c === 46 || c === 101 || c === 69 || c === 43) {
        integer = false;
        this.at++;
      } else break;
    }
    const literal = t.slice(start, this.at);
    const n = Number(literal);
    if (!integer || (n <= MAX_SAFE && n >= -MAX_SAFE)) return n;
    return BigInt(literal);
  }
}

/**
 * Python values as the cookbook sees them after `json.loads`, and a parser that produces them exactly.
 * JSON.parse loses what Python keeps: `1.0` vs `1`, integers past 2^53, and the order of integer-like object keys.
 * @internal
 */

/** A Python `float` (JSON numbers with a fraction or an exponent, and `NaN`/`Infinity`). @internal */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * A decoded Python value: `null` (None), boolean, `bigint` (int), {@link PyFloat}, string, array (list) or `Map`
 * (dict, insertion order). Cells decoded elsewhere may also hold JS numbers and plain objects. @internal
 */
export type PyValue = null | boolean | bigint | PyFloat | string | PyValue[] | Map<string, PyValue>;

/** Thrown by {@link pyJsonLoads} where Python raises `json.JSONDecodeError`. @internal */
export class PyJsonDecodeError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message}: char ${position}`);
    this.name = "PyJsonDecodeError";
  }
}

const WS = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * Python's `json.loads(text)` with its defaults: ints stay exact (`bigint`), floats are {@link PyFloat}, objects are
 * `Map`s in document order (a repeated key keeps its first place and takes the last value), `NaN`, `Infinity` and
 * `-Infinity` are accepted, control characters inside strings and a leading BOM are errors, lone surrogates are
 * kept. @internal
 * @throws PyJsonDecodeError where Python raises `json.JSONDecodeError`.
 */
export function pyJsonLoads(text: string): PyValue {
  if (text.startsWith("\ufeff")) throw new PyJsonDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
  let pos = 0;
  const skipWs = () => {
    while (pos < text.length && WS.has(text[pos] as string)) pos++;
  };
  const fail = (message: string): never => {
    throw new PyJsonDecodeError(message, pos);
  };

  const parseString = (): string => {
    pos++; // opening quote
    let out = "";
    for (;;) {
      if (pos >= text.length) fail("Unterminated string starting at");
      const ch = text[pos] as string;
      if (ch === '"') {
        pos++;
        return out;
      }
      if (ch === "\\") {
        const esc = text[pos + 1];
        if (esc === undefined) fail("Unterminated string starting at");
        if (esc === "u") {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid \\uXXXX escape");
          out += String.fromCharCode(Number.parseInt(hex, 16)); // surrogate pairs join as UTF-16; lone ones stay
          pos += 6;
          continue;
        }
        const mapped = ESCAPES[esc as string];
        if (mapped === undefined) fail("Invalid \\escape");
        out += mapped;
        pos += 2;
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail("Invalid control character at");
      out += ch;
      pos++;
    }
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > 2_000) fail("Too deeply nested"); // Python raises RecursionError near 1,000
    skipWs();
    const ch = text[pos];
    if (ch === '"') return parseString();
    if (ch === "{") {
      pos++;
      const dict = new Map<string, PyValue>();
      skipWs();
      if (text[pos] === "}") {
        pos++;
        return dict;
      }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail("Expecting property name enclosed in double quotes");
        const key = parseString();
        skipWs();
        if (text[pos] !== ":") fail("Expecting ':' delimiter");
        pos++;
        dict.set(key, parseValue(depth + 1));
        skipWs();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        if (text[pos] === "}") {
          pos++;
          return dict;
        }
        fail("Expecting ',' delimiter");
      }
    }
    if (ch === "[") {
      pos++;
      const list: PyValue[] = [];
      skipWs();
      if (text[pos] === "]") {
        pos++;
        return list;
      }
      for (;;) {
        list.push(parseValue(depth + 1));
        skipWs();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        if (text[pos] === "]") {
          pos++;
          return list;
        }
        fail("Expecting ',' delimiter");
      }
    }
    for (const [word, value] of [
      ["null", null],
      ["true", true],
      ["false", false],
      ["NaN", new PyFloat(Number.NaN)],
      ["Infinity", new PyFloat(Number.POSITIVE_INFINITY)],
      ["-Infinity", new PyFloat(Number.NEGATIVE_INFINITY)],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return m[1] !== undefined || m[2] !== undefined ? new PyFloat(Number(m[0])) : BigInt(m[0]);
    }
    return fail("Expecting value");
  };

  const value = parseValue(0);
  skipWs();
  if (pos !== text.length) fail("Extra data");
  return value;
}

/** A dict of either representation: a parsed `Map` or a plain object decoded elsewhere. @internal */
export type PyDict = Map<string, unknown> | Record<string, unknown>;

/** Python `isinstance(value, dict)`. @internal */
export function isPyDict(value: unknown): value is PyDict {
  if (value instanceof Map) return true;
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof PyFloat)
  );
}

/** `d.get(key)` (undefined when absent). @internal */
export function dictGet(d: PyDict, key: string): unknown {
  return d instanceof Map ? d.get(key) : Object.hasOwn(d, key) ? d[key] : undefined;
}

/** `key in d`. @internal */
export function dictHas(d: PyDict, key: string): boolean {
  return d instanceof Map ? d.has(key) : Object.hasOwn(d, key);
}

/** `len(d)`. @internal */
export function dictSize(d: PyDict): number {
  return d instanceof Map ? d.size : Object.keys(d).length;
}

/** Python truthiness (`bool(value)`): None, False, zero, NaN is truthy, empty str/list/dict/bytes are false. @internal */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "number") return value !== 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (typeof value === "string" || Array.isArray(value) || value instanceof Uint8Array) return value.length > 0;
  if (isPyDict(value)) return dictSize(value) > 0;
  return true;
}

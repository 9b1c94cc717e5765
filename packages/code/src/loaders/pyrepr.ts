/** Python `repr` of a string (single quotes unless the text has `'` and no `"`). @internal */
function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** Python `repr` of a JSON value. Floats that JSON wrote as `1.0` arrive as `1` and print as `1` (documented). @internal */
function repr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return reprString(value);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${reprString(k)}: ${repr(v)}`).join(", ")}}`;
  }
  return String(value);
}

/** Python `str()` of a JSON value: strings as they are, everything else as its repr (`None`, `True`, `['a', 1]`). @internal */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : repr(value);
}

/**
 * Port of the MATH repository's `_strip_string` (Hendrycks et al.), which the cookbook's grader applies first.
 * Two answers whose stripped forms are equal are equivalent. One deliberate difference: `a = b` loses its left side
 * only when that side is a single letter (`k = 5` → `5`, but `7 = 11a+c` stays). Never throws: on a malformed input
 * (the Python version raises) the trimmed input is returned.
 * @param answer - A final answer as written in LaTeX, e.g. `\dfrac{1}{2}` or `x = 5`.
 * @returns The normalised string, e.g. `\frac{1}{2}` or `5`.
 */
export function stripMathString(answer: string): string {
  let s = answer.trim();
  const text = /^\\text\{(.*)\}$/s.exec(s);
  if (text?.[1] !== undefined) s = text[1];
  try {
    return stripString(s);
  } catch {
    return s;
  }
}

function fixFracs(s: string): string {
  const parts = s.split("\\frac");
  let out = parts[0] ?? "";
  for (const sub of parts.slice(1)) {
    out += "\\frac";
    if (sub.startsWith("{")) {
      out += sub;
      continue;
    }
    if (sub.length < 2) return s;
    const a = sub[0] as string;
    const b = sub[1] as string;
    const rest = sub.slice(2);
    out += b !== "{" ? `{${a}}{${b}}${rest}` : `{${a}}${b}${rest}`;
  }
  return out;
}

function fixSlash(s: string): string {
  const parts = s.split("/");
  if (parts.length !== 2) return s;
  const [a = "", b = ""] = parts;
  if (!/^-?\d+$/.test(a) || !/^-?\d+$/.test(b)) return s;
  const ai = BigInt(a);
  const bi = BigInt(b);
  if (s !== `${ai}/${bi}`) return s;
  return `\\frac{${ai}}{${bi}}`;
}

function removeRightUnits(s: string): string {
  if (!s.includes("\\text{ ")) return s;
  const parts = s.split("\\text{ ");
  if (parts.length !== 2) throw new Error("units");
  return parts[0] ?? "";
}

function fixSqrt(s: string): string {
  if (!s.includes("\\sqrt")) return s;
  const parts = s.split("\\sqrt");
  let out = parts[0] ?? "";
  for (const part of parts.slice(1)) {
    if (part.length === 0) throw new Error("sqrt");
    out += part[0] !== "{" ? `\\sqrt{${part[0]}}${part.slice(1)}` : `\\sqrt${part}`;
  }
  return out;
}

function stripString(input: string): string {
  let s = input.replaceAll("\n", "").replaceAll("\\!", "").replaceAll("\\\\", "\\");
  s = s.replaceAll("tfrac", "frac").replaceAll("dfrac", "frac");
  s = s.replaceAll("\\left", "").replaceAll("\\right", "");
  s = s.replaceAll("^{\\circ}", "").replaceAll("^\\circ", "");
  s = s.replaceAll("\\$", "");
  s = removeRightUnits(s);
  s = s.replaceAll("\\%", "");
  s = s.replaceAll(" .", " 0.").replaceAll("{.", "{0.");
  if (s.length === 0) return s;
  if (s[0] === ".") s = "0" + s;
  const eqParts = s.split("=");
  // MATH drops a left side of at most 2 characters; we drop it only when it is a variable name ("k = 5"), so
  // "7 = 11a+c" is not reduced to "11a+c"
  if (eqParts.length === 2 && (eqParts[0] ?? "").length <= 2 && /^\s*[a-zA-Z]\s*$/.test(eqParts[0] ?? "")) s = eqParts[1] ?? "";
  s = fixSqrt(s);
  s = s.replaceAll(" ", "");
  s = fixFracs(s);
  if (s === "0.5") s = "\\frac{1}{2}";
  return fixSlash(s);
}

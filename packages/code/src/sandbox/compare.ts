/** A decimal token in canonical form (sign, digits without leading/trailing zeros, exponent), or undefined. */
function canonicalDecimal(token: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!m) return undefined;
  const [, sign = "", int = "", frac = "", exp = "0"] = m;
  if (int === "" && frac === "") return undefined;
  let digits = (int + frac).replace(/^0+/, "");
  let exponent = Number(exp) - frac.length;
  if (digits === "") return "0";
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  exponent += trailing;
  return `${sign === "-" ? "-" : ""}${digits}e${exponent}`;
}

/** A line as a list of canonical decimals (LiveCodeBench `convert_line_to_decimals`), or undefined. */
function lineDecimals(line: string): string[] | undefined {
  const out: string[] = [];
  for (const token of line.split(/\s+/).filter((t) => t !== "")) {
    const d = canonicalDecimal(token);
    if (d === undefined) return undefined;
    out.push(d);
  }
  return out;
}

/**
 * Compares a program's stdout with the expected output as LiveCodeBench's `grade_stdio` does (the runner behind the
 * cookbook's DeepCoder reward): both sides are stripped and split on `\n`, each line is stripped; the line counts
 * must match; a line matches when equal, or when both lines are whitespace-separated decimals with equal values
 * (Python `Decimal` equality: `1.0` == `1`, `2e1` == `20`).
 * @param actual - The program's stdout.
 * @param expected - The test's expected output.
 * @returns True when they match.
 */
export function stdoutMatches(actual: string, expected: string): boolean {
  const a = actual
    .trim()
    .split("\n")
    .map((l) => l.trim());
  const e = expected
    .trim()
    .split("\n")
    .map((l) => l.trim());
  if (a.length !== e.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? "";
    const y = e[i] ?? "";
    if (x === y) continue;
    const dx = lineDecimals(x);
    const dy = lineDecimals(y);
    if (!dx || !dy || dx.length !== dy.length || dx.some((v, j) => v !== dy[j])) return false;
  }
  return true;
}

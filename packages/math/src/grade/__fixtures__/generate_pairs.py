"""Generate (given, reference) answer pairs from MATH-500 answers and grade them with Python reference graders.

Usage: python3 generate_pairs.py MATH500_test.jsonl OUT.jsonl [--graders math_verify,minerva,hendrycks]

Each rewrite carries the verdict it has by construction (`truth`: the rewrite keeps or changes the value) and a
`category`. Reference graders that import are run on every pair:
  math_verify  huggingface Math-Verify: verify(parse(gold), parse(pred)), both wrapped in $...$
  minerva      lm-evaluation-harness minerva_math: normalize_final_answer + sympy parse_latex + simplify
  hendrycks    lm-evaluation-harness hendrycks_math: is_equiv (the MATH `_strip_string` comparison)
A grader that does not import is left out (its column is absent). Deterministic: no randomness.
"""
import json
import re
import sys
from fractions import Fraction


def load_answers(path):
    out = []
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            out.append((row["unique_id"], row["answer"]))
    return out


INT_RE = re.compile(r"^-?\d+$")
DEC_RE = re.compile(r"^-?\d+\.\d+$")
FRAC_RE = re.compile(r"^(-?)\\[dt]?frac\{(\d+)\}\{(\d+)\}$")
SQRT_RE = re.compile(r"^(\d*)\\sqrt\{?(\d+)\}?$")
PI_FRAC_RE = re.compile(r"^\\frac\{(\d*)\\pi\}\{(\d+)\}$")
TUPLE_RE = re.compile(r"^\((-?[^(),\[\]]+),\s*(-?[^(),\[\]]+)\)$")
INTERVAL_RE = re.compile(r"^([\[(])([^,\[\]()]+),\s*([^,\[\]()]+)([\])])$")
LIST_RE = re.compile(r"^-?[^,(){}\[\]]+(,\s*-?[^,(){}\[\]]+)+$")
SUM_RE = re.compile(r"^([^+\-()]+)\+([^+\-()]+)$")
PM_RE = re.compile(r"^([^\\]*[^ ])\s*\\pm\s*(.+)$")
MATRIX_RE = re.compile(r"^\\begin\{pmatrix\}(.*)\\end\{pmatrix\}$", re.S)
THOUSANDS_RE = re.compile(r"^-?\d{1,3}(,(\\!)?\d{3})+$")
TEXT_RE = re.compile(r"^\\text\{([^{}]+)\}$")


def decimal_of(fr):
    """Terminating decimal string of a Fraction, or None."""
    d = fr.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d != 1:
        return None
    s = f"{float(fr):.12f}".rstrip("0").rstrip(".")
    return s


def round6(fr):
    """Fraction rounded to 6 decimal places, half to even (Math-Verify's float_rounding=6)."""
    return round(fr * 10**6)


def decimal_matches(d, fr):
    """A decimal stands for a fraction: equal at 6 decimal places (Math-Verify) and within 5e-6 relatively."""
    return round6(d) == round6(fr) and abs(d - fr) <= Fraction(1, 200000) * abs(fr)


def with_commas(n):
    return f"{n:,}"


def rewrites(ans):
    """Yield (category, given, truth) rewrites of one reference answer."""
    a = ans.strip()
    yield ("identity", a, True)
    if INT_RE.match(a):
        n = int(a)
        yield ("integer", str(n + 1), False)
        yield ("integer", str(n - 1), False)
        yield ("integer", str(n * 10), False)
        if n != 0:
            yield ("sign", str(-n), False)
        yield ("integer", f"{n}.0", True)
        yield ("equation", f"x = {n}", True)
        yield ("units", f"{n}\\text{{ cm}}", True)
        yield ("units", f"{n} \\mbox{{ units}}", True)
        yield ("degrees", f"{n}^\\circ", True)
        yield ("percent", f"{n}\\%", True)
        yield ("text", f"\\text{{{n}}}", True)
        yield ("boxed", f"\\boxed{{{n}}}", True)
        if abs(n) >= 1000:
            yield ("thousands", with_commas(n), True)
            yield ("thousands", with_commas(n).replace(",", ",\\!"), True)
            yield ("thousands", with_commas(n).replace(",", "{,}"), True)
        if abs(n) >= 100 and n % 10 == 0:
            m = n
            e = 0
            while m % 10 == 0:
                m //= 10
                e += 1
            yield ("scientific", f"{m}\\times 10^{{{e}}}", True)
            yield ("scientific", f"{m}\\times 10^{{{e + 1}}}", False)
        if n > 1:
            yield ("fraction", f"\\frac{{{2 * n}}}{{2}}", True)
            yield ("fraction", f"\\frac{{{n}}}{{2}}", False)
    if DEC_RE.match(a):
        fr = Fraction(a)
        yield ("decimal", f"\\frac{{{fr.numerator}}}{{{fr.denominator}}}" if fr.numerator >= 0 else f"-\\frac{{{-fr.numerator}}}{{{fr.denominator}}}", True)
        yield ("decimal", a + "0", True)
        yield ("decimal", str(fr + Fraction(1, 10 ** (len(a.split('.')[1])))), False)
        if a.startswith("0."):
            yield ("decimal", a[1:], True)
    m = FRAC_RE.match(a)
    if m:
        sign, p, q = m.group(1), int(m.group(2)), int(m.group(3))
        fr = Fraction(p, q) * (-1 if sign else 1)
        yield ("fraction", f"{sign}\\dfrac{{{p}}}{{{q}}}", True)
        yield ("fraction", f"{sign}{p}/{q}", True)
        yield ("fraction", f"{sign}\\frac{{{q}}}{{{p}}}", False)
        yield ("fraction", f"{sign}\\frac{{{p + 1}}}{{{q}}}", False)
        yield ("sign", f"{'' if sign else '-'}\\frac{{{p}}}{{{q}}}", False)
        if p < 10 and q < 10:
            yield ("fraction", f"{sign}\\frac{p}{q}", True)
        dec = decimal_of(fr)
        if dec is not None:
            yield ("decimal", dec, True)
        else:
            two = f"{float(fr):.2f}"
            yield ("decimal", two, decimal_matches(Fraction(two), fr))
            for places in (6, 8):
                d = f"{float(fr):.{places}f}"
                yield ("decimal", d, decimal_matches(Fraction(d), fr))
        yield ("fraction", f"{sign}\\frac{{{2 * p}}}{{{2 * q}}}", True)
    m = SQRT_RE.match(a)
    if m:
        k = int(m.group(1)) if m.group(1) else 1
        n = int(m.group(2))
        yield ("radical", f"\\sqrt{{{k * k * n}}}", True)
        yield ("radical", f"{k}\\sqrt{{{n + 1}}}", False)
        yield ("radical", f"{k}\\sqrt {n}" if n < 10 else f"{k}\\sqrt{{{n}}}", True)
        yield ("radical", f"\\sqrt{{{n}}}\\cdot {k}", True)
        if int(n ** 0.5) ** 2 != n:
            yield ("approximation", f"{k * n ** 0.5:.6f}", False)  # a finite decimal is not the irrational value
    m = PI_FRAC_RE.match(a)
    if m:
        k = m.group(1) or "1"
        q = m.group(2)
        yield ("pi", f"{k}\\pi/{q}" if k != "1" else f"\\pi/{q}", True)
        yield ("pi", f"\\frac{{{k}}}{{{q}}}\\pi", True)
        yield ("pi", f"\\frac{{{k}\\pi}}{{{int(q) + 1}}}", False)
        yield ("approximation", f"{int(k) * 3.141592653589793 / int(q):.6f}", False)
    if "\\pi" in a and not m and len(a) < 30:
        yield ("pi", a.replace("\\pi", "\\pi "), True)
        yield ("pi", a.replace("\\pi", "e"), False)
    m = TUPLE_RE.match(a)
    if m and m.group(1).strip() != m.group(2).strip():
        x, y = m.group(1).strip(), m.group(2).strip()
        yield ("tuple", f"({y}, {x})", False)
        yield ("tuple", f"\\left({x},{y}\\right)", True)
        yield ("tuple", f"[{x}, {y}]", False)
    m = INTERVAL_RE.match(a)
    if m:
        l, x, y, r = m.groups()
        other_l = "[" if l == "(" else "("
        other_r = "]" if r == ")" else ")"
        yield ("interval", f"{other_l}{x},{y}{r}", False)
        yield ("interval", f"{l}{x},{y}{other_r}", False)
        yield ("interval", f"\\left{l}{x}, {y}\\right{r}", True)
        LE = "\\le"
        op_lo = "<" if l == "(" else LE
        op_hi = "<" if r == ")" else LE
        bad_lo = LE if l == "(" else "<"
        lo = "" if "infty" in x else f"{x} {op_lo} "
        hi = "" if "infty" in y else f" {op_hi} {y}"
        if lo or hi:
            yield ("inequality", f"{lo}x{hi}", True)
            yield ("inequality", f"x \\in {a}", True)
            if lo and hi:
                yield ("inequality", f"{x} {bad_lo} x {op_hi} {y}", False)
    if LIST_RE.match(a) and not THOUSANDS_RE.match(a) and not a.startswith("(") and "\\" not in a[:1]:
        parts = [p.strip() for p in a.split(",")]
        if len(set(parts)) == len(parts) and all(len(p) < 20 for p in parts):
            yield ("set", ", ".join(reversed(parts)), True)
            yield ("set", ", ".join(parts[:-1]), False)
            yield ("set", "\\{" + ", ".join(parts) + "\\}", True)
    m = SUM_RE.match(a)
    if m and len(a) < 40 and "," not in a and "=" not in a and m.group(1).count("{") == m.group(1).count("}"):
        yield ("algebra", f"{m.group(2)}+{m.group(1)}", True)
        yield ("algebra", f"{m.group(1)}-{m.group(2)}", False)
    m = PM_RE.match(a)
    if m and "," not in a and len(a) < 40:
        x, y = m.group(1).strip(), m.group(2).strip()
        yield ("plus-minus", f"{x}+{y}, {x}-{y}", True)
        yield ("plus-minus", f"{x}+{y}", False)
    m = MATRIX_RE.match(a)
    if m:
        body = m.group(1)
        yield ("matrix", f"\\begin{{bmatrix}}{body}\\end{{bmatrix}}", True)
        yield ("matrix", f"\\left(\\begin{{array}}{{}}{body}\\end{{array}}\\right)", True)
        cells = re.split(r"(&|\\\\)", body)
        vals = [i for i, c in enumerate(cells) if c not in ("&", "\\\\")]
        if len(vals) >= 2 and cells[vals[0]].strip() != cells[vals[1]].strip():
            sw = list(cells)
            sw[vals[0]], sw[vals[1]] = cells[vals[1]], cells[vals[0]]
            yield ("matrix", "\\begin{pmatrix}" + "".join(sw) + "\\end{pmatrix}", False)
    m = TEXT_RE.match(a)
    if m:
        yield ("text", m.group(1), True)
        yield ("text", f"\\text{{{m.group(1)}x}}", False)
        if len(m.group(1)) > 3 and m.group(1).lower() != m.group(1):
            yield ("text", m.group(1).lower(), True)  # words only: single letters are case-sensitive symbols for sympy
    if a.startswith("\\frac") or a.startswith("\\dfrac"):
        yield ("fraction", a.replace("\\frac", "\\dfrac", 1) if a.startswith("\\frac") else a.replace("\\dfrac", "\\frac", 1), True)


# ---- reference graders ---------------------------------------------------------------------------------------


def make_graders(names):
    graders = {}
    if "math_verify" in names:
        try:
            from math_verify import parse, verify

            def mv(gold, pred):
                try:
                    return bool(verify(parse(f"${gold}$"), parse(f"${pred}$")))
                except Exception:
                    return False

            graders["math_verify"] = mv
        except ImportError:
            pass
    if "minerva" in names or "hendrycks" in names:
        try:
            import importlib
            import sympy.parsing.latex._parse_latex_antlr as antlr_mod

            # sympy's generated parser is for ANTLR 4.11; a 4.13 runtime reads it fine, only the version check objects.
            if not getattr(antlr_mod, "_crucible_patched", False):
                import importlib.metadata as md

                real = md.version
                antlr_mod.version = lambda n: "4.11.0" if n == "antlr4-python3-runtime" else real(n)
                antlr_mod._crucible_patched = True
            if "minerva" in names:
                import types
                import lm_eval  # noqa: F401 (only to locate the file)
                import os

                path = os.path.join(os.path.dirname(lm_eval.__file__), "tasks", "minerva_math", "utils.py")
                src = open(path).read()
                # drop the import guard that demands math_verify / antlr 4.11; keep the grader functions as they are
                src = re.sub(r"try:\n    import antlr4.*?from e\n", "import sympy\nfrom sympy.parsing.latex import parse_latex\n", src, flags=re.S)
                mod = types.ModuleType("minerva_utils")
                exec(compile(src, path, "exec"), mod.__dict__)

                def mn(gold, pred):
                    try:
                        return bool(mod.is_equiv(mod.normalize_final_answer(pred), mod.normalize_final_answer(gold)))
                    except Exception:
                        return False

                graders["minerva"] = mn
            if "hendrycks" in names:
                hm = importlib.import_module("lm_eval.tasks.hendrycks_math.utils")

                def hd(gold, pred):
                    try:
                        return bool(hm.is_equiv(pred, gold))
                    except Exception:
                        return False

                graders["hendrycks"] = hd
        except Exception as e:  # noqa: BLE001
            print(f"reference graders unavailable: {e}", file=sys.stderr)
    return graders


def main():
    src, out = sys.argv[1], sys.argv[2]
    names = "math_verify,minerva,hendrycks"
    if len(sys.argv) > 4 and sys.argv[3] == "--graders":
        names = sys.argv[4]
    graders = make_graders(names.split(","))
    print("graders:", ", ".join(graders) or "(none)", file=sys.stderr)
    rows = []
    seen = set()
    for uid, ans in load_answers(src):
        for cat, given, truth in rewrites(ans):
            key = (given, ans)
            if key in seen:
                continue
            seen.add(key)
            row = {"id": uid, "category": cat, "given": given, "reference": ans, "truth": truth}
            for name, g in graders.items():
                row[name] = g(ans, given)
            rows.append(row)
    with open(out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"{len(rows)} pairs -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()

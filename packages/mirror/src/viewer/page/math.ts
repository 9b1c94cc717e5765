// LaTeX in text, rendered with the bundled KaTeX. KaTeX builds DOM nodes itself (no HTML parsing of the input);
// `trust: false` keeps \href, \url, \includegraphics and friends from producing links or images.
import katex from "katex";
import { h } from "./dom.js";

const KATEX = { throwOnError: true, trust: false, strict: "ignore", maxSize: 20, maxExpand: 200, output: "htmlAndMathml" } as const;

/** Render one TeX expression; a parse error shows the source as text (styled by the stylesheet, not inline). */
export function tex(source: string, display = false): HTMLElement {
  const el = h(display ? "div" : "span", { class: display ? "math display" : "math" });
  try {
    katex.render(source, el, { ...KATEX, displayMode: display });
  } catch {
    el.className = "math-error";
    el.textContent = source;
    el.title = "not valid TeX";
  }
  return el;
}

const SEGMENT = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|\$((?:\\\$|[^$\n])+?)\$/g;

/** Text with `$…$`, `$$…$$`, `\(…\)` and `\[…\]` rendered as math and the rest kept as plain text. */
export function textWithMath(s: string, cls = "prose"): HTMLElement {
  const out = h("div", { class: cls });
  let last = 0;
  for (const m of s.matchAll(SEGMENT)) {
    const at = m.index ?? 0;
    if (at > last) out.appendChild(document.createTextNode(s.slice(last, at)));
    const display = m[1] !== undefined || m[2] !== undefined;
    out.appendChild(tex((m[1] ?? m[2] ?? m[3] ?? m[4] ?? "").trim(), display));
    last = at + m[0].length;
  }
  if (last < s.length) out.appendChild(document.createTextNode(s.slice(last)));
  return out;
}

/** The content of the last `\boxed{…}` (balanced braces), or the text after `####`, or undefined. */
export function extractAnswer(solution: string): string | undefined {
  const i = solution.lastIndexOf("\\boxed{");
  if (i >= 0) {
    let depth = 0;
    for (let j = i + 6; j < solution.length; j++) {
      if (solution[j] === "{") depth++;
      else if (solution[j] === "}" && --depth === 0) return solution.slice(i + 7, j);
    }
  }
  const hash = /####\s*(.+)\s*$/.exec(solution);
  return hash?.[1]?.trim();
}

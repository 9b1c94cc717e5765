// Rows rendered as people read them: conversations as turns, comparisons side by side, math with its answer,
// code with its tests, images with their class. The shape is recognised from the column names and types the
// Hub datasets use (the same ones crucible's domain loaders read).
import { renderCell, classNames } from "./cells.js";
import { h, safeImage } from "./dom.js";
import { extractAnswer, tex, textWithMath } from "./math.js";
import type { ViewerFeature, ViewerRow } from "./api.js";

/** The domain shapes the page knows. */
export type RowKind = "conversation" | "comparison" | "math" | "code" | "image";

interface Shape {
  kind: RowKind;
  render(row: ViewerRow): HTMLElement;
}

const first = (names: Set<string>, candidates: string[]): string | undefined => candidates.find((c) => names.has(c));

function isMessages(type: unknown): boolean {
  const t = type as Record<string, unknown> | unknown[];
  const inner = Array.isArray(t)
    ? t[0]
    : t && (t as Record<string, unknown>)._type === "List"
      ? (t as Record<string, unknown>).feature
      : undefined;
  if (!inner || typeof inner !== "object") return false;
  const keys = Object.keys(inner);
  return (keys.includes("role") && keys.includes("content")) || (keys.includes("from") && keys.includes("value"));
}

/** Turns of a conversation value (`[{role, content}]` or ShareGPT `[{from, value}]`). */
function turns(v: unknown): HTMLElement {
  const box = h("div", { class: "conversation" });
  if (!Array.isArray(v)) return renderCell(v, undefined);
  for (const m of v) {
    const o = (m ?? {}) as Record<string, unknown>;
    const role = String(o.role ?? o.from ?? "?");
    const content = o.content ?? o.value;
    const roleClass = /^[a-z_]{1,20}$/.test(role) ? role : "other";
    box.appendChild(
      h(
        "div",
        { class: `turn role-${roleClass}`, "data-role": roleClass },
        h("div", { class: "role" }, role),
        typeof content === "string" ? h("div", { class: "content" }, content) : renderCell(content, undefined),
      ),
    );
  }
  return box;
}

function textOrTurns(v: unknown): HTMLElement {
  if (Array.isArray(v)) return turns(v);
  if (typeof v === "string") return h("div", { class: "content" }, v);
  return renderCell(v, undefined);
}

/** Recognise the row shape of a split from its features; undefined for plain tables. */
export function detectShape(features: ViewerFeature[]): Shape | undefined {
  const names = new Set(features.map((f) => f.name));
  const typeOf = (n: string): unknown => features.find((f) => f.name === n)?.type;
  const others = (used: string[]): ViewerFeature[] => features.filter((f) => !used.includes(f.name));
  const extras = (row: ViewerRow, used: string[]): HTMLElement | undefined => {
    const rest = others(used);
    if (!rest.length) return undefined;
    const dl = h("dl", { class: "extras" });
    for (const f of rest) {
      dl.appendChild(h("dt", {}, f.name));
      dl.appendChild(h("dd", {}, renderCell(row.row[f.name], f.type, row.truncated_cells.includes(f.name))));
    }
    return dl;
  };

  const conv = features.find((f) => isMessages(f.type) && !["chosen", "rejected"].includes(f.name));
  const chosen = first(names, ["chosen", "chosen_response", "response_chosen", "preferred"]);
  const rejected = first(names, ["rejected", "rejected_response", "response_rejected", "dispreferred"]);
  if (chosen && rejected) {
    const prompt = first(names, ["prompt", "question", "instruction"]);
    const used = [chosen, rejected, ...(prompt ? [prompt] : [])];
    return {
      kind: "comparison",
      render: (row) =>
        h(
          "article",
          { class: "card comparison", "data-kind": "comparison" },
          prompt ? h("section", { class: "prompt" }, h("h3", {}, "Prompt"), textOrTurns(row.row[prompt])) : null,
          h(
            "div",
            { class: "side-by-side" },
            h(
              "section",
              { class: "completion preferred", "aria-label": "preferred completion" },
              h("h3", {}, "✓ Preferred ", h("span", { class: "muted" }, chosen)),
              textOrTurns(row.row[chosen]),
            ),
            h(
              "section",
              { class: "completion other", "aria-label": "rejected completion" },
              h("h3", {}, "Rejected ", h("span", { class: "muted" }, rejected)),
              textOrTurns(row.row[rejected]),
            ),
          ),
          extras(row, used),
        ),
    };
  }
  if (conv) {
    return {
      kind: "conversation",
      render: (row) => h("article", { class: "card", "data-kind": "conversation" }, turns(row.row[conv.name]), extras(row, [conv.name])),
    };
  }
  const image = features.find((f) => (f.type as Record<string, unknown>)?._type === "Image");
  if (image) {
    const label = features.find((f) => classNames(f.type));
    return {
      kind: "image",
      render: (row) => {
        const v = (row.row[image.name] ?? {}) as Record<string, unknown>;
        const names = label ? classNames(label.type) : undefined;
        const idx = label ? row.row[label.name] : undefined;
        const caption = typeof idx === "number" ? (names?.[idx] ?? String(idx)) : "";
        return h(
          "article",
          { class: "card image-card", "data-kind": "image" },
          h("figure", {}, safeImage(v.src, caption || "image", v.width, v.height), h("figcaption", { class: "class-name" }, caption)),
          extras(row, [image.name, ...(label ? [label.name] : [])]),
        );
      },
    };
  }
  const question = first(names, ["question", "prompt", "problem", "instruction"]);
  const tests = first(names, ["tests", "test_list", "test", "test_cases", "input_output"]);
  if (question && tests) {
    const solution = first(names, ["solution", "canonical_solution", "code", "completion"]);
    const used = [question, tests, ...(solution ? [solution] : [])];
    return {
      kind: "code",
      render: (row) => {
        const t = row.row[tests];
        const list = Array.isArray(t) ? t : [t];
        return h(
          "article",
          { class: "card", "data-kind": "code" },
          h("section", {}, h("h3", {}, "Problem"), h("div", { class: "content" }, String(row.row[question] ?? ""))),
          solution
            ? h("section", {}, h("h3", {}, "Solution"), h("pre", { class: "code" }, h("code", {}, String(row.row[solution] ?? ""))))
            : null,
          h(
            "section",
            { class: "tests" },
            h("h3", {}, `Tests (${list.length})`),
            ...list.map((x) => h("pre", { class: "code test" }, h("code", {}, typeof x === "string" ? x : JSON.stringify(x, null, 1)))),
          ),
          extras(row, used),
        );
      },
    };
  }
  const isText = (n: string | undefined): boolean => {
    const t = n === undefined ? undefined : (typeOf(n) as Record<string, unknown> | undefined);
    return t?._type === "Value" && (t.dtype === "string" || t.dtype === "large_string");
  };
  const problem = first(names, ["problem", "question"]);
  const solution = first(names, ["solution", "answer", "output"]);
  if (problem && solution && isText(problem) && isText(solution)) {
    const answerCol = names.has("answer") && solution !== "answer" && isText("answer") ? "answer" : undefined;
    const used = [problem, solution, ...(answerCol ? [answerCol] : [])];
    return {
      kind: "math",
      render: (row) => {
        const sol = String(row.row[solution] ?? "");
        const ans = answerCol ? String(row.row[answerCol] ?? "") : extractAnswer(sol);
        return h(
          "article",
          { class: "card", "data-kind": "math" },
          h("section", {}, h("h3", {}, "Problem"), textWithMath(String(row.row[problem] ?? ""))),
          h("section", {}, h("h3", {}, solution === "answer" ? "Answer (full)" : "Solution"), textWithMath(sol)),
          ans !== undefined ? h("section", { class: "answer" }, h("h3", {}, "Answer"), tex(ans, true)) : null,
          extras(row, used),
        );
      },
    };
  }
  return undefined;
}

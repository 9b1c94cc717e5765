// Table cells typed by the dataset's Features (in the Hub's JSON form).
import { append, h, safeImage } from "./dom.js";

/** Characters of a string shown before it is folded. */
export const FOLD_CHARS = 160;
/** Items of a list shown before "more". */
const LIST_PREVIEW = 50;

type FeatureJson = Record<string, unknown> | unknown[] | undefined;

function typeOf(f: FeatureJson): string {
  if (Array.isArray(f)) return "List";
  if (f && typeof f === "object" && typeof f._type === "string") return f._type;
  return f && typeof f === "object" ? "Struct" : "Unknown";
}

/** Names of a ClassLabel feature, or undefined. */
export function classNames(f: unknown): string[] | undefined {
  const o = f as Record<string, unknown> | undefined;
  return o && o._type === "ClassLabel" && Array.isArray(o.names) ? o.names.map(String) : undefined;
}

/** A short description of a feature for column headers, e.g. `string`, `ClassLabel(3)`, `List(string)`. */
export function describeType(f: unknown): string {
  const o = f as Record<string, unknown>;
  switch (typeOf(f as FeatureJson)) {
    case "Value":
      return String(o.dtype);
    case "ClassLabel":
      return `ClassLabel(${(o.names as unknown[] | undefined)?.length ?? 0})`;
    case "List":
    case "Sequence":
    case "LargeList":
      return `List(${describeType(Array.isArray(f) ? f[0] : o.feature)})`;
    case "Struct":
      return "Struct";
    case "Image":
      return "Image";
    default:
      return String(o?._type ?? "?");
  }
}

/** Long text: the first characters, and the whole text in an expandable block. */
export function foldedText(s: string, cls = "text"): HTMLElement {
  if (s.length <= FOLD_CHARS && !s.includes("\n")) return h("span", { class: cls }, s);
  const first = s.split("\n", 1)[0] ?? "";
  const preview = first.length > FOLD_CHARS ? `${first.slice(0, FOLD_CHARS)}…` : `${first}…`;
  return h(
    "details",
    { class: `fold ${cls}` },
    h("summary", {}, preview, h("span", { class: "muted" }, ` (${s.length} chars)`)),
    h("div", { class: "full" }, s),
  );
}

/** Render one cell value by its feature. */
export function renderCell(v: unknown, f: unknown, truncated = false): HTMLElement {
  const el = renderValue(v, f as FeatureJson);
  if (truncated) append(el, h("span", { class: "badge", title: "the server cut this cell" }, "truncated"));
  return el;
}

function renderValue(v: unknown, f: FeatureJson): HTMLElement {
  if (v === null || v === undefined) return h("span", { class: "null" }, "null");
  const t = typeOf(f);
  if (t === "ClassLabel" && typeof v === "number") {
    const names = classNames(f);
    const name = names?.[v];
    return h("span", { class: "label", title: `class ${v}` }, name ?? String(v), h("span", { class: "muted" }, ` ${v}`));
  }
  if (t === "Image") {
    const o = v as Record<string, unknown>;
    return h("span", { class: "image" }, safeImage(o.src, "image cell", o.width, o.height));
  }
  if (typeof v === "string") return foldedText(v);
  if (typeof v === "number" || typeof v === "boolean") return h("span", { class: typeof v }, String(v));
  if (Array.isArray(v)) {
    const inner = Array.isArray(f) ? (f[0] as FeatureJson) : ((f as Record<string, unknown> | undefined)?.feature as FeatureJson);
    const d = h("details", { class: "nested" }, h("summary", {}, `[${v.length} item${v.length === 1 ? "" : "s"}]`));
    const ol = h("ol", {});
    for (const x of v.slice(0, LIST_PREVIEW)) ol.appendChild(h("li", {}, renderValue(x, inner)));
    if (v.length > LIST_PREVIEW) ol.appendChild(h("li", { class: "muted" }, `… ${v.length - LIST_PREVIEW} more`));
    d.appendChild(ol);
    return d;
  }
  if (typeof v === "object") {
    const fields = (f && !Array.isArray(f) && typeOf(f) === "Struct" ? f : {}) as Record<string, unknown>;
    const keys = Object.keys(v as object);
    const d = h("details", { class: "nested" }, h("summary", {}, `{${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", …" : ""}}`));
    const dl = h("dl", {});
    for (const k of keys) {
      dl.appendChild(h("dt", {}, k));
      dl.appendChild(h("dd", {}, renderValue((v as Record<string, unknown>)[k], fields[k] as FeatureJson)));
    }
    d.appendChild(dl);
    return d;
  }
  return h("span", {}, String(v));
}

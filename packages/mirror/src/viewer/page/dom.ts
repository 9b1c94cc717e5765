// DOM helpers. Dataset content only ever reaches the page as text nodes or as attributes this file allows:
// nothing here parses HTML.

type Child = Node | string | number | null | undefined | false;

/** Attributes the page may set; `on*` handlers, `style`, `href`, `src` are not among them. */
const SAFE_ATTRS = new Set([
  "class",
  "id",
  "title",
  "role",
  "tabindex",
  "aria-label",
  "aria-expanded",
  "aria-selected",
  "aria-sort",
  "aria-current",
  "type",
  "placeholder",
  "value",
  "name",
  "for",
  "colspan",
  "data-row",
  "data-kind",
  "data-role",
  "data-col",
  "data-tab",
  "alt",
  "width",
  "height",
  "disabled",
  "open",
  "spellcheck",
  "autocomplete",
]);

/** Create an element with safe attributes and text/element children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (!SAFE_ATTRS.has(k)) throw new Error(`attribute ${k} is not allowed`);
    el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, ...children);
  return el;
}

/** Append text (as text nodes) and elements. */
export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** Remove every child. */
export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * An `<img>` for a URL served by this mirror (same origin, http/https); anything else gives a text placeholder,
 * so a cell can never point the page at a `javascript:` or foreign URL.
 */
export function safeImage(src: unknown, alt: string, width?: unknown, height?: unknown): HTMLElement {
  if (typeof src === "string") {
    try {
      const u = new URL(src, location.href);
      if ((u.protocol === "http:" || u.protocol === "https:") && u.origin === location.origin && u.pathname.startsWith("/assets/")) {
        const img = h("img", { alt, class: "cell-image" });
        if (typeof width === "number" && typeof height === "number") {
          img.width = Math.min(width, 256);
          img.height = Math.round((img.width / Math.max(1, width)) * height);
        }
        img.src = u.href;
        img.loading = "lazy";
        return img;
      }
    } catch {
      // not a URL
    }
  }
  return h("span", { class: "null" }, "image unavailable");
}

/** Create an SVG element (for charts); attributes are numbers or fixed strings chosen by the page. */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, ...children);
  return el;
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The viewer page in headless Chromium (Debian package `chromium`, driven by playwright-core): each row type
// renders (screenshot not blank, DOM as expected), hostile content stays inert, the keyboard works.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "../server.js";
import type { Mirror } from "../types.js";
import { buildPage } from "./page/build.mjs";
import type { ViewerResultsProvider } from "./results.js";
import { buildViewerFixture, HOSTILE, type ViewerFixture } from "./test-support/fixtures.js";
import { inkStats } from "../testing/png.js";

const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  (p) => p && existsSync(p),
);
if (!CHROMIUM) console.warn("viewer page tests skipped: no Chromium found (install the `chromium` package or set CHROMIUM_PATH)");

const results: ViewerResultsProvider = {
  list: () => [
    {
      id: "run-b",
      createdAt: "2026-12-02T00:00:00.000Z",
      model: "model-b",
      dataset: "openai/gsm8k",
      metrics: { accuracy: 0.75 },
      coverage: { total: 4, answered: 4, missingIds: [] },
      unknownPredictionIds: [],
      timing: { startedAt: "2026-12-02T00:00:00.000Z", durationMs: 5 },
    },
    {
      id: "run-a",
      createdAt: "2026-12-01T00:00:00.000Z",
      model: "model-a",
      dataset: "openai/gsm8k",
      metrics: { accuracy: 0.5 },
      coverage: { total: 4, answered: 3, missingIds: ["3"] },
      unknownPredictionIds: [],
      timing: { startedAt: "2026-12-01T00:00:00.000Z", durationMs: 5 },
    },
  ],
  load: (id) =>
    id === "run-a"
      ? {
          id,
          createdAt: "2026-12-01T00:00:00.000Z",
          model: "model-a",
          dataset: "openai/gsm8k",
          metrics: { accuracy: 0.5 },
          coverage: { total: 4, answered: 3, missingIds: ["3"] },
          unknownPredictionIds: [],
          timing: { startedAt: "2026-12-01T00:00:00.000Z", durationMs: 5 },
          items: [
            { id: "0", answered: true, scores: { accuracy: 1 }, prediction: "42", reference: "42" },
            { id: "1", answered: true, scores: { accuracy: 0 }, prediction: HOSTILE.script, reference: "7" },
            { id: "2", answered: true, scores: { accuracy: 1 }, prediction: "9", reference: "9" },
            { id: "3", answered: false, scores: { accuracy: 0 } },
          ],
        }
      : undefined,
};

describe.skipIf(!CHROMIUM)("viewer page in headless Chromium", { timeout: 90_000 }, () => {
  let fx: ViewerFixture;
  let mirror: Mirror;
  let tmp: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    fx = await buildViewerFixture();
    tmp = mkdtempSync(path.join(os.tmpdir(), "crucible-viewer-page-"));
    await buildPage(path.join(tmp, "page"));
    mirror = await startMirror({ root: fx.root, viewer: { indexDir: path.join(tmp, "index"), pageDir: path.join(tmp, "page"), results } });
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of (404|422)/.test(m.text()))
        problems.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await mirror?.close();
    fx?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(query: string): Promise<void> {
    await page.goto(`${mirror.url}/viewer?${query}`);
    await page.waitForSelector("#app[data-ready=true]", { timeout: 30_000 });
    // wait for the last render (a pushState re-render sets data-ready again)
    await page.waitForFunction(() => !document.querySelector("main .loading"));
  }

  async function notBlank(selector: string): Promise<void> {
    const png = await page.locator(selector).first().screenshot();
    const s = inkStats(png);
    expect(s.ink, selector).toBeGreaterThan(0.01);
    expect(s.colours, selector).toBeGreaterThan(3);
  }

  it("serves the page with a strict CSP and no inline script", async () => {
    const res = await fetch(`${mirror.url}/viewer`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("shows a typed, paginated table", async () => {
    await open("dataset=viewer/table&config=default&split=train");
    expect(await page.locator("table.grid thead th").count()).toBe(8);
    expect(await page.locator("table.grid thead th .type").allTextContents()).toEqual([
      "int64",
      "string",
      "float64",
      "bool",
      "ClassLabel(5)",
      "List(string)",
      "string",
    ]);
    expect(await page.locator("tbody tr.row-item").count()).toBe(100);
    expect(await page.locator("#row-count").textContent()).toBe("rows 1–100 of 250");
    expect(await page.locator("tbody tr[data-row='3'] .label").textContent()).toBe("three 3");
    expect(await page.locator("tbody tr[data-row='3'] details.nested summary").textContent()).toBe("[3 items]");
    await notBlank("table.grid");
    await page.click("#next-page");
    await page.waitForFunction(() => document.querySelector("#row-count")?.textContent === "rows 101–200 of 250");
    expect(new URL(page.url()).searchParams.get("offset")).toBe("100");
    expect(await page.locator("tbody tr.row-item").first().getAttribute("data-row")).toBe("100");
  });

  it("renders conversations as turns with roles", async () => {
    await open("dataset=viewer/chat&config=default&split=train");
    expect(await page.locator(".cards[data-kind=conversation]").count()).toBe(1);
    expect(
      await page
        .locator(".row-item")
        .first()
        .locator(".turn")
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.role)),
    ).toEqual(["system", "user", "assistant"]);
    expect(await page.locator(".row-item").first().locator(".turn .content").last().textContent()).toBe("4");
    await notBlank(".cards");
  });

  it("renders comparisons side by side with the preferred one marked", async () => {
    await open("dataset=viewer/prefs&config=default&split=train");
    const card = page.locator(".card.comparison").first();
    expect(await card.locator(".prompt .content").textContent()).toBe("Say hello politely.");
    expect(await card.locator(".completion.preferred .content").textContent()).toBe("Hello, nice to meet you.");
    expect(await card.locator(".completion.preferred h3").textContent()).toContain("Preferred");
    expect(await card.locator(".completion.other .content").textContent()).toBe("What do you want?");
    const [a, b] = await card.locator(".completion").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(b as number).toBeGreaterThan((a as number) + 100);
    await notBlank(".cards");
  });

  it("renders math with KaTeX and the answer", async () => {
    await open("dataset=viewer/math&config=default&split=train");
    const card = page.locator("article[data-kind=math]").first();
    expect(await card.locator(".katex").count()).toBeGreaterThanOrEqual(3);
    expect(await card.locator(".answer .katex-display .katex-mathml annotation").textContent()).toBe(String.raw`\frac{5}{6}`);
    const fontsOk = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some((f) => f.family.includes("KaTeX") && f.status === "loaded");
    });
    expect(fontsOk).toBe(true);
    await notBlank("article[data-kind=math]");
  });

  it("renders code problems with their tests", async () => {
    await open("dataset=viewer/code&config=default&split=train");
    const card = page.locator("article[data-kind=code]").first();
    expect(await card.locator("pre.test").allTextContents()).toEqual(["assert add(1, 2) == 3", "assert add(-1, 1) == 0"]);
    expect(await card.locator("h3").allTextContents()).toContain("Tests (2)");
    await notBlank("article[data-kind=code]");
  });

  it("renders images inline with their class", async () => {
    await open("dataset=viewer/images&config=default&split=train");
    expect(await page.locator("figcaption.class-name").allTextContents()).toEqual(["red", "green", "blue"]);
    await page.waitForFunction(() =>
      [...document.querySelectorAll("img.cell-image")].every(
        (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth === 32,
      ),
    );
    await notBlank(".cards");
    await page.click("#toggle-view");
    await page.waitForSelector("table.grid");
    expect(await page.locator("table.grid img.cell-image").count()).toBe(3);
    expect(await page.locator("tbody tr .label").first().textContent()).toBe("red 0");
  });

  it("keeps hostile content inert (script tags, javascript: URLs, SVG in cells, column and file names)", async () => {
    for (const q of [
      "dataset=viewer/hostile&config=default&split=train",
      "dataset=viewer/hostile&config=default&split=train&view=table",
      "dataset=viewer/math&config=default&split=train",
      "dataset=viewer/hostile&config=default&split=train&tab=stats",
    ]) {
      await open(q);
      await page.waitForTimeout(200);
      const report = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: string }).__pwned,
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
        jsLinks: [...document.querySelectorAll("[href],[src],[xlink\\:href]")].filter((e) =>
          /^\s*javascript:/i.test(e.getAttribute("href") ?? e.getAttribute("src") ?? ""),
        ).length,
        foreignSvg: [...document.querySelectorAll("main svg")].filter((s) => !s.classList.contains("chart") && !s.closest(".katex")).length,
        imgs: [...document.querySelectorAll("main img")].map((i) => new URL((i as HTMLImageElement).src).pathname),
        text: document.body.textContent ?? "",
      }));
      expect(report.pwned, q).toBeUndefined();
      expect(report.scripts, q).toBe(1);
      expect(report.handlers, q).toBe(0);
      expect(report.jsLinks, q).toBe(0);
      expect(report.foreignSvg, q).toBe(0);
      expect(
        report.imgs.every((p) => p.startsWith("/assets/") && p.endsWith(".png")),
        q,
      ).toBe(true);
      if (q.includes("stats")) expect(report.text).toContain("data/train-<svg onload=alert(1)>.parquet");
      if (q.includes("hostile") && !q.includes("stats")) {
        expect(report.text).toContain(HOSTILE.script);
        expect(report.text).toContain(HOSTILE.img);
        expect(report.text).toContain(HOSTILE.js);
      }
    }
    // the hostile column name is a header's text, not markup
    await open("dataset=viewer/hostile&config=default&split=train&view=table");
    expect(await page.locator("table.grid thead th button.sort").first().textContent()).toBe(HOSTILE.img);
    expect(problems.filter((p) => p.startsWith("dialog") || p.startsWith("page error"))).toEqual([]);
  });

  it("navigates with the keyboard: / search, j/k rows, Enter unfolds, n/p pages", async () => {
    await open("dataset=viewer/table&config=default&split=train");
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
    await page.keyboard.type("seven gamma");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /of 9$/.test(document.querySelector("#row-count")?.textContent ?? ""));
    expect(new URL(page.url()).searchParams.get("q")).toBe("seven gamma");
    await page.keyboard.press("Escape");
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("j");
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.row)).toBe("14");
    await page.keyboard.press("j");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("k");
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.row)).toBe("42");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => [...(document.activeElement?.querySelectorAll("details") ?? [])].every((d) => d.open))).toBe(true);
    await open("dataset=viewer/table&config=default&split=train");
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("n");
    await page.waitForFunction(() => document.querySelector("#row-count")?.textContent === "rows 101–200 of 250");
    await page.keyboard.press("p");
    await page.waitForFunction(() => document.querySelector("#row-count")?.textContent === "rows 1–100 of 250");
  });

  it("filters and sorts through the filter bar and the column headers", async () => {
    await open("dataset=viewer/table&config=default&split=train");
    await page.fill("#where", `"label" = 2 AND "flag" = true`);
    await page.keyboard.press("Enter");
    const expected = Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 5 === 2 && i % 3 === 0).length;
    await page.waitForFunction((n) => document.querySelector("#row-count")?.textContent?.endsWith(`of ${n}`), expected);
    expect(await page.locator("tbody tr .label").allTextContents()).toEqual(Array(expected).fill("two 2"));
    await page.fill("#where", `"label" = 'two'`);
    await page.keyboard.press("Enter");
    await page.waitForSelector(".error");
    expect(await page.locator(".error").textContent()).toContain("Parameter 'where' is invalid");
    await open("dataset=viewer/table&config=default&split=train");
    await page.locator("thead th button.sort", { hasText: "id" }).first().click();
    await page.locator("thead th button.sort", { hasText: "id" }).first().click();
    await page.waitForFunction(() => document.querySelector("tbody tr.row-item")?.getAttribute("data-row") === "249");
    expect(new URL(page.url()).searchParams.get("orderby")).toBe(`"id" DESC`);
  });

  it("charts column statistics", async () => {
    await open("dataset=viewer/table&config=default&split=train&tab=stats");
    expect(await page.locator(".card.stat").count()).toBe(7);
    expect(await page.locator(".card.stat[data-col=label] svg.chart.bars rect").count()).toBe(5);
    expect(await page.locator(".card.stat[data-col=id] svg.chart.histogram rect").count()).toBe(10);
    await notBlank(".stats-grid");
  });

  it("shows results by model and drills down to items", async () => {
    await open("tab=results");
    expect(await page.locator(".card.stat[data-col=accuracy] svg rect").count()).toBe(2);
    expect(await page.locator(".results table tbody tr").count()).toBe(2);
    await notBlank(".results");
    await page.locator(".results table button.link", { hasText: "run-a" }).click();
    await page.waitForSelector("table.items");
    expect(await page.locator("table.items tbody tr").count()).toBe(4);
    expect(await page.locator("table.items").textContent()).toContain(HOSTILE.script);
    await page.selectOption("select[aria-label='show items']", "wrong");
    expect(await page.locator("table.items tbody tr").count()).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });
});

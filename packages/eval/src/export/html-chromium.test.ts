// Renders the HTML report in headless Chromium (Debian package `chromium`): the screenshot must be a real,
// non-blank image with the chart's bar colour in it, and hostile strings must stay inert text in the DOM.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodePng } from "@crucible/mirror/testing";
import { afterAll, describe, expect, it } from "vitest";
import { toHtml } from "./html.js";
import { HOSTILE, sample } from "../test-support/sample-results.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));
const dir = mkdtempSync(join(tmpdir(), "crucible-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chromium(args: string[]): string {
  const profile = mkdtempSync(join(dir, "profile-"));
  const res = spawnSync(
    CHROMIUM!,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (res.status !== 0) throw new Error(`chromium exited ${res.status}: ${res.stderr}`);
  return res.stdout;
}

describe.skipIf(!CHROMIUM)("HTML report in headless Chromium (skipped: no chromium at /usr/bin/chromium)", () => {
  const page = join(dir, "report.html");
  writeFileSync(page, toHtml(sample(), { title: `Report ${HOSTILE}`, metric: "accuracy" }));

  it("screenshot is a non-blank image showing the bar chart", () => {
    const png = join(dir, "shot.png");
    chromium([`--screenshot=${png}`, "--window-size=1000,700", `file://${page}`]);
    const { width, height, channels, pixels } = decodePng(readFileSync(png));
    expect([width, height]).toEqual([1000, 700]);
    let sum = 0;
    let sumSq = 0;
    let barPixels = 0;
    const n = width * height;
    for (let i = 0; i < n; i++) {
      const r = pixels[i * channels]!;
      const g = pixels[i * channels + 1]!;
      const b = pixels[i * channels + 2]!;
      const lum = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += lum;
      sumSq += lum * lum;
      if (Math.abs(r - 0x2f) < 6 && Math.abs(g - 0x6f) < 6 && Math.abs(b - 0xeb) < 6) barPixels++;
    }
    const variance = sumSq / n - (sum / n) ** 2;
    expect(variance).toBeGreaterThan(50); // a blank page has variance 0
    expect(barPixels).toBeGreaterThan(2000); // three bars of ≥ 1 px × 20 px, the longest 380 px wide
  }, 120_000);

  it("hostile strings render as text: no injected element or script effect in the live DOM", () => {
    const marker = `<img src=x onerror="document.body.setAttribute('data-pwned','1')"><script>document.body.setAttribute('data-pwned','2')</script>`;
    const results = sample();
    results[0]!.model = marker;
    const hostilePage = join(dir, "hostile.html");
    writeFileSync(hostilePage, toHtml(results, { title: marker }));
    const dom = chromium(["--dump-dom", "--virtual-time-budget=2000", `file://${hostilePage}`]);
    expect(dom).toContain("<h1>");
    expect(dom).not.toContain("data-pwned=");
    expect(dom).not.toMatch(/<img/i);
    expect(dom).toContain("&lt;img src=x onerror=");

    // Control: the same payload unescaped does run, so the check above can fail.
    const control = join(dir, "control.html");
    writeFileSync(control, `<!DOCTYPE html><html><body><h1>${marker}</h1></body></html>`);
    expect(chromium(["--dump-dom", "--virtual-time-budget=2000", `file://${control}`])).toContain("data-pwned=");
  }, 180_000);
});

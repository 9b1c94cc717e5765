#!/usr/bin/env node
// Screenshots of the viewer for the README: node src/viewer/page/screenshot.mjs <hub-root> <out-dir> [dataset=query ...]
// (build the package first; needs Chromium at /usr/bin/chromium or CHROMIUM_PATH).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { startMirror } from "../../../dist/index.js";

const [root, outDir, ...shots] = process.argv.slice(2);
if (!root || !outDir) {
  console.error("usage: screenshot.mjs <hub-root> <out-dir> [name=query ...]");
  process.exit(2);
}
const exe = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
const indexDir = mkdtempSync(path.join(os.tmpdir(), "crucible-shot-"));
const mirror = await startMirror({ root, viewer: { indexDir } });
const browser = await chromium.launch({ executablePath: exe, args: ["--no-sandbox", "--disable-gpu"] });
mkdirSync(outDir, { recursive: true });
try {
  for (const shot of shots) {
    const [name, query] =
      shot.split("=", 2).length === 2 ? [shot.slice(0, shot.indexOf("=")), shot.slice(shot.indexOf("=") + 1)] : [shot, ""];
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(`${mirror.url}/viewer?${query}`);
    await page.waitForSelector("#app[data-ready=true]", { timeout: 120_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(outDir, `${name}.png`) });
    console.log(`${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await mirror.close();
  rmSync(indexDir, { recursive: true, force: true });
}

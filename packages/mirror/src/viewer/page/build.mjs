#!/usr/bin/env node
// Bundles the viewer page (TypeScript + KaTeX with its fonts) into one folder the mirror serves at /viewer.
// Usage: node src/viewer/page/build.mjs <out-dir>. Exports buildPage(outDir) for tests.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The page's HTML: no inline script or style, so the CSP can forbid both. */
const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>crucible viewer</title>
<link rel="stylesheet" href="/viewer/static/viewer.css">
<script type="module" src="/viewer/static/viewer.js"></script>
</head>
<body>
<div id="app" aria-live="polite"></div>
</body>
</html>
`;

/**
 * Build the page into `outDir` (replaced): `index.html`, `viewer.js`, `viewer.css` and the KaTeX fonts.
 * @param {string} outDir
 */
export async function buildPage(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { viewer: path.join(here, "main.ts") },
    outdir: outDir,
    bundle: true,
    format: "esm",
    target: "es2020",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    loader: { ".woff2": "file", ".woff": "file", ".ttf": "file" },
    assetNames: "[name]-[hash]",
    logLevel: "warning",
  });
  writeFileSync(path.join(outDir, "index.html"), INDEX_HTML);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? "page-dist");
  await buildPage(out);
  console.log(`viewer page built in ${out}`);
}

// Bundle the dashboard into the Python package (src/bedfellows/serve/static).
// Everything comes from node_modules: the page loads nothing from a CDN.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

const out = "../src/bedfellows/serve/static";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/assets`, { recursive: true });

await build({
  entryPoints: { app: "src/main.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: `${out}/assets`,
  loader: { ".png": "dataurl", ".svg": "dataurl" },
  legalComments: "linked",
  logLevel: "info",
});
copyFileSync("index.html", `${out}/index.html`);
writeFileSync(
  `${out}/assets/NOTICE.txt`,
  [
    "Bundled front-end libraries (from the npm registry, see frontend/package-lock.json):",
    "leaflet (BSD-2-Clause), cytoscape (MIT), uplot (MIT), topojson-client (ISC),",
    "world-atlas (ISC; country outlines from Natural Earth, public domain).",
    "Their licence texts are in app.js.LEGAL.txt where they ship one inline.",
    "",
  ].join("\n"),
);

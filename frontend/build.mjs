// Bundle the dashboard into the Python package (src/bedfellows/serve/static).
// Everything comes from node_modules: the page loads nothing from a CDN.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

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
// The API docs (/docs, /redoc) load these from the package instead of a CDN.
mkdirSync(`${out}/assets/docs`, { recursive: true });
for (const [from, to] of [
  ["node_modules/swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-bundle.js"],
  ["node_modules/swagger-ui-dist/swagger-ui.css", "swagger-ui.css"],
  ["node_modules/swagger-ui-dist/favicon-32x32.png", "favicon-32x32.png"],
  ["node_modules/swagger-ui-dist/LICENSE", "swagger-ui.LICENSE.txt"],
  ["node_modules/swagger-ui-dist/NOTICE", "swagger-ui.NOTICE.txt"],
  ["node_modules/redoc/bundles/redoc.standalone.js", "redoc.standalone.js"],
  ["node_modules/redoc/LICENSE", "redoc.LICENSE.txt"],
]) {
  copyFileSync(from, `${out}/assets/docs/${to}`);
}
// Redoc's sidebar shows a logo from its CDN; an empty inline image takes its place.
const redoc = `${out}/assets/docs/redoc.standalone.js`;
const logo = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const source = readFileSync(redoc, "utf8");
if (!source.includes(logo)) throw new Error("redoc no longer loads its logo from the CDN: check the bundle");
writeFileSync(redoc, source.replace(logo, "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"));
writeFileSync(
  `${out}/assets/NOTICE.txt`,
  [
    "Bundled front-end libraries (from the npm registry, see frontend/package-lock.json):",
    "leaflet (BSD-2-Clause), leaflet.markercluster (MIT), cytoscape (MIT), uplot (MIT),",
    "topojson-client (ISC), world-atlas (ISC; country outlines from Natural Earth, public domain).",
    "API docs: swagger-ui-dist (Apache-2.0, docs/swagger-ui.LICENSE.txt and NOTICE),",
    "redoc (MIT, docs/redoc.LICENSE.txt; its CDN logo URL replaced by an empty inline image).",
    "Their licence texts are in app.js.LEGAL.txt where they ship one inline.",
    "",
  ].join("\n"),
);

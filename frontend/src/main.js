// bedfellows dashboard: plain JS over the /v1 API. All text goes in via textContent.
// The URL's query string holds the whole state (view, drill-down, filters), so a view
// can be shared and the back button walks back through the drill-down.
import "uplot/dist/uPlot.min.css";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "./style.css";
import uPlot from "uplot";
import L from "./leaflet-global.js";
import "leaflet.markercluster";
import cytoscape from "cytoscape";
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";
import { chartSvg } from "./svg.js";

const $ = (id) => document.getElementById(id);
const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QCOLOR = { 1: "#91cf60", 2: "#1a9850", 3: "#fc8d59", 4: "#d73027" };
const SIGN_COLOR = { 1: "#1a9850", "-1": "#d73027", 0: "#9ca3af" };
const FILTERS = ["actor", "country", "cameo", "plover", "modality", "date_from", "date_to", "q", "place"];
const VIEWS = ["overview", "alignments", "actor", "dyad", "event"];
const DEFAULTS = { view: "overview", a: "", b: "", event: "", group: "country", interval: "month", top: "25", al: "", sort: "", hostile: "" };
const state = { ...DEFAULTS, quads: [], f: {} };
const bf = (window.bedfellows = { state, ready: false, renders: 0 });

// -- URL state ----------------------------------------------------------------
function fromURL() {
  const p = new URLSearchParams(location.search);
  for (const k of Object.keys(DEFAULTS)) state[k] = p.get(k) ?? DEFAULTS[k];
  if (!VIEWS.includes(state.view)) state.view = "overview";
  state.f = Object.fromEntries(FILTERS.map((k) => [k, p.get(k) || ""]));
  state.quads = p.getAll("quad_class");
}
function toQuery() {
  const p = new URLSearchParams();
  for (const [k, d] of Object.entries(DEFAULTS)) if (state[k] !== d && state[k] !== "") p.set(k, state[k]);
  for (const k of FILTERS) if (state.f[k]) p.set(k, state.f[k]);
  for (const q of state.quads) p.append("quad_class", q);
  return p.toString();
}
function go(changes, { push = true } = {}) {
  Object.assign(state, changes);
  const qs = toQuery();
  history[push ? "pushState" : "replaceState"](null, "", qs ? `?${qs}` : location.pathname);
  syncForm();
  render();
}
function syncForm() {
  const form = $("filters");
  for (const k of FILTERS) form.elements[k].value = state.f[k] || "";
  for (const box of form.querySelectorAll("input[name=quad_class]")) box.checked = state.quads.includes(box.value);
  $("f-group").value = state.group;
  $("interval").value = state.interval;
  $("top").value = state.top;
  $("hostile-only").checked = state.hostile === "1";
}

// -- API ------------------------------------------------------------------------
async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    for (const item of Array.isArray(v) ? v : [v]) if (item !== "" && item !== null && item !== undefined) url.searchParams.append(k, item);
  }
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.detail || r.statusText);
  return body;
}
const filterParams = () => ({ ...Object.fromEntries(FILTERS.map((k) => [k, state.f[k]])), quad_class: state.quads });
// The events a view is about: the filters, narrowed to the drilled-down actor or pair.
function scopeParams() {
  const p = filterParams();
  if (state.view === "actor" && state.a) p.actor = state.a;
  if (state.view === "dyad" && state.a && state.b) p.dyad = `${state.a},${state.b}`;
  return p;
}
// Only the newest answer of each loader is drawn: a slow stale answer must not win a race.
const seq = {};
const ticket = (name) => (seq[name] = (seq[name] || 0) + 1);
const stale = (name, t) => seq[name] !== t;
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; };
const actorLabel = (a) => (a ? a.name || a.code : "—");
const fmt = (x) => (Math.round(x * 10) / 10).toString();
function showError(where, err) { $(where).replaceChildren(el("p", `Could not load: ${err.message}`, "muted error")); }
let names = {};
let namesGroup = "";
const nameOf = (key) => names[key] || key;
async function loadNames() {
  const actors = await api("/v1/actors", { group: state.group, limit: 10000 });
  names = Object.fromEntries(actors.map((a) => [a.key, a.name || a.key]));
  bf.names = names;
}
function link(text, changes, cls) {
  const a = el("a", text, cls);
  a.href = "?" + new URLSearchParams(Object.entries(changes)).toString();
  a.addEventListener("click", (ev) => { ev.preventDefault(); ev.stopPropagation(); go(changes); });
  return a;
}
const actorLink = (key, label) => { const a = link(label || nameOf(key), { view: "actor", a: key, b: "", event: "" }, "actor-link"); a.dataset.actor = key; return a; };
const dyadLink = (x, y) => { const a = link(`${nameOf(x)} – ${nameOf(y)}`, { view: "dyad", a: x, b: y, event: "" }, "dyad-link"); a.dataset.dyad = `${x},${y}`; return a; };

// -- time charts: a true time axis (every period, empty ones empty) -------------------
const charts = {};
const epoch = (day) => Date.parse(`${day}T00:00:00Z`) / 1000;
function drawPeriods(box, points, height = 240) {
  const xs = points.map((p) => epoch(p.start));
  const step = xs.length > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i])) : 86400 * 30;
  // Stacked bars: the total is drawn first, each layer on top of the one below.
  const layers = [4, 3, 2, 1].map((top) => points.map((p) => [1, 2, 3, 4].filter((q) => q <= top).reduce((s, q) => s + p["q" + q], 0) || null));
  const bars = uPlot.paths.bars({ size: [0.85, 80], align: 0 });
  const series = [{}];
  const data = [xs];
  [4, 3, 2, 1].forEach((q, i) => {
    series.push({ label: QUAD[q], stroke: QCOLOR[q], fill: QCOLOR[q], paths: bars, scale: "n", points: { show: false } });
    data.push(layers[i]);
  });
  series.push({ label: "Goldstein (mean)", stroke: "#1d2430", width: 2, scale: "g", spanGaps: false, points: { show: true, size: 5 } });
  data.push(points.map((p) => (p.events ? p.goldstein_mean : null)));
  const width = Math.max(300, box.clientWidth || 600);
  return new uPlot({
    width, height, series,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
    scales: {
      x: { time: true, range: (u, lo, hi) => [lo - step * 0.5, hi + step * 0.9] },
      n: { range: (u, lo, hi) => [0, Math.max(1, hi) * 1.05] },
      g: { range: [-10, 10] },
    },
    axes: [
      { space: 90, gap: 4 },
      { scale: "n", label: "events", size: 50 },
      { scale: "g", side: 1, label: "Goldstein", grid: { show: false }, size: 50 },
    ],
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
  }, data, box);
}
function chartInto(name, box, points, height) {
  if (charts[name]) { charts[name].plot.destroy(); delete charts[name]; }
  box.replaceChildren();
  if (!points.length) return null;
  const plot = drawPeriods(box, points, height);
  charts[name] = { plot, points };
  box.dataset.periods = points.length;
  return plot;
}

async function loadSeries() {
  const t = ticket("series");
  const params = { ...scopeParams(), interval: state.interval, fill: true };
  const s = await api("/v1/series", params);
  if (stale("series", t)) return;
  $("series-empty").hidden = s.points.length > 0;
  chartInto("series", $("series"), s.points);
  bf.series = s;
}

// -- network ------------------------------------------------------------------------
let cy = null;
const networkEdges = () => (state.top ? 3 * Number(state.top) : 400);
async function loadNetwork() {
  const t = ticket("network");
  // The heaviest edges only (three per node shown on average): a backbone, not a hairball.
  const net = await api("/v1/network", { ...filterParams(), group: state.group, top: state.top, limit: networkEdges() });
  if (stale("network", t)) return;
  const maxW = Math.max(1, ...net.edges.map((e) => e.events));
  const maxN = Math.max(1, ...net.nodes.map((n) => n.events));
  const short = (s) => (s.length > 26 ? s.slice(0, 25) + "…" : s);
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: short(n.name || n.id), events: n.events, size: 14 + 26 * Math.sqrt(n.events / maxN) } })),
    ...net.edges.map((e) => ({
      data: {
        id: `${e.source}|${e.target}`, source: e.source, target: e.target, events: e.events, sign: e.sign,
        label: String(e.events), color: SIGN_COLOR[e.sign], width: 1.5 + 10 * Math.sqrt(e.events / maxW),
      },
    })),
  ];
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("network"), elements, minZoom: 0.2, maxZoom: 4,
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "#4b5563", "font-size": 11, "min-zoomed-font-size": 6, "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "curve-style": "bezier", opacity: 0.75 } },
      { selector: "edge.labelled, edge.hover", style: { label: "data(label)", "font-size": 10, color: "#374151", "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1, opacity: 1 } },
      { selector: "node:active, node:selected", style: { "background-color": "#2563eb" } },
    ],
    // A circle first, then a force layout from it: deterministic, and never a hairball at start.
    layout: { name: "circle", animate: false },
  });
  if (net.nodes.length > 3) cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 90000, idealEdgeLength: () => 140, edgeElasticity: () => 60, nodeOverlap: 40, numIter: 2000, padding: 30 }).run();
  cy.fit(undefined, 25);
  // Weights are written on the heaviest edges, and on any edge under the pointer.
  cy.edges().sort((x, y) => y.data("events") - x.data("events")).slice(0, 12).addClass("labelled");
  cy.on("mouseover", "edge", (ev) => ev.target.addClass("hover"));
  cy.on("mouseout", "edge", (ev) => ev.target.removeClass("hover"));
  cy.on("tap", "edge", (ev) => { const d = ev.target.data(); go({ view: "dyad", a: d.source, b: d.target, event: "" }); });
  cy.on("tap", "node", (ev) => go({ view: "actor", a: ev.target.id(), b: "", event: "" }));
  $("network-nodes").replaceChildren(...net.nodes.map((n) => { const li = el("li"); li.dataset.node = n.id; li.title = `${n.id}: ${n.events} events`; li.append(actorLink(n.id, n.name || n.id)); return li; }));
  bf.cy = cy;
  bf.network = net;
}

// -- map --------------------------------------------------------------------------
let map = null;
let cluster = null;
function dominantQuad(counts) { let best = 1; for (const q of [2, 3, 4]) if (counts[q] > counts[best]) best = q; return best; }
function dot(quad, n) {
  const size = Math.max(16, 10 + 7 * String(n).length); // room for the count
  return L.divIcon({ className: `place-dot q${quad}`, html: n > 1 ? `<span>${n}</span>` : "", iconSize: [size, size] });
}
function initMap() {
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 10 }).setView([20, 10], 1);
  L.geoJSON(feature(world, world.objects.countries), {
    style: { color: "#94a3b8", weight: 0.6, fillColor: "#f8fafc", fillOpacity: 1 }, interactive: false,
  }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth");
  cluster = L.markerClusterGroup({
    maxClusterRadius: 45, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    iconCreateFunction: (c) => {
      const counts = { 1: 0, 2: 0, 3: 0, 4: 0 };
      let n = 0;
      for (const m of c.getAllChildMarkers()) { for (const q of [1, 2, 3, 4]) counts[q] += m.options.place["q" + q]; n += m.options.place.events; }
      return dot(dominantQuad(counts), n);
    },
  }).addTo(map);
  bf.map = map;
  bf.cluster = cluster;
}
async function loadMap() {
  const t = ticket("map");
  const places = await api("/v1/places", { ...scopeParams(), limit: 2000 });
  if (stale("map", t)) return;
  map.invalidateSize();
  cluster.clearLayers();
  const markers = places.map((p) => {
    const m = L.marker([p.lat, p.lon], { icon: dot(dominantQuad({ 1: p.q1, 2: p.q2, 3: p.q3, 4: p.q4 }), p.events), place: p, title: p.name });
    m.bindTooltip(`${p.name}: ${p.events} events, Goldstein ${fmt(p.goldstein_mean)}`);
    m.on("click", () => go({ f: { ...state.f, place: p.name } }));
    return m;
  });
  cluster.addLayers(markers);
  // Open on the events shown, never on an empty stretch of the world.
  if (places.length) map.fitBounds(L.latLngBounds(places.map((p) => [p.lat, p.lon])).pad(0.15), { maxZoom: 7, animate: false });
  else map.setView([20, 10], 1, { animate: false });
  bf.places = places;
}

// -- events table ------------------------------------------------------------------
let cursor = null;
function sentenceCell(ev) {
  const td = el("td", undefined, "sentence-cell");
  const ts = ev.trigger_span;
  const s0 = ev.span[0];
  if (ts && ts[0] >= s0 && ts[1] - s0 <= ev.sentence.length) td.append(marked(ev.sentence, ts[0] - s0, ts[1] - s0));
  else td.textContent = ev.sentence;
  return td;
}
async function loadEvents(append = false) {
  const params = { ...scopeParams(), limit: 100 };
  if (append && cursor) params.cursor = cursor;
  const t = ticket("events");
  const page = await api("/v1/events", params);
  if (stale("events", t)) return;
  const body = $("events").tBodies[0];
  if (!append) body.replaceChildren();
  for (const ev of page.events) {
    const tr = el("tr");
    tr.dataset.eventId = ev.event_id;
    const what = el("td", `${ev.trigger || ev.cameo} (${ev.cameo})`, `q${ev.quad_class}`);
    what.title = QUAD[ev.quad_class];
    const src = el("td"); if (ev.source) src.append(actorLink(state.group === "country" ? ev.source.country || ev.source.code : ev.source.code, actorLabel(ev.source)));
    const tgt = el("td"); if (ev.target) tgt.append(actorLink(state.group === "country" ? ev.target.country || ev.target.code : ev.target.code, actorLabel(ev.target)));
    tr.append(el("td", ev.date || "—"), src, what, tgt, el("td", ev.location ? ev.location.name : ""), sentenceCell(ev));
    tr.addEventListener("click", () => go({ view: "event", event: ev.event_id }));
    body.append(tr);
  }
  cursor = page.next_cursor;
  $("more").hidden = !page.next_cursor;
  $("events-count").textContent = `${body.querySelectorAll("tr[data-event-id]").length}${page.next_cursor ? "+" : ""} shown`;
  if (!body.children.length) { const tr = el("tr"); const td = el("td", "No events for this choice.", "muted"); td.colSpan = 6; tr.append(td); body.append(tr); }
}

// -- actor drill-down -----------------------------------------------------------------
async function loadActor() {
  const key = state.a;
  $("actor-title").textContent = `${nameOf(key)} (${key})`;
  const t = ticket("actor");
  const partners = await api(`/v1/actors/${encodeURIComponent(key)}/partners`, { ...filterParams(), group: state.group, limit: 200 });
  if (stale("actor", t)) return;
  const total = partners.reduce((s, p) => s + p.events, 0);
  $("actor-meta").textContent = `${partners.length} partners, ${total} events with them. Click a partner for the pair's timeline and events.`;
  const body = $("partners").tBodies[0];
  body.replaceChildren(...partners.map((p) => {
    const tr = el("tr");
    tr.dataset.partner = p.key;
    const who = el("td"); who.append(dyadLink(key, p.key));
    const g = el("td", fmt(p.goldstein_mean), p.sign > 0 ? "q2" : p.sign < 0 ? "q4" : "");
    tr.append(who, el("td", p.events), el("td", p.sent), el("td", p.received), el("td", p.q1 + p.q2, "q2"), el("td", p.q3 + p.q4, "q4"), g, el("td", p.first_date || ""), el("td", p.last_date || ""));
    tr.addEventListener("click", () => go({ view: "dyad", a: key, b: p.key, event: "" }));
    return tr;
  }));
  bf.partners = partners;
}

// -- dyad drill-down ----------------------------------------------------------------
async function loadDyad() {
  $("dyad-title").replaceChildren(actorLink(state.a), el("span", " and "), actorLink(state.b), el("span", ": cooperation and conflict per " + state.interval, "muted"));
  const t = ticket("dyad");
  const tl = await api("/v1/timeline", { ...filterParams(), a: state.a, b: state.b, interval: state.interval, fill: true });
  if (stale("dyad", t)) return;
  $("timeline-empty").hidden = tl.points.length > 0;
  chartInto("timeline", $("timeline"), tl.points);
  bf.timeline = tl;
}

// -- event: the sentence, the trigger, the rule, the article -----------------------------------
function marked(text, start, end) {
  const frag = document.createDocumentFragment();
  if (start === null || start === undefined || end <= start) { frag.append(text); return frag; }
  frag.append(text.slice(0, start), el("mark", text.slice(start, end)), text.slice(end));
  return frag;
}
async function loadEvent() {
  const t = ticket("event");
  const d = await api(`/v1/events/${encodeURIComponent(state.event)}`);
  if (stale("event", t)) return;
  const ev = d.event;
  const key = (a) => (state.group === "country" ? a.country || a.code : a.code);
  const title = $("event-title");
  title.replaceChildren();
  if (ev.source) title.append(actorLink(key(ev.source), actorLabel(ev.source)));
  title.append(el("span", ` ${ev.trigger || "→"} `, `verb q${ev.quad_class}`));
  if (ev.target) title.append(actorLink(key(ev.target), actorLabel(ev.target)));
  const span = d.trigger_in_sentence;
  $("evidence-sentence").replaceChildren(marked(ev.sentence, span && span[0], span && span[1]));
  const meta = $("event-meta");
  meta.replaceChildren();
  const row = (k, v) => { meta.append(el("dt", k)); const dd = el("dd"); if (v instanceof Node) dd.append(v); else dd.textContent = v; meta.append(dd); };
  row("rule", ev.rule);
  row("CAMEO", `${ev.cameo} · ${QUAD[ev.quad_class]} · Goldstein ${ev.goldstein}`);
  row("PLOVER", [ev.plover, ev.plover_mode, ev.plover_context].filter(Boolean).join(" · ") || "—");
  row("modality", ev.modality);
  row("trigger", ev.trigger);
  row("date", `${ev.date || "undated"} (${ev.date_basis}${ev.date_precision ? ", " + ev.date_precision : ""})`);
  row("place", ev.location ? `${ev.location.name}${ev.location.country ? ", " + ev.location.country : ""}` : "—");
  if (ev.quote) row("quote", ev.quote);
  if (ev.source && ev.target) row("pair", dyadLink(key(ev.source), key(ev.target)));
  row("coder", ev.coder_version);
  $("event-meta").dataset.rule = ev.rule;
  $("explanation").hidden = true;
  $("explanation").replaceChildren();
  await showArticle(ev, d);
  bf.event = d;
}
// What `bedfellows explain` says: the mentions found and every trigger tried, with its rule.
async function explainEvent() {
  const box = $("explanation");
  box.hidden = false;
  box.replaceChildren(el("p", "Running the coder…", "muted"));
  try {
    const ex = await api(`/v1/events/${encodeURIComponent(state.event)}/explain`);
    const mentions = el("ul");
    for (const m of ex.mentions) mentions.append(el("li", `“${m.text}”: ${m.kind} ${m.code || "—"}${m.name ? " (" + m.name + ")" : ""}`));
    const table = el("table", undefined, "triggers");
    const head = el("tr");
    for (const h of ["trigger", "code", "rule", "modality", "context", "subject → source"]) head.append(el("th", h));
    table.append(head);
    for (const t of ex.triggers) {
      const tr = el("tr");
      tr.append(el("td", t.trigger), el("td", t.code || "—"), el("td", t.rule), el("td", t.own_modality), el("td", t.context + (t.governed_by ? ` (by “${t.governed_by}”)` : "")), el("td", `${t.subject || "—"} → ${t.source || "—"}`));
      table.append(tr);
    }
    box.replaceChildren(el("h4", "Actor mentions"), mentions, el("h4", "Triggers tried"), table, el("p", `${ex.events.length} event(s) coded from this sentence now.`, "muted"));
  } catch (err) { box.replaceChildren(el("p", `Could not explain: ${err.message}`, "muted error")); }
}

async function showArticle(ev, detail) {
  $("article-title").textContent = detail.article_title || ev.article_id;
  const box = $("article-text");
  box.replaceChildren();
  let art;
  try { art = await api(`/v1/articles/${encodeURIComponent(ev.article_id)}`); } catch (err) { $("article-meta").textContent = err.message; return; }
  $("article-meta").textContent = [art.source, art.published, `${art.events.length} events`, art.url].filter(Boolean).join(" · ");
  if (!art.text) { box.textContent = "The store keeps no text for this article."; return; }
  // Mark each event's sentence; this event's sentence and trigger stand out.
  const marks = art.events.filter((m) => m.sentence_span).sort((x, y) => x.sentence_span[0] - y.sentence_span[0] || (y.event.event_id === ev.event_id) - (x.event.event_id === ev.event_id));
  let pos = 0;
  for (const m of marks) {
    const [s0, s1] = m.sentence_span;
    if (s0 < pos) continue;
    box.append(art.text.slice(pos, s0));
    const mine = m.event.event_id === ev.event_id || (detail.sentence_span && detail.sentence_span[0] === s0);
    const span = el("span", undefined, mine ? "hl-sentence current" : "hl-sentence");
    span.title = `${actorLabel(m.event.source)} → ${actorLabel(m.event.target)} (CAMEO ${m.event.cameo})`;
    const trig = mine && detail.trigger_offsets ? detail.trigger_offsets : m.trigger_offsets;
    if (trig) span.append(marked(art.text.slice(s0, s1), trig[0] - s0, trig[1] - s0));
    else span.textContent = art.text.slice(s0, s1);
    box.append(span);
    pos = s1;
  }
  box.append(art.text.slice(pos));
  const current = box.querySelector(".current");
  if (current) current.scrollIntoView({ block: "center" });
}

// -- alignments ------------------------------------------------------------------------
let alignments = [];
const alKey = (r) => `${r.kind}:${r.actors.join(",")}`;
const alThird = (r) => (r.kind === "unbalanced_triad" ? r.pattern || "" : r.common_enemies.map(nameOf).join(", "));
// The events the finding rests on: those of its relations (the list carries counts, not ids).
const alEvidence = (r) => legsOf(r).reduce((s, x) => s + x.events, 0);
const SORTS = {
  kind: (r) => (r.bedfellows ? "0" : "") + r.kind, actors: (r) => r.actors.map(nameOf).join(" "), third: alThird,
  pair: (r) => (r.pair_relation ? r.pair_relation.conflict : -1), score: (r) => r.score ?? 0, evidence: alEvidence,
};
async function loadAlignments() {
  const t = ticket("alignments");
  const period = { group: state.group, date_from: state.f.date_from, date_to: state.f.date_to, hostile_only: state.hostile === "1" };
  const rows = await api("/v1/alignments", { ...period, limit: 300, max_evidence: 0, max_relations: 3 });
  if (stale("alignments", t)) return;
  alignments = rows;
  bf.alignments = rows;
  drawAlignments();
  let open = rows.find((r) => alKey(r) === state.al);
  if (open) {
    // the opened finding again, with its evidence ids
    const full = await api("/v1/alignments", { ...period, members: open.actors.join(","), kind: open.kind, max_evidence: 20, max_relations: 3 });
    if (stale("alignments", t)) return;
    open = full.find((r) => alKey(r) === state.al) || open;
  }
  $("alignment-detail").hidden = !open;
  if (open) await openAlignment(open);
}
function yearChips() {
  const info = bf.info;
  const box = $("al-years");
  box.replaceChildren();
  if (!info || !info.first_date || !info.last_date) return;
  const chip = (label, from, to) => {
    const a = el("a", label, state.f.date_from === from && state.f.date_to === to ? "chip active" : "chip");
    a.href = "#";
    a.dataset.year = label;
    a.addEventListener("click", (ev) => { ev.preventDefault(); go({ f: { ...state.f, date_from: from, date_to: to }, al: "" }); });
    return a;
  };
  box.append(chip("all", "", ""));
  for (let y = Number(info.last_date.slice(0, 4)); y >= Number(info.first_date.slice(0, 4)); y--) box.append(chip(String(y), `${y}-01-01`, `${y}-12-31`));
}
function drawAlignments() {
  yearChips();
  const [col, dir] = (state.sort || "").split("-");
  let rows = alignments.slice();
  if (SORTS[col]) {
    const f = SORTS[col];
    rows.sort((x, y) => { const a = f(x), b = f(y); return (a < b ? -1 : a > b ? 1 : 0) * (dir === "desc" ? -1 : 1); });
  }
  for (const th of $("alignments").tHead.rows[0].cells) th.dataset.dir = th.dataset.sort === col ? dir || "asc" : "";
  const body = $("alignments").tBodies[0];
  body.replaceChildren(...rows.map((r) => {
    const tr = el("tr");
    tr.dataset.key = alKey(r);
    if (alKey(r) === state.al) tr.classList.add("selected");
    const kind = r.kind === "unbalanced_triad" ? "unbalanced triad" : r.bedfellows ? "strange bedfellows" : "common enemy";
    const pr = r.pair_relation;
    const own = pr ? `${pr.events} events: ${pr.cooperation} coop., ${pr.conflict} conflict` : r.kind === "unbalanced_triad" ? r.relations.map((x) => (x.sign > 0 ? "+" : "−")).join(" ") : "";
    tr.append(el("td", kind, r.bedfellows ? "strong" : ""), el("td", r.actors.map(nameOf).join(" · ")), el("td", alThird(r)), el("td", own), el("td", r.score === null || r.score === undefined ? "" : fmt(r.score)), el("td", alEvidence(r)));
    tr.addEventListener("click", () => go({ al: alKey(r) }));
    return tr;
  }));
  if (!rows.length) { const tr = el("tr"); const td = el("td", "No alignments in this period.", "muted"); td.colSpan = 6; tr.append(td); body.append(tr); }
}
// The three relations an alignment rests on: the pair and each side's relation to the third.
function legsOf(r) {
  if (r.kind === "unbalanced_triad") return r.relations;
  const enemy = r.common_enemies[0];
  const legs = r.pair_relation ? [r.pair_relation] : [];
  return legs.concat(r.relations.filter((x) => x.actors.includes(enemy)));
}
async function openAlignment(r) {
  const legs = legsOf(r);
  $("alignment-title").textContent = r.kind === "unbalanced_triad" ? `Unbalanced triad (${r.pattern}): ${r.actors.map(nameOf).join(", ")}` : `${r.actors.map(nameOf).join(" and ")}, both against ${r.common_enemies.map(nameOf).join(", ")}`;
  const box = $("al-legs");
  box.replaceChildren();
  const t = ticket("legs");
  const ids = [...new Set(legs.flatMap((x) => x.evidence))];
  const evidence = ids.length ? (await api("/v1/events", { event_id: ids, limit: 500 })).events : [];
  if (stale("legs", t)) return;
  const byId = Object.fromEntries(evidence.map((e) => [e.event_id, e]));
  for (const [i, leg] of legs.entries()) {
    const [x, y] = leg.actors;
    const col = el("div", undefined, "leg");
    col.dataset.leg = leg.actors.join(",");
    const h = el("h4");
    h.append(dyadLink(x, y), el("span", ` ${leg.sign > 0 ? "cooperate" : leg.sign < 0 ? "hostile" : "mixed"} · ${leg.events} events (${leg.cooperation} coop., ${leg.conflict} conflict)`, leg.sign > 0 ? "q2" : "q4"));
    const chart = el("div", undefined, "chart small-chart");
    const list = el("ol", undefined, "evidence");
    for (const id of leg.evidence) {
      const e = byId[id];
      if (!e) continue;
      const li = el("li");
      li.dataset.eventId = id;
      li.append(el("span", `${e.date || "undated"} · ${actorLabel(e.source)} → ${actorLabel(e.target)} · ${e.cameo}: `, "muted"), sentenceMarked(e));
      li.addEventListener("click", () => go({ view: "event", event: id }));
      list.append(li);
    }
    col.append(h, chart, list);
    box.append(col);
    api("/v1/timeline", { a: x, b: y, interval: state.interval, date_from: state.f.date_from, date_to: state.f.date_to, fill: true })
      .then((tl) => chartInto(`leg${i}`, chart, tl.points, 150)).catch((err) => chart.replaceChildren(el("p", err.message, "muted")));
  }
}
function sentenceMarked(e) { const td = sentenceCell(e); const span = el("span"); span.append(...td.childNodes); return span; }

// -- exports -----------------------------------------------------------------------
function exportURL(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) for (const item of Array.isArray(v) ? v : [v]) if (item) url.searchParams.append(k, item);
  return url.pathname + url.search;
}
function updateExports() {
  const scope = state.view === "event" ? { event_id: state.event } : scopeParams();
  for (const fmtName of ["csv", "json", "parquet"]) $(`export-${fmtName}`).href = exportURL("/v1/export/events", { ...scope, format: fmtName });
  $("export-graphml").href = exportURL("/v1/export/network", { ...filterParams(), group: state.group, top: state.top, limit: networkEdges() });
}
function currentChart() {
  if (state.view === "dyad") return charts.timeline;
  if (state.view === "alignments") return charts.leg0;
  return charts.series;
}
function download(href, name) { const a = el("a"); a.href = href; a.download = name; document.body.append(a); a.click(); a.remove(); }
function exportPng() {
  const c = currentChart();
  if (!c) return;
  download(c.plot.ctx.canvas.toDataURL("image/png"), `bedfellows-${state.view}.png`);
}
function exportSvg() {
  const c = currentChart();
  if (!c) return;
  const svg = chartSvg(c.points, { title: document.title, colors: QCOLOR, labels: QUAD });
  download("data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg), `bedfellows-${state.view}.svg`);
}

// -- rendering -------------------------------------------------------------------------
function crumbs() {
  const nav = $("crumbs");
  nav.replaceChildren(link("Overview", { view: "overview" }));
  const add = (node) => { nav.append(el("span", " › ", "muted"), node); };
  if (state.view === "alignments") add(el("span", "Alignments"));
  if (state.view === "actor") add(el("span", nameOf(state.a)));
  if (state.view === "dyad") { add(actorLink(state.a)); add(el("span", `${nameOf(state.a)} – ${nameOf(state.b)}`)); }
  if (state.view === "event") add(el("span", "Event"));
  const active = Object.entries(state.f).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).concat(state.quads.map((q) => `quad ${q}`));
  if (active.length) nav.append(el("span", `  filters: ${active.join(", ")}`, "muted small"));
}
async function render() {
  bf.ready = false;
  document.body.dataset.ready = "0";
  document.body.dataset.view = state.view;
  if (bf.info) { shownSnapshot = bf.info.snapshot; $("refresh-view").hidden = true; }
  for (const a of $("views").querySelectorAll("a")) a.classList.toggle("active", a.dataset.view === state.view);
  for (const panel of document.querySelectorAll("main > section")) panel.hidden = !panel.dataset.views.split(" ").includes(state.view);
  cursor = null;
  if (namesGroup !== state.group) { await loadNames().catch(() => {}); namesGroup = state.group; }
  crumbs();
  updateExports();
  const jobs = [];
  const v = state.view;
  if (v === "overview" || v === "actor") jobs.push(loadSeries().catch((e) => showError("series", e)));
  if (v === "overview") jobs.push(loadNetwork().catch((e) => showError("network", e)));
  if (["overview", "actor", "dyad"].includes(v)) jobs.push(loadMap().catch((e) => console.warn(e)), loadEvents().catch((e) => showError("events-panel", e)));
  if (v === "actor") jobs.push(loadActor().catch((e) => showError("actor-meta", e)));
  if (v === "dyad") jobs.push(loadDyad().catch((e) => showError("timeline", e)));
  if (v === "event") jobs.push(loadEvent().catch((e) => showError("evidence-sentence", e)));
  if (v === "alignments") jobs.push(loadAlignments().catch((e) => showError("al-legs", e)));
  await Promise.all(jobs);
  bf.renders += 1;
  bf.ready = true;
  document.body.dataset.ready = "1";
}

// An actor typed as a name ("Iran") becomes its key; the autocomplete lists candidates.
async function resolveActor(text) {
  const value = text.trim();
  if (!value) return "";
  if (names[value.toUpperCase()]) return value.toUpperCase();
  const found = await api("/v1/actors", { match: value, group: state.group, limit: 1 }).catch(() => []);
  return found.length ? found[0].key : value.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
}
let suggestTimer = null;
function suggest() {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const value = $("f-actor").value.trim();
    if (!value) return;
    const found = await api("/v1/actors", { match: value, group: state.group, limit: 15 }).catch(() => []);
    $("actor-options").replaceChildren(...found.map((a) => { const o = el("option", `${a.name || a.key} (${a.events} events)`); o.value = a.key; return o; }));
  }, 120);
}

let shownSnapshot = null;
async function showInfo() {
  try {
    const info = await api("/v1/info");
    $("store-info").textContent = `${info.events} events from ${info.articles} articles, ${info.first_date || "?"} to ${info.last_date || "?"}`;
    $("store-info").dataset.events = info.events;
    if (shownSnapshot === null) shownSnapshot = info.snapshot;
    else if (info.snapshot !== shownSnapshot) $("refresh-view").hidden = false;
    bf.info = info;
  } catch (e) { $("store-info").textContent = e.message; }
}

async function start() {
  fromURL();
  syncForm();
  initMap();
  await showInfo();
  // The server follows the store while `bedfellows ingest` writes it: show the counts grow,
  // and offer to redraw the view (an analyst mid-drill-down is not yanked away).
  setInterval(showInfo, 4000);
  $("refresh-view").addEventListener("click", () => { $("refresh-view").hidden = true; render(); });
  $("filters").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    document.body.dataset.ready = "0"; // busy from the click on, while the actor's name is looked up
    const form = $("filters");
    const f = Object.fromEntries(FILTERS.map((k) => [k, form.elements[k].value.trim()]));
    f.actor = await resolveActor(f.actor);
    f.country = f.country.toUpperCase();
    const quads = [...form.querySelectorAll("input[name=quad_class]:checked")].map((b) => b.value);
    go({ f, quads, group: $("f-group").value, al: "" });
  });
  $("clear").addEventListener("click", () => go({ f: {}, quads: [], al: "" }));
  $("f-actor").addEventListener("input", suggest);
  $("interval").addEventListener("change", () => go({ interval: $("interval").value }, { push: false }));
  $("top").addEventListener("change", () => go({ top: $("top").value }, { push: false }));
  $("hostile-only").addEventListener("change", () => go({ hostile: $("hostile-only").checked ? "1" : "", al: "" }));
  for (const th of $("alignments").tHead.rows[0].cells) {
    th.addEventListener("click", () => {
      const [col, dir] = (state.sort || "").split("-");
      go({ sort: `${th.dataset.sort}-${col === th.dataset.sort && dir !== "desc" ? "desc" : "asc"}` }, { push: false });
    });
  }
  for (const a of $("views").querySelectorAll("a")) a.addEventListener("click", (ev) => { ev.preventDefault(); go({ view: a.dataset.view, al: "" }); });
  $("home").addEventListener("click", (ev) => { ev.preventDefault(); go({ ...DEFAULTS, f: {}, quads: [] }); });
  $("more").addEventListener("click", () => loadEvents(true));
  $("export-png").addEventListener("click", exportPng);
  $("explain").addEventListener("click", explainEvent);
  $("export-svg").addEventListener("click", exportSvg);
  window.addEventListener("popstate", () => { fromURL(); syncForm(); render(); });
  await render();
}
start();

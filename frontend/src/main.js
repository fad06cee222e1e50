// bedfellows dashboard: plain JS over the /v1 API. All text goes in via textContent.
import "uplot/dist/uPlot.min.css";
import "leaflet/dist/leaflet.css";
import "./style.css";
import uPlot from "uplot";
import L from "leaflet";
import cytoscape from "cytoscape";
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";

const $ = (id) => document.getElementById(id);
const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QCOLOR = { 1: "#91cf60", 2: "#1a9850", 3: "#fc8d59", 4: "#d73027" };
const state = { dateFrom: "", dateTo: "", group: "country", a: "", b: "", cursor: null, selected: null };
const bf = (window.bedfellows = { state, ready: false });

async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.detail || r.statusText);
  return body;
}
// Only the newest answer of each loader is drawn: a slow stale answer must not win a race.
const seq = {};
const ticket = (name) => (seq[name] = (seq[name] || 0) + 1);
const stale = (name, t) => seq[name] !== t;
const period = () => ({ date_from: state.dateFrom, date_to: state.dateTo });
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const actorLabel = (a) => (a ? a.name || a.code : "—");
function showError(where, err) { const p = el("p", `Could not load: ${err.message}`, "muted"); $(where).replaceChildren(p); }

// -- actor pickers ----------------------------------------------------------
let actorNames = {};
async function loadActors() {
  const actors = await api("/v1/actors", { ...period(), group: state.group, limit: 300 });
  actorNames = Object.fromEntries(actors.map((a) => [a.key, a.name || a.key]));
  for (const id of ["actor-a", "actor-b"]) {
    const sel = $(id);
    sel.replaceChildren(...actors.map((a) => { const o = el("option", `${a.name || a.key} (${a.key}, ${a.events})`); o.value = a.key; return o; }));
  }
  const keys = actors.map((a) => a.key);
  if (!keys.includes(state.a)) state.a = keys[0] || "";
  if (!keys.includes(state.b) || state.b === state.a) state.b = keys.find((k) => k !== state.a) || "";
  $("actor-a").value = state.a;
  $("actor-b").value = state.b;
}

// -- timeline ---------------------------------------------------------------
let plot = null;
async function loadTimeline() {
  const box = $("timeline");
  if (plot) { plot.destroy(); plot = null; }
  box.replaceChildren();
  if (!state.a || !state.b) return;
  const t = ticket("timeline");
  const tl = await api("/v1/timeline", { a: state.a, b: state.b, interval: $("interval").value, ...period() });
  if (stale("timeline", t)) return;
  if (plot) { plot.destroy(); plot = null; }
  box.replaceChildren();
  $("timeline-empty").hidden = tl.points.length > 0;
  if (!tl.points.length) return;
  const labels = tl.points.map((p) => p.period);
  const xs = labels.map((_, i) => i);
  const bars = uPlot.paths.bars({ size: [0.7, 40] });
  const series = [{}];
  const data = [xs];
  for (const q of [1, 2, 3, 4]) {
    series.push({ label: QUAD[q], stroke: QCOLOR[q], fill: QCOLOR[q] + "99", paths: bars, scale: "n", points: { show: false } });
    data.push(tl.points.map((p) => p["q" + q]));
  }
  series.push({ label: "Goldstein (mean)", stroke: "#1d2430", width: 2, scale: "g", points: { show: true, size: 6 } });
  data.push(tl.points.map((p) => p.goldstein_mean));
  const width = Math.max(300, box.clientWidth || 500);
  plot = new uPlot({
    width, height: 240, series,
    scales: { x: { time: false, range: [-0.6, xs.length - 0.4] }, n: { range: (u, lo, hi) => [0, Math.max(1, hi)] }, g: { range: [-10, 10] } },
    axes: [
      { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? labels[t] ?? "" : "")), splits: () => xs },
      { scale: "n", label: "events" },
      { scale: "g", side: 1, label: "Goldstein", grid: { show: false } },
    ],
    legend: { live: false },
  }, data, box);
  bf.timeline = tl;
}

// -- network ----------------------------------------------------------------
let cy = null;
async function loadNetwork() {
  const net = await api("/v1/network", { ...period(), group: state.group, limit: 300 });
  const maxW = Math.max(1, ...net.edges.map((e) => e.events));
  const maxN = Math.max(1, ...net.nodes.map((n) => n.events));
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: n.name || n.id, size: 18 + 30 * Math.sqrt(n.events / maxN) } })),
    ...net.edges.map((e) => ({
      data: {
        id: `${e.source}|${e.target}`, source: e.source, target: e.target, events: e.events,
        color: e.sign > 0 ? "#1a9850" : e.sign < 0 ? "#d73027" : "#9ca3af",
        width: 1 + 9 * Math.sqrt(e.events / maxW),
      },
    })),
  ];
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("network"), elements, wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "#4b5563", "font-size": 13, "min-zoomed-font-size": 7, "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "curve-style": "bezier", opacity: 0.85 } },
      { selector: ".picked", style: { "background-color": "#2563eb", "line-color": "#2563eb" } },
    ],
    layout: { name: elements.length > 2 ? "cose" : "grid", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90, padding: 20 },
  });
  cy.on("tap", "edge", (ev) => { const d = ev.target.data(); pickPair(d.source, d.target); });
  cy.on("tap", "node", (ev) => { pickPair(ev.target.id(), state.a === ev.target.id() ? state.b : state.a); });
  const list = $("network-nodes");
  list.replaceChildren(...net.nodes.map((n) => { const li = el("li", n.name || n.id); li.dataset.node = n.id; li.title = `${n.id}: ${n.events} events`; return li; }));
  bf.cy = cy;
  bf.network = net;
  markPair();
}
function markPair() {
  if (!cy) return;
  cy.elements().removeClass("picked");
  cy.$id(state.a).addClass("picked");
  cy.$id(state.b).addClass("picked");
}

// -- map --------------------------------------------------------------------
let map = null;
let markers = null;
function initMap() {
  map = L.map("map", { worldCopyJump: true, attributionControl: true, minZoom: 1 }).setView([30, 30], 2);
  L.geoJSON(feature(world, world.objects.countries), {
    style: { color: "#94a3b8", weight: 0.6, fillColor: "#f8fafc", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth");
  markers = L.layerGroup().addTo(map);
  bf.map = map;
}
async function loadMap() {
  const params = { ...period() };
  if ($("only-pair").checked && state.a && state.b) params.dyad = `${state.a},${state.b}`;
  const t = ticket("map");
  const places = await api("/v1/places", params);
  if (stale("map", t)) return;
  markers.clearLayers();
  const maxN = Math.max(1, ...places.map((p) => p.events));
  for (const p of places) {
    const conflict = p.q3 + p.q4 > p.q1 + p.q2;
    const m = L.circleMarker([p.lat, p.lon], {
      radius: 5 + 15 * Math.sqrt(p.events / maxN), color: conflict ? "#b4232a" : "#1a7f45",
      fillColor: conflict ? "#d73027" : "#1a9850", fillOpacity: 0.55, weight: 1,
    });
    const tip = document.createElement("div");
    tip.append(el("strong", p.name), el("div", `${p.events} events, Goldstein ${p.goldstein_mean.toFixed(1)}`));
    m.bindTooltip(tip);
    m.addTo(markers);
  }
  if (places.length) map.fitBounds(L.latLngBounds(places.map((p) => [p.lat, p.lon])).pad(0.3), { maxZoom: 5 });
  bf.places = places;
}

// -- events table and evidence ----------------------------------------------
async function loadEvents(append = false) {
  const params = { ...period(), limit: 100 };
  if ($("only-pair").checked && state.a && state.b) params.dyad = `${state.a},${state.b}`;
  if (append && state.cursor) params.cursor = state.cursor;
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
    tr.append(el("td", ev.date || "—"), el("td", actorLabel(ev.source)), what, el("td", actorLabel(ev.target)), el("td", ev.location ? ev.location.name : ""));
    tr.addEventListener("click", () => showEvidence(ev, tr));
    body.append(tr);
  }
  state.cursor = page.next_cursor;
  $("more").hidden = !page.next_cursor;
  if (!body.children.length) { const tr = el("tr"); const td = el("td", "No events for this choice.", "muted"); td.colSpan = 5; tr.append(td); body.append(tr); }
}

const articleCache = new Map();
async function getArticle(id) {
  if (!articleCache.has(id)) articleCache.set(id, await api(`/v1/articles/${encodeURIComponent(id)}`));
  return articleCache.get(id);
}
function highlighted(text, start, end) {
  const frag = document.createDocumentFragment();
  if (start === null || start === undefined) { frag.append(text); return frag; }
  frag.append(text.slice(0, start), el("mark", text.slice(start, end)), text.slice(end));
  return frag;
}
async function showEvidence(ev, tr) {
  for (const r of $("events").querySelectorAll("tr.selected")) r.classList.remove("selected");
  tr.classList.add("selected");
  state.selected = ev.event_id;
  let span = null;
  try {
    const art = await getArticle(ev.article_id);
    const m = art.events.find((x) => x.event.event_id === ev.event_id);
    span = m ? m.trigger_in_sentence : null;
  } catch (err) { /* the sentence is in the event itself; the mark is a bonus */ }
  $("evidence-sentence").replaceChildren(highlighted(ev.sentence, span && span[0], span && span[1]));
  $("evidence-meta").textContent = `${actorLabel(ev.source)} → ${actorLabel(ev.target)} · CAMEO ${ev.cameo} · ${QUAD[ev.quad_class]} · Goldstein ${ev.goldstein} · ${ev.date || "undated"} · rule ${ev.rule}`;
  $("evidence-article").href = `#article/${encodeURIComponent(ev.article_id)}`;
  $("evidence").hidden = false;
}

async function showArticle(id) {
  const view = $("article-view");
  try {
    const art = await getArticle(id);
    $("article-title").textContent = art.title || art.article_id;
    $("article-meta").textContent = [art.source, art.published, `${art.events.length} events`].filter(Boolean).join(" · ");
    const box = $("article-text");
    box.replaceChildren();
    if (!art.text) { box.textContent = "The store keeps no text for this article."; view.hidden = false; return; }
    // Mark each event's sentence and trigger; overlapping sentences are merged.
    const marks = art.events.filter((m) => m.sentence_span).sort((x, y) => x.sentence_span[0] - y.sentence_span[0]);
    let pos = 0;
    for (const m of marks) {
      const [s0, s1] = m.sentence_span;
      if (s0 < pos) continue;
      box.append(art.text.slice(pos, s0));
      const span = el("span", undefined, "hl-sentence");
      span.title = `${actorLabel(m.event.source)} → ${actorLabel(m.event.target)} (CAMEO ${m.event.cameo})`;
      if (m.trigger_offsets) span.append(highlighted(art.text.slice(s0, s1), m.trigger_offsets[0] - s0, m.trigger_offsets[1] - s0));
      else span.textContent = art.text.slice(s0, s1);
      box.append(span);
      pos = s1;
    }
    box.append(art.text.slice(pos));
  } catch (err) {
    $("article-title").textContent = "Article not available";
    $("article-meta").textContent = err.message;
    $("article-text").replaceChildren();
  }
  view.hidden = false;
}
function route() {
  const m = location.hash.match(/^#article\/(.+)$/);
  if (m) showArticle(decodeURIComponent(m[1]));
  else $("article-view").hidden = true;
}

// -- wiring -----------------------------------------------------------------
async function refreshPair() {
  markPair();
  state.cursor = null;
  await Promise.all([
    loadTimeline().catch((e) => showError("timeline", e)),
    loadEvents().catch((e) => showError("events-panel", e)),
    loadMap().catch((e) => console.error(e)),
  ]);
}
function pickPair(a, b) {
  if (!a || !b || a === b) return;
  state.a = a; state.b = b;
  $("actor-a").value = a; $("actor-b").value = b;
  refreshPair();
}
async function refreshAll() {
  bf.ready = false;
  await loadActors().catch((e) => showError("pair-panel", e));
  await Promise.all([loadNetwork().catch((e) => showError("network", e)), refreshPair()]);
  bf.ready = true;
  document.body.dataset.ready = "1";
}

async function start() {
  initMap();
  try {
    const info = await api("/v1/info");
    $("store-info").textContent = `${info.events} events from ${info.articles} articles, ${info.first_date || "?"} to ${info.last_date || "?"}`;
  } catch (e) { $("store-info").textContent = e.message; }
  $("period").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.dateFrom = $("date-from").value; state.dateTo = $("date-to").value; state.group = $("group").value;
    refreshAll();
  });
  $("actor-a").addEventListener("change", () => pickPair($("actor-a").value, state.b));
  $("actor-b").addEventListener("change", () => pickPair(state.a, $("actor-b").value));
  $("interval").addEventListener("change", () => loadTimeline());
  $("only-pair").addEventListener("change", () => { state.cursor = null; loadEvents(); loadMap(); });
  $("more").addEventListener("click", () => loadEvents(true));
  $("article-close").addEventListener("click", () => { history.pushState("", "", location.pathname); route(); });
  window.addEventListener("hashchange", route);
  // Start on the busiest pair of the network, the one an analyst would look at first.
  await refreshAll();
  const top = bf.network && bf.network.edges[0];
  if (top) pickPair(top.source, top.target);
  route();
}
start();

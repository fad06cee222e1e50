// A time chart as a standalone SVG file: stacked quad-class bars per period and the
// mean Goldstein line, with dated ticks that never overlap (at most one per 90 px).
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

export function chartSvg(points, { title = "", colors, labels, width = 900, height = 320 } = {}) {
  const m = { left: 50, right: 50, top: 30, bottom: 40 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const n = Math.max(1, points.length);
  const maxN = Math.max(1, ...points.map((p) => p.events));
  const bw = w / n;
  const y = (v) => m.top + h - (v / maxN) * h;
  const g = (v) => m.top + h / 2 - (v / 10) * (h / 2);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${m.left}" y="18" font-size="13">${esc(title)}</text>`,
    `<line x1="${m.left}" y1="${m.top + h}" x2="${m.left + w}" y2="${m.top + h}" stroke="#888"/>`,
    `<text x="12" y="${m.top + 10}">${maxN}</text><text x="12" y="${m.top + h}">0</text>`,
    `<text x="${m.left + w + 6}" y="${m.top + 10}">+10</text><text x="${m.left + w + 6}" y="${m.top + h}">-10</text>`,
  ];
  points.forEach((p, i) => {
    let base = 0;
    for (const q of [1, 2, 3, 4]) {
      const v = p["q" + q];
      if (!v) continue;
      out.push(`<rect x="${(m.left + i * bw + bw * 0.08).toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${(bw * 0.84).toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${colors[q]}"><title>${esc(p.period)}: ${v} ${esc(labels[q])}</title></rect>`);
      base += v;
    }
  });
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(w / 90))));
  points.forEach((p, i) => {
    if (i % every) return;
    const x = m.left + i * bw + bw / 2;
    out.push(`<line x1="${x.toFixed(1)}" y1="${m.top + h}" x2="${x.toFixed(1)}" y2="${m.top + h + 4}" stroke="#888"/><text x="${x.toFixed(1)}" y="${m.top + h + 16}" text-anchor="middle">${esc(p.period)}</text>`);
  });
  const segs = [];
  let cur = [];
  points.forEach((p, i) => {
    if (p.events) cur.push(`${(m.left + i * bw + bw / 2).toFixed(1)},${g(p.goldstein_mean).toFixed(1)}`);
    else if (cur.length) { segs.push(cur); cur = []; }
  });
  if (cur.length) segs.push(cur);
  for (const s of segs) out.push(`<polyline points="${s.join(" ")}" fill="none" stroke="#1d2430" stroke-width="2"/>`);
  out.push("</svg>");
  return out.join("\n");
}

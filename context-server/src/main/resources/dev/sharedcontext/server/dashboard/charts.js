// A small SVG line chart over a sliding time window: a few series, nice y ticks, gaps where the
// server was away, a hover read-out in the legend. Colours come from CSS classes (series-<key>),
// so the page's stylesheet owns the palette and the strict CSP needs no inline styles.

import { compact, esc } from './format.js';

const MARGIN = { top: 12, right: 14, bottom: 26, left: 52 };

export class LineChart {
  /**
   * @param {HTMLElement} root a figure holding a .plot and a .legend
   * @param {{series: {key: string, label: string}[], format: (n: number) => string, windowMs?: number}} options
   */
  constructor(root, { series, format, windowMs = 5 * 60 * 1000 }) {
    this.root = root;
    this.series = series;
    this.format = format;
    this.windowMs = windowMs;
    this.points = []; // {t: epoch ms, v: {key: number} | null for a gap}
    this.hover = null;
    this.plot = root.querySelector('.plot');
    this.legend = root.querySelector('.legend');
    this.plot.addEventListener('mousemove', (e) => this.onHover(e));
    this.plot.addEventListener('mouseleave', () => {
      this.hover = null;
      this.renderLegend();
    });
    new ResizeObserver(() => this.render()).observe(this.plot);
    this.render();
  }

  /** Adds a reading taken at {@code t}; {@code values} null marks a gap. */
  add(t, values) {
    this.points.push({ t, v: values });
    const from = t - this.windowMs - 2000;
    while (this.points.length > 2 && this.points[1].t < from) this.points.shift();
    this.render();
  }

  /** A gap, unless the last point is one already. */
  gap(t) {
    const last = this.points[this.points.length - 1];
    if (last && last.v !== null) this.add(t, null);
  }

  render() {
    const width = Math.max(200, this.plot.clientWidth);
    const height = Math.max(120, this.plot.clientHeight || 220);
    const w = width - MARGIN.left - MARGIN.right;
    const h = height - MARGIN.top - MARGIN.bottom;
    const now = this.points.length ? this.points[this.points.length - 1].t : Date.now();
    // The window grows with the data, from half a minute to windowMs, so a fresh page is not a
    // thin line at the right edge.
    const first = this.points.find((p) => p.v);
    const span = Math.min(this.windowMs, Math.max(30000, first ? now - first.t : 0));
    const t0 = now - span;
    const visible = this.points.filter((p) => p.t >= t0 - 1000);
    let lo = 0;
    let hi = 0;
    for (const p of visible) {
      if (!p.v) continue;
      for (const s of this.series) {
        const v = p.v[s.key];
        if (Number.isFinite(v)) {
          hi = Math.max(hi, v);
          lo = Math.min(lo, v);
        }
      }
    }
    // A dip below zero a few percent deep (tokens saved is net, and may be) gets room below the
    // axis but no ticks of its own, which would halve the chart's height for a sliver.
    const slight = lo < 0 && -lo < 0.05 * hi;
    const ticks = niceTicks(slight ? 0 : lo, hi === lo ? lo + 1 : hi);
    const y0 = slight ? lo : ticks[0];
    const y1 = ticks[ticks.length - 1];
    const x = (t) => MARGIN.left + ((t - t0) / span) * w;
    const y = (v) => MARGIN.top + h - ((v - y0) / (y1 - y0)) * h;
    this.scale = { x, t0, w, span };

    let svg = `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" `
      + `aria-label="${esc(this.root.querySelector('h2').textContent)}">`;
    for (const v of ticks) {
      svg += `<line class="grid${v === 0 ? ' zero' : ''}" x1="${MARGIN.left}" x2="${MARGIN.left + w}" y1="${y(v)}" y2="${y(v)}"/>`;
      svg += `<text class="tick" x="${MARGIN.left - 8}" y="${y(v) + 4}" text-anchor="end">${esc(compact(v))}</text>`;
    }
    const step = [10000, 15000, 30000, 60000, 120000].find((st) => span / st <= 6) || 300000;
    for (let ago = 0; ago <= span + 1; ago += step) {
      const tx = x(now - ago);
      if (ago > 0 && tx < MARGIN.left + 24) continue;
      const label = ago === 0 ? 'now' : ago % 60000 === 0 ? `−${ago / 60000} min` : `−${ago / 1000} s`;
      svg += `<text class="tick" x="${tx}" y="${height - 6}" text-anchor="${ago === 0 ? 'end' : 'middle'}">${label}</text>`;
    }
    for (const s of this.series) {
      const line = path(visible, s.key, x, y);
      if (!line) continue;
      svg += `<path class="area series-${s.key}" d="${area(visible, s.key, x, y, y(Math.max(y0, 0)))}"/>`;
      svg += `<path class="line series-${s.key}" d="${line}"/>`;
      const last = [...visible].reverse().find((p) => p.v && Number.isFinite(p.v[s.key]));
      if (last) svg += `<circle class="end series-${s.key}" cx="${x(last.t)}" cy="${y(last.v[s.key])}" r="3.5"/>`;
    }
    svg += `<line class="cursor" x1="0" x2="0" y1="${MARGIN.top}" y2="${MARGIN.top + h}" visibility="hidden"/></svg>`;
    this.plot.innerHTML = svg;
    this.root.dataset.points = String(visible.filter((p) => p.v).length);
    this.root.dataset.max = String(hi);
    this.renderLegend();
  }

  renderLegend() {
    const point = this.hover || [...this.points].reverse().find((p) => p.v);
    const cursor = this.plot.querySelector('.cursor');
    if (cursor) {
      cursor.setAttribute('visibility', this.hover ? 'visible' : 'hidden');
      if (this.hover) {
        cursor.setAttribute('x1', this.scale.x(this.hover.t));
        cursor.setAttribute('x2', this.scale.x(this.hover.t));
      }
    }
    this.legend.innerHTML = this.series.map((s) => {
      const v = point && point.v ? point.v[s.key] : NaN;
      return `<span class="item"><span class="swatch series-${s.key}" aria-hidden="true"></span>${esc(s.label)} `
        + `<strong>${Number.isFinite(v) ? esc(this.format(v)) : '—'}</strong></span>`;
    }).join('');
  }

  onHover(event) {
    if (!this.scale || this.points.length === 0) return;
    const box = this.plot.getBoundingClientRect();
    const t = this.scale.t0 + ((event.clientX - box.left - MARGIN.left) / this.scale.w) * this.scale.span;
    let best = null;
    for (const p of this.points) {
      if (p.v && (!best || Math.abs(p.t - t) < Math.abs(best.t - t))) best = p;
    }
    this.hover = best;
    this.renderLegend();
  }
}

function path(points, key, x, y) {
  let d = '';
  let pen = false;
  for (const p of points) {
    const v = p.v ? p.v[key] : NaN;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)} ${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The filled area under each unbroken run of a series. */
function area(points, key, x, y, base) {
  let d = '';
  let run = [];
  const flush = () => {
    if (run.length > 1) {
      d += `M${x(run[0].t).toFixed(1)} ${base.toFixed(1)}`;
      for (const p of run) d += `L${x(p.t).toFixed(1)} ${y(p.v[key]).toFixed(1)}`;
      d += `L${x(run[run.length - 1].t).toFixed(1)} ${base.toFixed(1)}Z`;
    }
    run = [];
  };
  for (const p of points) {
    if (p.v && Number.isFinite(p.v[key])) run.push(p);
    else flush();
  }
  flush();
  return d;
}

/** Four or five round ticks covering lo..hi, e.g. 0, 250, 500, 750, 1000. */
export function niceTicks(lo, hi) {
  const span = hi - lo;
  const raw = span / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw);
  const start = Math.floor(lo / step) * step;
  const ticks = [];
  for (let v = start; v < hi + step * 0.999; v += step) ticks.push(Math.round(v / step) * step);
  if (ticks.length < 2) ticks.push(start + step);
  return ticks;
}

// Readable numbers: thousands separators, units, short forms for axes. The reader's locale decides
// the separators.

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDigits = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/** 1234567 → "1,234,567". */
export function int(n) {
  return Number.isFinite(n) ? whole.format(n) : '—';
}

/** A rate per second: one decimal below 100, whole numbers above. */
export function rate(n) {
  if (!Number.isFinite(n)) return '—';
  return Math.abs(n) < 100 ? oneDecimal.format(n) : whole.format(n);
}

/** Axis labels: 950, 1.2k, 3.4M. */
export function compact(n) {
  if (!Number.isFinite(n)) return '';
  const a = Math.abs(n);
  if (a >= 1e9) return twoDigits.format(n / 1e9) + 'G';
  if (a >= 1e6) return twoDigits.format(n / 1e6) + 'M';
  if (a >= 1e3) return twoDigits.format(n / 1e3) + 'k';
  return twoDigits.format(n);
}

/** Bytes in binary units, as the server's documentation writes them: 512 B, 12.3 KiB, 4.0 MiB. */
export function bytes(n) {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return whole.format(n) + ' B';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return oneDecimal.format(v) + ' ' + units[i];
}

/** 0.873 → "87.3 %". */
export function percent(fraction) {
  return Number.isFinite(fraction) ? oneDecimal.format(fraction * 100) + ' %' : '—';
}

/** 3.21 → "3.2×". */
export function ratio(x) {
  return Number.isFinite(x) ? oneDecimal.format(x) + '×' : '—';
}

/** Seconds as "2 h 5 min", "4 min 3 s", "12 s". */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

/** How long ago an ISO timestamp was, from the reader's clock: "just now", "12 s ago", "3 min ago". */
export function ago(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '—';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 2) return 'just now';
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleDateString();
}

/** Local wall-clock time of an ISO timestamp, with seconds. */
export function clock(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleTimeString([], { hour12: false }) : '—';
}

/** Text safe to put into markup. */
export function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// Rendering of the figures: key-figure cards, the projects table (updated in place, so focus and
// selection survive each tick) and the version timeline of one project.

import * as fmt from './format.js';

const $ = (selector) => document.querySelector(selector);

function card(id, value, raw, note, warn = false) {
  const el = $(id);
  const v = el.querySelector('.value');
  v.textContent = value;
  v.dataset.value = String(raw);
  el.querySelector('.note').textContent = note || '\u00a0';
  el.classList.toggle('warn', warn);
}

/** The key figures; {@code rates} is null until two readings exist. */
export function renderKpis(m, rates) {
  const served = m.tokensServed;
  const saved = m.tokensSaved;
  card('#kpi-served', fmt.int(served), served, rates ? fmt.rate(rates.served) + ' per second' : 'since start');
  const whole = served + saved;
  card('#kpi-saved', fmt.int(saved), saved,
    whole > 0 ? fmt.percent(saved / whole) + ' fewer tokens' : 'deltas, not contexts');
  card('#kpi-compression', fmt.ratio(m.compressionRatio), m.compressionRatio,
    m.compressionSaved > 0 ? fmt.bytes(m.compressionSaved) + ' saved' : 'nothing compressed yet');
  card('#kpi-cache', fmt.percent(m.cacheHitRate), m.cacheHitRate, fmt.int(m.cacheHits) + ' cached reads');
  card('#kpi-commits', rates ? fmt.rate(rates.commits) : '—', rates ? rates.commits : '', fmt.int(m.commits) + ' in all');
  card('#kpi-conflicts', rates ? fmt.rate(rates.conflicts) : '—', rates ? rates.conflicts : '',
    fmt.int(m.conflicts) + ' in all', rates !== null && rates.conflicts > 0);
  card('#kpi-connections', fmt.int(m.activeConnections), m.activeConnections, fmt.int(m.subscribers) + ' subscribers');
}

export function renderFooter(m, hello) {
  const mem = m.memoryUsage || {};
  $('#footer').textContent = [
    `${fmt.int(m.activeContexts)} contexts`,
    `${fmt.int(m.totalVersions)} versions`,
    `store ${fmt.bytes(mem.storeBytes)}`,
    `heap ${fmt.bytes(mem.heapUsed)} of ${fmt.bytes(mem.heapMax)}`,
    `${fmt.int(m.totalRequests)} requests`,
    `${fmt.bytes(m.bytesSent)} sent`,
    `${fmt.int(m.updatesDropped)} updates dropped for slow subscribers`,
  ].join(' · ');
  $('#server-info').textContent = `${location.host} · v${hello ? hello.version : '?'} · up ${fmt.duration(m.uptime)}`;
}

const COLUMNS = ['version', 'versions', 'subscribers', 'size', 'tokens', 'agentId', 'timestamp'];

/** Updates the table to {@code rows} (most recent first); {@code onPick(projectId)} on a click. */
export function renderProjects(rows, total, selected, onPick) {
  const body = $('#projects-body');
  const existing = new Map([...body.rows].map((tr) => [tr.dataset.project, tr]));
  const now = Date.now();
  const ordered = rows.map((row) => {
    let tr = existing.get(row.projectId);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.project = row.projectId;
      tr.classList.add('fresh');
      const name = document.createElement('th');
      name.scope = 'row';
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'project';
      button.textContent = row.projectId;
      button.addEventListener('click', () => onPick(row.projectId));
      name.append(button);
      tr.append(name);
      for (const c of COLUMNS) {
        const td = document.createElement('td');
        td.dataset.col = c;
        if (c !== 'agentId' && c !== 'timestamp') td.className = 'num';
        tr.append(td);
      }
      tr.addEventListener('click', (e) => {
        if (e.target === tr || e.target.tagName === 'TD') onPick(row.projectId);
      });
      setTimeout(() => tr.classList.remove('fresh'), 2500);
    }
    existing.delete(row.projectId);
    const cell = (c) => tr.querySelector(`[data-col="${c}"]`);
    cell('version').textContent = fmt.int(row.version);
    cell('versions').textContent = fmt.int(row.versions);
    cell('subscribers').textContent = fmt.int(row.subscribers);
    cell('size').textContent = fmt.bytes(row.size);
    cell('tokens').textContent = fmt.int(row.tokens);
    cell('agentId').textContent = row.agentId || '(anonymous)';
    cell('timestamp').textContent = fmt.ago(row.timestamp, now);
    cell('timestamp').title = new Date(Date.parse(row.timestamp)).toLocaleString();
    tr.classList.toggle('selected', row.projectId === selected);
    tr.setAttribute('aria-selected', String(row.projectId === selected));
    return tr;
  });
  for (const gone of existing.values()) gone.remove();
  // Reorder only when the order changed: moving a row would take the focus from its button.
  if (ordered.some((tr, i) => body.rows[i] !== tr)) body.append(...ordered);
  $('#projects-empty').hidden = rows.length > 0;
  $('#projects-count').textContent = total > rows.length ? `${fmt.int(rows.length)} most recent of ${fmt.int(total)}` : fmt.int(total);
}

/** The options of the timeline's project picker. */
export function renderPicker(rows, selected) {
  const select = $('#timeline-project');
  const ids = rows.map((r) => r.projectId).sort();
  if (selected && !ids.includes(selected)) ids.unshift(selected);
  const current = [...select.options].map((o) => o.value);
  if (current.join('\n') !== ids.join('\n')) {
    select.replaceChildren(...ids.map((id) => new Option(id, id)));
  }
  select.value = selected || '';
}

// The dashboard: connects to /metrics/stream, turns counters into rates, renders; asks
// /context/{id}/versions for the timeline when the chosen project gets a new version.

import { MetricsStream } from './stream.js';
import { LineChart } from './charts.js';
import * as fmt from './format.js';
import { renderKpis, renderFooter, renderProjects, renderPicker } from './views.js';
import { renderTimeline } from './timeline.js';

const TOKEN_KEY = 'sharedcontext.dashboard.token';
const $ = (selector) => document.querySelector(selector);

const state = {
  hello: null,
  previous: null, // the last metrics reading, for rates
  rows: [],
  total: 0,
  selected: null,
  timelineVersion: null, // head version the timeline shows
  fetching: false,
  updates: 0,
  retry: null,
};
const colours = new Map();
const colourOf = (agent) => {
  if (!colours.has(agent)) colours.set(agent, colours.size);
  return colours.get(agent);
};

const tokensChart = new LineChart($('#chart-tokens'), {
  series: [{ key: 'served', label: 'Served' }, { key: 'saved', label: 'Saved' }],
  format: (v) => fmt.rate(v) + ' /s',
});
const commitsChart = new LineChart($('#chart-commits'), {
  series: [{ key: 'commits', label: 'Commits' }, { key: 'conflicts', label: 'Conflicts' }],
  format: (v) => fmt.rate(v) + ' /s',
});

const token = () => sessionStorage.getItem(TOKEN_KEY);
const authHeaders = () => (token() ? { Authorization: 'Bearer ' + token() } : {});

const stream = new MetricsStream('/metrics/stream', { token, onEvent, onState });

function onEvent(name, data) {
  if (name === 'hello') {
    state.hello = data;
    state.previous = null; // perhaps a restarted server: counters start again
  } else if (name === 'projects') {
    state.rows = data.projects;
    state.total = data.total;
    if (!state.selected && state.rows.length > 0) state.selected = state.rows[0].projectId;
    renderProjects(state.rows, state.total, state.selected, pick);
    renderPicker(state.rows, state.selected);
    refreshTimeline();
  } else if (name === 'metrics') {
    onMetrics(data);
  }
}

function onMetrics(m) {
  const now = Date.now();
  const p = state.previous;
  let rates = null;
  if (p && m.uptime > p.uptime && m.commits >= p.commits && m.tokensServed >= p.tokensServed) {
    const dt = m.uptime - p.uptime;
    rates = {
      served: (m.tokensServed - p.tokensServed) / dt,
      saved: (m.tokensSaved - p.tokensSaved) / dt,
      commits: (m.commits - p.commits) / dt,
      conflicts: (m.conflicts - p.conflicts) / dt,
    };
    tokensChart.add(now, { served: rates.served, saved: rates.saved });
    commitsChart.add(now, { commits: rates.commits, conflicts: rates.conflicts });
  } else if (p) {
    tokensChart.gap(now);
    commitsChart.gap(now);
  }
  state.previous = m;
  renderKpis(m, rates);
  renderFooter(m, state.hello);
  const main = $('#main');
  main.classList.remove('waiting', 'stale');
  if (state.updates === 0) performance.mark('sharedcontext:first-figures'); // read by the browser test
  main.dataset.updates = String(++state.updates);
}

function pick(projectId) {
  state.selected = projectId;
  state.timelineVersion = null;
  renderProjects(state.rows, state.total, state.selected, pick);
  renderPicker(state.rows, state.selected);
  refreshTimeline();
}

/** Fetches the chosen project's versions when its head moved; one request at a time. */
async function refreshTimeline() {
  const id = state.selected;
  const row = state.rows.find((r) => r.projectId === id);
  if (!id || state.fetching || (row ? row.version === state.timelineVersion : state.timelineVersion === 'gone')) return;
  state.fetching = true;
  try {
    const response = await fetch(`/context/${encodeURIComponent(id)}/versions?limit=60`,
      { headers: authHeaders(), cache: 'no-store' });
    if (response.status === 404 && id === state.selected) {
      renderTimeline($('#timeline-plot'), $('#timeline-recent'), [], colourOf);
      $('#timeline-title').textContent = `Version timeline of ${id} (deleted)`;
      state.timelineVersion = 'gone'; // asked again only when the project comes back
    } else if (response.ok && id === state.selected) {
      const versions = await response.json();
      renderTimeline($('#timeline-plot'), $('#timeline-recent'), versions, colourOf);
      state.timelineVersion = versions.length ? versions[0].version : null;
      $('#timeline-title').textContent = `Version timeline of ${id}`;
    }
  } catch {
    // the stream notices a server that went away; the next tick tries again
  } finally {
    state.fetching = false;
  }
  const now = state.rows.find((r) => r.projectId === state.selected);
  if (state.selected !== id || (now && now.version !== state.timelineVersion)) refreshTimeline();
}

function onState(kind, detail) {
  const status = $('#status');
  status.className = 'status ' + kind;
  clearInterval(state.retry);
  $('#sign-out').hidden = !token();
  if (kind === 'live') {
    $('#status-text').textContent = 'Live';
    $('#banner').hidden = true;
    $('#login').hidden = true;
    $('#main').hidden = false;
  } else if (kind === 'connecting') {
    $('#status-text').textContent = 'Connecting…';
    $('#banner-detail').textContent = 'connecting now…';
  } else if (kind === 'retrying') {
    $('#status-text').textContent = 'Disconnected';
    $('#main').classList.add('stale');
    tokensChart.gap(Date.now());
    commitsChart.gap(Date.now());
    state.previous = null;
    const show = () => {
      const s = Math.max(0, Math.ceil((detail.at - Date.now()) / 1000));
      $('#banner-detail').textContent = `in ${s} s (attempt ${detail.attempt}: ${detail.reason})`;
    };
    show();
    state.retry = setInterval(show, 250);
    $('#banner').hidden = false;
  } else if (kind === 'unauthorized') {
    $('#status-text').textContent = 'Sign in required';
    $('#banner').hidden = true;
    $('#main').hidden = true;
    $('#login').hidden = false;
    const had = token();
    sessionStorage.removeItem(TOKEN_KEY);
    $('#sign-out').hidden = true;
    $('#login-error').textContent = !had ? ''
      : detail.status === 403
        ? 'This token is valid but does not grant admin access on every project, which the dashboard needs.'
        : 'The server did not accept this token.';
    $('#token').focus();
  }
}

$('#login-form').addEventListener('submit', (event) => {
  event.preventDefault(); // never a form submission: the token must not end up in an address
  const value = $('#token').value.trim();
  if (!value) return;
  sessionStorage.setItem(TOKEN_KEY, value);
  $('#token').value = '';
  $('#login-error').textContent = '';
  stream.connect();
});
$('#sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  stream.connect();
});
$('#retry-now').addEventListener('click', () => stream.connect());
$('#timeline-project').addEventListener('change', (e) => pick(e.target.value));

stream.connect();

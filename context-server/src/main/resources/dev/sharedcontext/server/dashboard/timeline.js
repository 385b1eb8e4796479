// The version timeline of one project: one lane per agent, one dot per version in order, a thin
// line following the versions from agent to agent, and the latest versions as a list.

import * as fmt from './format.js';

const LANES = 7; // agents with a lane and a colour of their own; the rest share "others"
const LANE_HEIGHT = 30;
const LEFT = 128;
const RIGHT = 18;

/**
 * @param {object[]} versions the project's versions, newest first (GET /context/{id}/versions)
 * @param {(agent: string) => number} colourOf a stable colour index per agent
 */
export function renderTimeline(plot, list, versions, colourOf) {
  const chrono = [...versions].reverse();
  const counts = new Map();
  for (const v of chrono) {
    colourOf(agentOf(v)); // colours go to agents in the order they first committed
    counts.set(agentOf(v), (counts.get(agentOf(v)) || 0) + 1);
  }
  // Lanes in the order of the agents' colours, which never change: lanes do not swap places
  // as older versions leave the window.
  let agents = [...counts.keys()].sort((a, b) => colourOf(a) - colourOf(b));
  if (agents.length > LANES) {
    const top = [...agents].sort((a, b) => counts.get(b) - counts.get(a)).slice(0, LANES - 1);
    agents = agents.filter((a) => top.includes(a)).concat(['others']);
  }
  const lane = (v) => (agents.includes(agentOf(v)) ? agents.indexOf(agentOf(v)) : agents.length - 1);
  const width = Math.max(320, plot.clientWidth);
  const height = 10 + Math.max(1, agents.length) * LANE_HEIGHT + 40;
  const w = width - LEFT - RIGHT;
  const n = chrono.length;
  const x = (i) => LEFT + (n === 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (l) => 10 + l * LANE_HEIGHT + LANE_HEIGHT / 2;

  let svg = `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" `
    + `aria-label="${fmt.esc(`${n} versions by ${agents.length} agents`)}">`;
  agents.forEach((a, l) => {
    const cls = a === 'others' ? 'agent-other' : `agent-${colourOf(a) % LANES}`;
    svg += `<line class="lane" x1="${LEFT}" x2="${LEFT + w}" y1="${y(l)}" y2="${y(l)}"/>`;
    svg += `<text class="agent-label" x="${LEFT - 14}" y="${y(l) + 4}" text-anchor="end">`
      + `<tspan class="chip-text ${cls}">●</tspan> ${fmt.esc(short(a))}<title>${fmt.esc(a)}</title></text>`;
  });
  if (n > 1) {
    const points = chrono.map((v, i) => `${x(i).toFixed(1)},${y(lane(v)).toFixed(1)}`).join(' ');
    svg += `<polyline class="handoff" points="${points}"/>`;
  }
  const labelEvery = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(w / 44))));
  chrono.forEach((v, i) => {
    const a = agentOf(v);
    const cls = agents.includes(a) && a !== 'others' ? `agent-${colourOf(a) % LANES}` : 'agent-other';
    svg += `<circle class="version ${cls}" cx="${x(i)}" cy="${y(lane(v))}" r="${n > 40 ? 4.5 : 6}" data-version="${v.version}">`
      + `<title>${fmt.esc(`v${v.version} · ${a} · ${fmt.clock(v.timestamp)} · ${fmt.bytes(v.size)} · ${fmt.int(v.tokens)} tokens`)}</title></circle>`;
    if (i % labelEvery === 0 || i === n - 1) {
      svg += `<text class="tick" x="${x(i)}" y="${height - 22}" text-anchor="middle">v${v.version}</text>`;
    }
  });
  if (n > 0) {
    svg += `<text class="tick" x="${LEFT}" y="${height - 5}" text-anchor="start">${fmt.esc(fmt.clock(chrono[0].timestamp))}</text>`;
    svg += `<text class="tick" x="${LEFT + w}" y="${height - 5}" text-anchor="end">${fmt.esc(fmt.clock(chrono[n - 1].timestamp))}</text>`;
  }
  svg += '</svg>';
  plot.innerHTML = n === 0 ? '<p class="empty">No version to show.</p>' : svg;
  plot.dataset.versions = String(n);
  plot.dataset.agents = agents.join(',');

  const now = Date.now();
  list.innerHTML = versions.slice(0, 6).map((v) => {
    const a = agentOf(v);
    const cls = agents.includes(a) && a !== 'others' ? `agent-${colourOf(a) % LANES}` : 'agent-other';
    return `<li><span class="chip ${cls}" aria-hidden="true"></span><strong>v${fmt.int(v.version)}</strong>`
      + `<span class="who">${fmt.esc(a)}</span><span class="when" title="${fmt.esc(new Date(Date.parse(v.timestamp)).toLocaleString())}">`
      + `${fmt.esc(fmt.ago(v.timestamp, now))}</span><span class="size">${fmt.esc(fmt.bytes(v.size))}</span>`
      + `<span class="tokens">${fmt.esc(fmt.int(v.tokens))} tokens</span></li>`;
  }).join('');
}

function agentOf(v) {
  return v.agentId || '(anonymous)';
}

function short(s) {
  return s.length > 16 ? s.slice(0, 15) + '…' : s;
}

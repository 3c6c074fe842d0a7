// The dashboard at /: wires one ZiggieClient to the three cards, the status pill and the
// disconnected notice. Everything it shows comes from the client module, as it would for
// any other page that imports /ziggie-client.js.

import { ZiggieClient, DEFAULT_BACKOFF } from './ziggie-client.js';
import { LineChart } from './chart.js';

const $ = (id) => document.getElementById(id);
const METRICS = ['cpu', 'memory', 'disk'];
// The percentage of each metric inside a system_stats message or a stored point.
const PERCENT = { cpu: (s) => s?.cpu?.usage, memory: (s) => s?.memory?.percent, disk: (s) => s?.disk?.percent };
const RANGE_REFRESH_MS = 30000;
// A chart's text summary changes at most this often while the figures stream in: a screen
// reader user hears it on request, and it should not be a different sentence each tick.
const SUMMARY_EVERY_MS = 5000;
const RANGE_NAMES = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', '365d': 'Last year' };

// Test and troubleshooting knobs in the page's query: ?backoff_ms=100&backoff_max_ms=400&attempts=3
function backoffFromQuery() {
  const query = new URLSearchParams(location.search);
  const number = (name) => {
    const value = Number(query.get(name));
    return query.has(name) && Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const initialMs = number('backoff_ms') ?? DEFAULT_BACKOFF.initialMs;
  return {
    initialMs,
    maxMs: number('backoff_max_ms') ?? Math.max(initialMs, DEFAULT_BACKOFF.maxMs * (initialMs / DEFAULT_BACKOFF.initialMs)),
    attempts: number('attempts') ?? DEFAULT_BACKOFF.attempts,
  };
}

const client = new ZiggieClient({ backoff: backoffFromQuery(), autoConnect: false });
const charts = Object.fromEntries(METRICS.map((m) => [m, new LineChart($(`chart-${m}`))]));
window.ziggie = client; // for the console and the end-to-end tests

function fmt(value, digits = 1) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function gb(value) {
  if (typeof value !== 'number') return '–';
  return value >= 1024 ? `${(value / 1024).toFixed(2)} TB` : `${value.toFixed(1)} GB`;
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

// Writes only a change: a node rewritten with the same words can be read out again.
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

let lastReadingMs = null; // when the newest sample shown was taken

function showSample(sample) {
  if (!sample) return;
  const percent = { cpu: sample.cpu?.usage, memory: sample.memory?.percent, disk: sample.disk?.percent };
  for (const metric of METRICS) {
    if (typeof percent[metric] !== 'number') continue;
    $(`value-${metric}`).textContent = fmt(percent[metric]);
    $(`meter-${metric}`).style.width = `${Math.min(100, Math.max(0, percent[metric]))}%`;
  }
  if (sample.cpu?.cores) setText($('tag-cpu'), `${sample.cpu.cores} cores`);
  for (const metric of ['memory', 'disk']) {
    if (!sample[metric]) continue;
    const used = document.createElement('b');
    used.textContent = gb(sample[metric].used_gb);
    $(`detail-${metric}`).replaceChildren(used, ` used of ${gb(sample[metric].total_gb)}`);
  }
  const time = new Date(sample.timestamp);
  if (!Number.isNaN(time.getTime())) lastReadingMs = time.getTime();
  $('updated').textContent = Number.isNaN(time.getTime()) ? 'Updated' : `Updated ${clock(time)}`;
  document.body.dataset.timestamp = sample.timestamp ?? '';
}

// The three figures under a chart; the HTML holds "–" in their place, so nothing moves when
// the first figures arrive.
function showStats(metric, min, avg, max) {
  const cells = $(`stats-${metric}`).querySelectorAll('dd');
  [min, avg, max].forEach((v, i) => setText(cells[i], v === undefined ? '–' : `${fmt(v)}%`));
}

// What each chart shows, in words, for its aria-describedby: not a live region, and rewritten
// at most every SUMMARY_EVERY_MS unless what it describes changed (another range, new state).
const summaries = Object.fromEntries(METRICS.map((m) => [m, { base: '', text: '', at: 0 }]));

function describe(metric, base, { force = false } = {}) {
  const summary = summaries[metric];
  const stale = document.body.dataset.stale === 'true'
    ? ` Not live: disconnected since the last reading at ${clock(lastReadingMs)}.`
    : '';
  const text = (/[.!?]$/.test(base) ? base : `${base}.`) + stale;
  if (text === summary.text) return;
  const now = Date.now();
  if (!force && now - summary.at < SUMMARY_EVERY_MS) return;
  Object.assign(summary, { base, text, at: now });
  $(`summary-${metric}`).textContent = text;
}

function figures(min, avg, max) {
  return `lowest ${fmt(min)}%, average ${fmt(avg)}%, highest ${fmt(max)}%`;
}

function describeLive(metric, points, options) {
  if (!points.length) {
    describe(metric, 'No readings yet.', options);
    return;
  }
  const values = points.map((p) => p.value);
  const last = points[points.length - 1];
  const span = Math.round((last.t - points[0].t) / 1000);
  const over = span >= 120 ? `${Math.round(span / 60)} min` : `${span} s`;
  describe(metric, `Live, the last ${points.length} readings over ${over}: `
    + `${figures(Math.min(...values), values.reduce((a, b) => a + b, 0) / values.length, Math.max(...values))}; `
    + `latest ${fmt(last.value)}% at ${clock(last.t)}.`, options);
}

// Each card shows the live points or a stored range; 'live' is the 30 points of the stream.
const ranges = Object.fromEntries(METRICS.map((m) => [m, 'live']));
const rangeTimers = {};

function showHistory(options) {
  for (const metric of METRICS) {
    if (ranges[metric] !== 'live') continue;
    const points = client.history(metric);
    charts[metric].setPoints(points, client.intervalS);
    const values = points.map((p) => p.value);
    if (values.length) {
      showStats(metric, Math.min(...values), values.reduce((a, b) => a + b, 0) / values.length, Math.max(...values));
    } else {
      showStats(metric);
    }
    describeLive(metric, points, options);
  }
  const every = client.intervalS;
  if (every) $('stream').textContent = `${client.status.authenticated ? 'authenticated' : 'public'} stream, every ${every} s`;
}

let announced = '';

// Says it once in the live region; the same words again are not news.
function announce(text) {
  if (!text || text === announced) return;
  announced = text;
  $('announce').textContent = text;
}

function showStatus() {
  const status = client.status;
  document.body.dataset.state = status.state;
  document.body.dataset.reason = status.reason ?? '';
  document.body.dataset.gaveUp = String(status.gaveUp);
  const label = { connected: 'Connected', connecting: 'Connecting…', disconnected: 'Disconnected' }[status.state];
  setText($('status-text'), label);
  $('reconnect').classList.toggle('primary', status.state === 'disconnected' && (status.gaveUp || status.reason === 'manual'));

  const notice = $('notice');
  const showNotice = status.state !== 'connected' && (status.reason || status.gaveUp);
  notice.hidden = !showNotice;
  if (showNotice) {
    setText($('notice-title'), status.reason === 'unauthorized'
      ? 'Token refused.'
      : status.gaveUp ? 'Gave up reconnecting.' : 'Disconnected.');
    setText($('notice-reason'), status.message ?? '');
    announce(`${$('notice-title').textContent} ${$('notice-reason').textContent}`);
  } else if (status.state === 'connected') {
    announce('Connected.');
  } // A retry under way ("Connecting…") is not announced: the notice above still holds.
  showStale();
  showCountdown();
}

// Readings stay on screen after the connection is lost; they are marked as old, not faded.
function showStale() {
  const stale = client.state !== 'connected' && lastReadingMs !== null;
  if ((document.body.dataset.stale === 'true') === stale) return;
  document.body.dataset.stale = String(stale);
  for (const metric of METRICS) {
    const badge = $(`stale-${metric}`);
    badge.hidden = !stale;
    if (stale) badge.textContent = `Last reading ${clock(lastReadingMs)}`;
    if (summaries[metric].base) describe(metric, summaries[metric].base, { force: true });
  }
}

function showCountdown() {
  const status = client.status;
  const countdown = $('countdown');
  let text;
  if (status.state === 'connecting') {
    text = status.attempt ? `Retrying now (attempt ${status.attempt} of ${status.maxAttempts})` : '';
  } else if (status.nextRetryAt) {
    const seconds = Math.max(0, Math.ceil((status.nextRetryAt - Date.now()) / 1000));
    text = `Retrying in ${seconds} s (attempt ${status.attempt} of ${status.maxAttempts})`;
  } else if (status.reason === 'unauthorized') {
    text = 'Open the page with a valid #token=… and press Reconnect';
  } else if (status.gaveUp) {
    text = 'Press Reconnect to try again';
  } else {
    text = status.state === 'disconnected' ? 'Checking the server…' : '';
  }
  setText(countdown, text);
}

function showHost(version) {
  const { url, authenticated } = client.status;
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // Shown as it is.
  }
  $('host').textContent = [host, version && `v${version}`, authenticated && 'authenticated'].filter(Boolean).join(' · ');
}

// The version from /health, once per connection; the dashboard works without it.
async function fetchVersion() {
  try {
    const health = await (await fetch('health', { cache: 'no-store' })).json();
    if (health.version) showHost(health.version);
  } catch {
    // Not fatal: the subtitle keeps the host alone.
  }
}

// The processes card: the top five by CPU on the authenticated stream; elsewhere, the token form.
function mib(value) {
  if (typeof value !== 'number') return '–';
  return value >= 1024 ? `${(value / 1024).toFixed(1)} GiB` : `${Math.round(value)} MiB`;
}

function showProcesses(sample) {
  const list = sample?.processes?.top_cpu;
  if (!Array.isArray(list)) return;
  setText($('tag-processes'), `${sample.processes.count} running, by CPU`);
  $('process-rows').replaceChildren(...list.map((p) => {
    const row = document.createElement('tr');
    for (const [text, numeric] of [[p.name, false], [`${fmt(p.cpu)}%`, true], [mib(p.rss_mb), true]]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (numeric) cell.className = 'num';
      row.append(cell);
    }
    return row;
  }));
}

function followAuthentication() {
  const { authenticated } = client.status;
  $('process-table').hidden = !authenticated;
  $('token-form').hidden = authenticated;
  if (authenticated && client.state === 'connected') client.subscribe(['cpu', 'memory', 'disk', 'processes']);
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) return;
  $('token-input').value = '';
  location.hash = `token=${encodeURIComponent(token)}`; // never sent to the server as part of a URL
  client.reconnect();
});

let wasConnected = false;
client.addEventListener('state', () => {
  showStatus();
  if (client.state === 'connected' && !wasConnected) fetchVersion();
  if (client.state === 'connected' && !wasConnected) followAuthentication();
  wasConnected = client.state === 'connected';
});
client.addEventListener('history', (event) => {
  showSample(event.detail.samples?.at(-1));
  showHistory({ force: true }); // a new connection: the summaries say so at once
});
client.addEventListener('system_stats', (event) => {
  showSample(event.detail);
  showProcesses(event.detail);
  showHistory();
});
$('reconnect').addEventListener('click', () => client.reconnect());

// A stored range for one card: the average as a line and min–max as a band, and the min, the
// average and the max of the whole range below it.
async function loadRange(metric) {
  const range = ranges[metric];
  const canvas = $(`chart-${metric}`);
  const note = $(`note-${metric}`);
  clearTimeout(rangeTimers[metric]);
  if (range === 'live') {
    note.textContent = '';
    showHistory({ force: true });
    return;
  }
  canvas.dataset.loading = range;
  describe(metric, `${RANGE_NAMES[range] ?? range}: loading.`, { force: true });
  try {
    const answer = await client.history(range, { points: Math.max(60, Math.min(600, Math.round(canvas.clientWidth))) });
    if (ranges[metric] !== range) return; // chosen again meanwhile
    const points = [];
    for (const p of answer.points ?? []) {
      const stats = PERCENT[metric](p);
      if (!stats) continue;
      points.push({ t: Date.parse(p.timestamp), n: p.n, min: stats.min, value: stats.avg, max: stats.max,
        top: metric === 'cpu' ? p.top_cpu : undefined });
    }
    charts[metric].setRange(points, {
      fromMs: Date.parse(answer.from), toMs: Date.parse(answer.to), stepMs: answer.step_s * 1000,
    });
    const samples = points.reduce((a, p) => a + p.n, 0);
    if (points.length) {
      showStats(metric, Math.min(...points.map((p) => p.min)),
        points.reduce((a, p) => a + p.value * p.n, 0) / samples, Math.max(...points.map((p) => p.max)));
    } else {
      showStats(metric);
    }
    note.textContent = points.length ? '' : 'Nothing recorded in this range yet.';
    describe(metric, points.length
      ? `${RANGE_NAMES[range] ?? range}, ${points.length} points from ${new Date(points[0].t).toLocaleString()}: `
        + `${figures(Math.min(...points.map((p) => p.min)), points.reduce((a, p) => a + p.value * p.n, 0) / samples,
          Math.max(...points.map((p) => p.max)))}.`
      : `${RANGE_NAMES[range] ?? range}: ${note.textContent}`, { force: true });
  } catch (error) {
    if (ranges[metric] !== range) return;
    charts[metric].setRange([], { fromMs: Date.now(), toMs: Date.now(), stepMs: 1000 });
    showStats(metric);
    note.textContent = `History unavailable: ${error.message}`;
    describe(metric, `${RANGE_NAMES[range] ?? range}: ${note.textContent}`, { force: true });
  } finally {
    delete canvas.dataset.loading;
    if (ranges[metric] === range) rangeTimers[metric] = setTimeout(() => loadRange(metric), RANGE_REFRESH_MS);
  }
}

for (const group of document.querySelectorAll('.ranges')) {
  const metric = group.dataset.metric;
  group.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-range]');
    if (!button) return;
    ranges[metric] = button.dataset.range;
    for (const b of group.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
    loadRange(metric);
  });
}
setInterval(showCountdown, 250);
// A page re-opened with another #token= should use it at once.
window.addEventListener('hashchange', () => location.reload());

showHost();
showHistory();
showStatus();
client.connect();

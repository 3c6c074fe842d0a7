// The dashboard's security headers, as a browser receives and applies them: a CSP that lets the
// page do everything it does (module imports, canvas, its socket, the range buttons, reconnects)
// and nothing more, no framing by another origin, no referrer, no sniffing, its own browsing
// context group. REST answers keep the headers they had.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startZiggie, startPageServer, until } from './support.mjs';

const INTERVAL_S = 0.5;
// The policy docs/web.md tells a dashboard on another origin to send, for the default port.
const docs = readFileSync(fileURLToPath(new URL('../../docs/web.md', import.meta.url)), 'utf8');
const FOREIGN_POLICY = /^Content-Security-Policy: (default-src 'self'; script-src .*)$/m.exec(docs)?.[1];
if (!FOREIGN_POLICY) throw new Error('docs/web.md has no example policy for a page on another origin');
const FILES = ['/', '/index.html', '/dashboard.js', '/ziggie-client.js', '/chart.js', '/dashboard.css', '/favicon.svg'];

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: INTERVAL_S }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const policyFor = (host) => `default-src 'self'; connect-src 'self' ws://${host} wss://${host}; `
  + "base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

/** A page that records every CSP violation and console error it causes. */
async function watchedPage() {
  const page = await browser.newPage();
  const problems = { violations: [], console: [], errors: [] };
  await page.exposeFunction('__reportViolation', (v) => problems.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__reportViolation({
      directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}`,
    }));
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.errors.push(error.message));
  return { page, problems };
}

const nextTick = async (page) => {
  const shown = await page.evaluate(() => document.body.dataset.timestamp);
  await page.waitForFunction((t) => document.body.dataset.timestamp !== t, shown, { timeout: INTERVAL_S * 4000 });
};

test('every dashboard file the browser loads carries the CSP, Referrer-Policy, nosniff and COOP', async () => {
  const page = await browser.newPage();
  const seen = new Map();
  page.on('response', (response) => seen.set(new URL(response.url()).pathname, response));
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  for (const path of ['/', '/dashboard.js', '/ziggie-client.js', '/chart.js', '/dashboard.css']) {
    const response = seen.get(path);
    assert.ok(response, `the page loaded ${path}`);
    const headers = await response.allHeaders();
    assert.equal(headers['content-security-policy'], policyFor(`127.0.0.1:${server.port}`), path);
    assert.equal(headers['referrer-policy'], 'no-referrer', path);
    assert.equal(headers['x-content-type-options'], 'nosniff', path);
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin', path);
  }
  await page.close();

  // The icon too, which headless Chromium does not ask for.
  for (const path of FILES) {
    const headers = Object.fromEntries((await fetch(`${server.url}${path.slice(1)}`)).headers);
    assert.equal(headers['content-security-policy'], policyFor(`127.0.0.1:${server.port}`), path);
    assert.equal(headers['referrer-policy'], 'no-referrer', path);
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin', path);
  }
  for (const path of ['/health', '/api/system/stats', '/api/system/history', '/metrics']) {
    const response = await fetch(`${server.url}${path.slice(1)}`);
    assert.equal(response.headers.get('content-security-policy'), null, `${path} keeps its headers`);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
  }
});

test('the socket in the policy follows the Host the page was asked for', async () => {
  const hostHeader = (host) => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, csp: res.headers['content-security-policy'] });
    });
    req.once('error', reject).end();
  });
  assert.deepEqual(await hostHeader(`localhost:${server.port}`), { status: 200, csp: policyFor(`localhost:${server.port}`) });
  assert.equal((await hostHeader('evil.example')).status, 403, 'a Host the server does not answer to gets no page at all');

  // And the page works under it when opened by that other name.
  const { page, problems } = await watchedPage();
  await page.goto(`http://localhost:${server.port}/`);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  await nextTick(page);
  assert.equal(new URL(await page.evaluate(() => window.ziggie.status.url)).host, `localhost:${server.port}`);
  assert.deepEqual(problems, { violations: [], console: [], errors: [] });
  await page.close();
});

test('no CSP violation or console error while the page connects, streams, switches ranges and reconnects', async (t) => {
  const { page, problems } = await watchedPage();
  await page.goto(`${server.url}?backoff_ms=200&backoff_max_ms=400`);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  for (let i = 0; i < 3; i++) await nextTick(page);
  // Charts drawn (canvas) and the version fetched from /health (connect-src 'self').
  assert.equal(await page.evaluate(() => document.getElementById('chart-cpu').width > 0), true);
  await page.waitForFunction(() => / · v\d/.test(document.getElementById('host').textContent), null, { timeout: 3000 });

  // A range asks over the socket and is drawn. Back to Live, then Reconnect drops and reopens
  // the socket.
  await page.click('.card[data-metric="cpu"] button[data-range="1h"]');
  await page.waitForFunction(() => document.getElementById('chart-cpu').dataset.loading === undefined
    && !document.getElementById('note-cpu').textContent.startsWith('History unavailable'), null, { timeout: 15000 });
  await page.click('.card[data-metric="cpu"] button[data-range="live"]');
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.click('#reconnect');
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  await nextTick(page);
  assert.equal(sockets.length, 1, 'Reconnect opened a new socket');
  assert.deepEqual(problems, { violations: [], console: [], errors: [] });

  // A restarted server: the retries and the new socket are allowed too. Only the refused
  // connections of the outage itself may show in the console.
  await server.stop();
  await page.waitForSelector('body[data-state="disconnected"]', { timeout: 3000 });
  server = await startZiggie({ port: server.port, interval: INTERVAL_S });
  await page.waitForSelector('body[data-state="connected"]', { timeout: 10000 });
  await nextTick(page);
  assert.deepEqual(problems.violations, []);
  assert.deepEqual(problems.errors, []);
  const unexpected = problems.console.filter((m) => !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(m));
  assert.deepEqual(unexpected, []);
  t.diagnostic(`console during the outage: ${problems.console.length} refused connections`);

  // The watch itself works, and the policy bites: an injected inline script does not run.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.head.append(script);
  });
  await until(() => problems.violations.length > 0, 3000, 'the violation report');
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'inline script blocked');
  assert.deepEqual(problems.violations.map((v) => [v.directive, v.blocked]), [['script-src-elem', 'inline']]);
  await page.close();
});

test('a page on another origin cannot frame the dashboard', async (t) => {
  const framer = await startPageServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    // /health has no frame-ancestors: it shows that framing works here at all.
    res.end(`<!doctype html><title>framer</title>
<iframe id="dashboard" src="${server.url}"></iframe>
<iframe id="health" src="${server.url}health"></iframe>`);
  });
  try {
    const page = await browser.newPage();
    const refusals = [];
    page.on('console', (m) => /frame-ancestors/.test(m.text()) && refusals.push(m.text()));
    const dashboardAnswered = page.waitForResponse((r) => r.url() === server.url && r.status() === 200);
    await page.goto(framer.origin);
    await dashboardAnswered;
    const frame = async (id) => (await page.$(`#${id}`)).contentFrame();
    const health = await frame('health');
    await health.waitForFunction(() => document.body?.textContent.includes('"status"'), null, { timeout: 3000 });

    const dashboard = await frame('dashboard');
    await dashboard.waitForLoadState('load', { timeout: 3000 });
    assert.notEqual(dashboard.url(), server.url, `the framed dashboard was replaced by an error page (${dashboard.url()})`);
    assert.equal(await dashboard.evaluate(() => document.getElementById('status')), null, 'no dashboard in the frame');
    assert.ok(refusals.length >= 1, 'Chromium reports the frame-ancestors refusal');
    t.diagnostic(`framed dashboard: ${dashboard.url()}; ${refusals[0]}`);
    await page.close();
  } finally {
    await framer.close();
  }
});

test('a page on another origin under the policy docs/web.md prescribes imports the module, streams and calls REST', async () => {
  const policy = FOREIGN_POLICY.replaceAll('54112', String(server.port));
  let served = policy;
  const page = await startPageServer((req, res) => {
    const ziggie = `127.0.0.1:${server.port}`;
    if (req.url === '/app.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(`import { ZiggieClient } from 'http://${ziggie}/ziggie-client.js';
window.client = new ZiggieClient({ url: 'ws://${ziggie}/ws', backoff: { initialMs: 100, maxMs: 100, attempts: 1 } });
window.rest = fetch('http://${ziggie}/api/system/stats').then((r) => r.json()).then((j) => j.type);
window.health = fetch('http://${ziggie}/health', { mode: 'no-cors' }).then(() => 'answered');`);
      return;
    }
    // Its own script comes from its own origin: an inline one would need 'unsafe-inline'.
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': served });
    res.end('<!doctype html><meta charset="utf-8"><title>another dashboard</title><script type="module" src="/app.js"></script>');
  });
  try {
    const ok = await watchedPage();
    await ok.page.goto(page.origin);
    await ok.page.waitForFunction(() => window.client?.state === 'connected' && window.client.history('cpu').length >= 2, null, { timeout: 5000 });
    assert.equal(await ok.page.evaluate(() => window.rest), 'system_stats');
    assert.equal(await ok.page.evaluate(() => window.health), 'answered');
    assert.deepEqual(ok.problems, { violations: [], console: [], errors: [] });
    await ok.page.close();

    // Without the ws:// source the same page gets no stream: the entry is needed.
    served = policy.replace(` ws://127.0.0.1:${server.port}`, '');
    assert.notEqual(served, policy);
    const blocked = await watchedPage();
    await blocked.page.goto(page.origin);
    await until(() => blocked.problems.violations.some((v) => v.directive === 'connect-src' && v.blocked.startsWith('ws://')), 5000, 'the socket to be blocked');
    assert.notEqual(await blocked.page.evaluate(() => window.client?.state), 'connected');
    await blocked.page.close();
  } finally {
    await page.close();
  }
});

// CORS preflight (PROTOCOL.md v1.1, "HTTP details"). A dashboard on its Vite origin that sends
// `Authorization: Bearer …` or `Content-Type: application/json` to /health or the REST API
// makes the browser ask `OPTIONS` first; the server must answer an allowed origin with 204
// and the CORS headers, and any other origin with 403. Checked from real pages (a loopback
// origin, and a made-up host name that Chromium maps to 127.0.0.1) and byte-exact from Node.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { launchBrowser, startZiggie, startPageServer, until } from './support.mjs';

const TOKEN = randomBytes(32).toString('hex');
const FOREIGN = 'dashboard.example';
const VITE = 'http://localhost:5173'; // the origin a Vite dev server would give a dashboard
const API_PATHS = ['/health', '/api/system/stats', '/api/system/history', '/metrics'];

let browser;
let server;
let pages; // serves an empty page; reached as localhost (allowed) and as FOREIGN (not allowed)

before(async () => {
  [server, browser] = await Promise.all([
    startZiggie({ interval: 0.5, token: TOKEN }),
    launchBrowser([`--host-resolver-rules=MAP ${FOREIGN} 127.0.0.1`]),
  ]);
  pages = await startPageServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>A dashboard</title><p>dashboard</p>');
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await pages?.close();
});

/** One raw HTTP request from Node (no CORS rules applied): status and lower-cased headers. */
function raw(method, path, headers) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { Connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** The preflights Chromium sends for a page, as DevTools sees them: url → {status, headers}. */
async function recordPreflights(page) {
  const cdp = await page.context().newCDPSession(page);
  const sent = new Map();
  const answered = new Map();
  cdp.on('Network.requestWillBeSent', ({ requestId, type, request: r }) => {
    if (type === 'Preflight' || r.method === 'OPTIONS') sent.set(requestId, r.url);
  });
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    const url = sent.get(requestId) ?? (type === 'Preflight' ? response.url : null);
    if (url) answered.set(new URL(url).pathname, { status: response.status, headers: response.headers });
  });
  cdp.on('Network.loadingFailed', ({ requestId, type, errorText, corsErrorStatus }) => {
    const url = sent.get(requestId);
    if (url && !answered.has(new URL(url).pathname)) answered.set(new URL(url).pathname, { failed: errorText, cors: corsErrorStatus?.corsError, type });
  });
  await cdp.send('Network.enable');
  return answered;
}

// What the dashboard does: two fetches that need a preflight. Each gives its JSON or its error.
async function fetchFromPage(page, base) {
  return page.evaluate(async ({ base, token }) => {
    const get = async (path, headers) => {
      try {
        const response = await fetch(base + path, { headers });
        return { status: response.status, body: await response.json() };
      } catch (error) {
        return { error: `${error.name}: ${error.message}` };
      }
    };
    return {
      health: await get('/health', { Authorization: `Bearer ${token}` }),
      stats: await get('/api/system/stats', { 'Content-Type': 'application/json' }),
    };
  }, { base, token: TOKEN });
}

const explain = (what, answer, preflight) =>
  `${what}: ${answer.error ?? `HTTP ${answer.status}`}; its preflight got ${preflight ? JSON.stringify(preflight) : 'nothing seen'}`;

test('a page on a loopback origin sends Authorization and Content-Type to /health and the API', async () => {
  const context = await browser.newContext(); // its own preflight cache
  const page = await context.newPage();
  const preflights = await recordPreflights(page);
  await page.goto(`http://localhost:${pages.port}/`);
  const answers = await fetchFromPage(page, `http://127.0.0.1:${server.port}`);
  assert.equal(answers.health.status, 200, explain('GET /health with Authorization', answers.health, preflights.get('/health')));
  assert.equal(answers.health.body.status, 'ok');
  assert.equal(answers.stats.status, 200, explain('GET /api/system/stats with Content-Type', answers.stats, preflights.get('/api/system/stats')));
  assert.equal(answers.stats.body.type, 'system_stats');
  await until(() => preflights.get('/health'), 2000, 'DevTools to report the preflight of /health');
  assert.equal(preflights.get('/health').status, 204, 'the browser did ask first');
  await context.close();
});

test('a page on a non-allowed origin is refused at the preflight', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const preflights = await recordPreflights(page);
  await page.goto(`http://${FOREIGN}:${pages.port}/`);
  const answers = await fetchFromPage(page, `http://127.0.0.1:${server.port}`);
  assert.match(answers.health.error ?? '', /TypeError/, explain('foreign GET /health', answers.health, preflights.get('/health')));
  assert.match(answers.stats.error ?? '', /TypeError/, explain('foreign GET /api/system/stats', answers.stats, preflights.get('/api/system/stats')));
  await until(() => preflights.get('/health'), 2000, 'DevTools to report the preflight of /health');
  assert.equal(preflights.get('/health').status, 403, explain('foreign preflight of /health', answers.health, preflights.get('/health')));
  await context.close();
});

test('OPTIONS from an allowed origin: 204 with exactly the CORS headers of the contract', async () => {
  for (const path of API_PATHS) {
    const answer = await raw('OPTIONS', path, {
      Origin: VITE,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    });
    const h = answer.headers;
    assert.equal(answer.status, 204, `OPTIONS ${path} → ${answer.status} (allow: ${h.allow ?? '-'}, acao: ${h['access-control-allow-origin'] ?? '-'})`);
    assert.equal(h['access-control-allow-origin'], VITE, path);
    assert.equal(h['access-control-allow-methods'], 'GET, HEAD', path);
    assert.equal(h['access-control-allow-headers'], 'Authorization, Content-Type', path);
    assert.equal(h['access-control-allow-credentials'], 'true', path);
    assert.equal(h['access-control-max-age'], '600', path);
    assert.equal(h.vary, 'Origin', path);
    assert.equal(answer.body, '', `${path}: a 204 has no body`);
  }
});

test('OPTIONS from any other origin: 403, and no CORS headers', async () => {
  for (const origin of ['http://evil.example', `http://${FOREIGN}:${pages.port}`]) {
    for (const path of ['/health', '/api/system/stats']) {
      const answer = await raw('OPTIONS', path, {
        Origin: origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      });
      assert.equal(answer.status, 403, `OPTIONS ${path} from ${origin} → ${answer.status}`);
      assert.equal(answer.headers['access-control-allow-origin'], undefined, `${origin} ${path}`);
    }
  }
});

// Dashboards that live elsewhere on this machine: a page from a second loopback origin (as
// a Vite dev server would serve it) imports /ziggie-client.js from the app and streams /ws,
// calls the REST endpoints under CORS, and a client written for the old backend, with its
// own hand-written WebSocket code, works unchanged.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launchBrowser, startZiggie, recordErrors } from './support.mjs';

let browser;
let server;
let other; // the second origin
let otherUrl;

function pageFor(ziggiePort) {
  return `<!doctype html><meta charset="utf-8"><title>Another dashboard</title>
<p id="out">loading</p>
<script type="module">
  import { ZiggieClient } from 'http://127.0.0.1:${ziggiePort}/ziggie-client.js';
  // What a React app does with import.meta.env.VITE_WS_URL.
  window.client = new ZiggieClient({ url: 'ws://127.0.0.1:${ziggiePort}/ws' });
  window.client.on('state', (s) => (document.getElementById('out').textContent = s.state));
</script>`;
}

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: 0.5 }), launchBrowser()]);
  other = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(pageFor(server.port));
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${other.address().port}/`;
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (other ? other.close(resolve) : resolve()));
});

test('a page from another loopback origin imports the module and streams /ws', async () => {
  const page = await browser.newPage();
  const errors = recordErrors(page);
  await page.goto(otherUrl);
  await page.waitForFunction(() => window.client?.state === 'connected', null, { timeout: 3000 });
  await page.waitForFunction(() => window.client.history('cpu').length >= 2, null, { timeout: 3000 });
  const seen = await page.evaluate(() => ({
    origin: location.origin,
    url: window.client.status.url,
    cpu: window.client.history('cpu'),
    memory: window.client.history('memory').length,
    disk: window.client.history('disk').length,
  }));
  assert.notEqual(new URL(seen.origin).port, String(server.port));
  assert.equal(new URL(seen.url).pathname, '/ws');
  assert.ok(seen.cpu.every((p) => p.value >= 0 && p.value <= 100 && p.t > 0));
  assert.equal(seen.memory, seen.cpu.length);
  assert.equal(seen.disk, seen.cpu.length);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the REST endpoints answer that origin under CORS', async () => {
  const page = await browser.newPage();
  const allowed = new Map(); // path → Access-Control-Allow-Origin, which page scripts cannot read
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.port === String(server.port)) allowed.set(url.pathname, response.headers()['access-control-allow-origin']);
  });
  await page.goto(otherUrl);
  // A fetch the server did not allow would throw here, so each answer proves CORS.
  const answers = await page.evaluate(async (base) => {
    const get = async (path) => {
      const response = await fetch(base + path);
      return { status: response.status, body: await response.json() };
    };
    return { health: await get('/health'), stats: await get('/api/system/stats'), history: await get('/api/system/history') };
  }, `http://127.0.0.1:${server.port}`);
  assert.equal(answers.health.status, 200);
  assert.equal(answers.health.body.status, 'ok');
  for (const path of ['/health', '/api/system/stats', '/api/system/history']) {
    assert.equal(allowed.get(path), new URL(otherUrl).origin, `Access-Control-Allow-Origin of ${path}`);
  }
  assert.equal(answers.stats.body.type, 'system_stats');
  assert.equal(answers.history.body.type, 'history');
  assert.ok(answers.history.body.samples.length >= 1);
  await page.close();
});

test('a dashboard written for the old backend works unchanged', async () => {
  const page = await browser.newPage();
  await page.goto(otherUrl);
  // The old React hook's socket code, minus React: open /ws, keep 30 points of each metric.
  const result = await page.evaluate(async (port) => {
    const state = { connected: false, cpu: [], memory: [], disk: [], totals: [] };
    await new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      const timer = setTimeout(() => reject(new Error('no system_stats within 5 s')), 5000);
      ws.onopen = () => (state.connected = true);
      ws.onerror = () => reject(new Error('socket error'));
      ws.onmessage = (event) => {
        const data = JSON.parse(event.data);
        if (data.type === 'system_stats') {
          state.cpu = [...state.cpu.slice(-29), { value: data.cpu?.usage || 0 }];
          state.memory = [...state.memory.slice(-29), { value: data.memory?.percent || 0 }];
          state.disk = [...state.disk.slice(-29), { value: data.disk?.percent || 0 }];
          state.totals.push([data.memory.used_gb, data.memory.total_gb, data.disk.used_gb, data.disk.total_gb]);
          if (state.cpu.length === 2) {
            clearTimeout(timer);
            ws.close();
            resolve();
          }
        }
      };
    });
    return state;
  }, server.port);
  assert.equal(result.connected, true);
  for (const metric of ['cpu', 'memory', 'disk']) {
    assert.equal(result[metric].length, 2);
    for (const { value } of result[metric]) {
      assert.equal(typeof value, 'number');
      assert.ok(value >= 0 && value <= 100, `${metric} ${value}`);
    }
  }
  assert.ok(result.memory.some((p) => p.value > 0), 'memory is in use');
  assert.ok(result.disk.some((p) => p.value > 0), 'the disk holds something');
  for (const [memUsed, memTotal, diskUsed, diskTotal] of result.totals) {
    assert.ok(memUsed <= memTotal && diskUsed <= diskTotal && memTotal > 0 && diskTotal > 0);
  }
  await page.close();
});

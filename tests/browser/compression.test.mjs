// Compression as clients meet it: the page and the client module come in brotli or gzip, a
// history answer in gzip, when asked for with Accept-Encoding (and plain otherwise), with Vary and
// an ETag per encoding that revalidates to 304; HEAD says the same; small answers stay plain; and
// the bytes a first load of the dashboard costs on the wire, as Chromium counts them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { launchBrowser, startZiggie, until } from './support.mjs';

// What the first load of the dashboard may cost on the wire, heads included (the figure is
// printed, and kept in tests/bench/RESULTS.md).
const FIRST_LOAD_BUDGET = 20 * 1024;
const HISTORY = '/api/system/history?range=1h&points=2000';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: 0.1 }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** One request on its own connection, the body's bytes as they came (no decoding). */
function raw(method, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', reject).end();
  });
}

const varies = (h) => (h.vary ?? '').split(',').map((s) => s.trim().toLowerCase()).includes('accept-encoding');

test('the page, the client module and a history answer are gzipped when asked for', async () => {
  // Enough stored samples (0.1 s ticks, written every 2 s) for a range answer over 1 KiB.
  await until(async () => (await raw('GET', HISTORY)).body.length > 1536, 20000, 'a range answer over 1 KiB');
  for (const path of ['/', '/ziggie-client.js', HISTORY]) {
    const plain = await raw('GET', path);
    const packed = await raw('GET', path, { 'Accept-Encoding': 'gzip, deflate' });
    assert.equal(plain.status, 200, path);
    assert.equal(packed.status, 200, path);
    assert.equal(plain.headers['content-encoding'], undefined, `${path} plain without Accept-Encoding`);
    assert.equal(packed.headers['content-encoding'], 'gzip', path);
    assert.ok(varies(plain.headers) && varies(packed.headers), `${path}: Vary: Accept-Encoding either way`);
    assert.equal(Number(packed.headers['content-length']), packed.body.length, path);
    const inflated = gunzipSync(packed.body);
    assert.ok(packed.body.length < inflated.length / 2, `${path}: ${packed.body.length} of ${inflated.length} bytes`);
    if (!path.startsWith('/api/')) assert.deepEqual(inflated, plain.body, path); // a range moves on with time

    // HEAD: the same head, no body.
    const head = await raw('HEAD', path, { 'Accept-Encoding': 'gzip' });
    assert.equal(head.headers['content-encoding'], 'gzip', `HEAD ${path}`);
    assert.equal(head.body.length, 0, `HEAD ${path}`);
    if (!path.startsWith('/api/')) assert.equal(head.headers['content-length'], packed.headers['content-length'], path);
  }
  // Brotli, where offered, for the dashboard's files (made once); answers computed per request
  // stay gzip.
  for (const path of ['/', '/ziggie-client.js', '/dashboard.js']) {
    const br = await raw('GET', path, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br', path);
    assert.deepEqual(brotliDecompressSync(br.body), (await raw('GET', path)).body, path);
  }
  assert.equal((await raw('GET', HISTORY, { 'Accept-Encoding': 'gzip, br' })).headers['content-encoding'], 'gzip');
  // Refused or not offered: plain.
  for (const accept of ['gzip;q=0', 'br;q=0', 'identity', '*;q=0']) {
    const r = await raw('GET', '/ziggie-client.js', { 'Accept-Encoding': accept });
    assert.equal(r.headers['content-encoding'], undefined, accept);
  }
  assert.equal((await raw('GET', '/ziggie-client.js', { 'Accept-Encoding': '*' })).headers['content-encoding'], 'br');
  assert.equal((await raw('GET', '/ziggie-client.js', { 'Accept-Encoding': '*, br;q=0' })).headers['content-encoding'], 'gzip');
});

test('each encoding has its own ETag, and each revalidates to 304', async () => {
  for (const path of ['/', '/ziggie-client.js', '/dashboard.css']) {
    const plain = await raw('GET', path);
    const packed = await raw('GET', path, { 'Accept-Encoding': 'gzip' });
    const plainTag = plain.headers.etag;
    const packedTag = packed.headers.etag;
    assert.ok(plainTag && packedTag && plainTag !== packedTag, `${path}: ${plainTag} / ${packedTag}`);
    const again = await raw('GET', path, { 'Accept-Encoding': 'gzip', 'If-None-Match': packedTag });
    assert.equal(again.status, 304, path);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, packedTag);
    assert.ok(varies(again.headers), `${path}: a 304 varies too`);
    assert.equal((await raw('GET', path, { 'If-None-Match': plainTag })).status, 304, path);
    // The other encoding's tag is another representation: the full answer.
    assert.equal((await raw('GET', path, { 'If-None-Match': packedTag })).status, 200, path);
    assert.equal((await raw('GET', path, { 'Accept-Encoding': 'gzip', 'If-None-Match': plainTag })).status, 200, path);
  }
});

test('small answers and WebSocket frames are not compressed', async () => {
  for (const path of ['/health', '/api/system/stats']) {
    const r = await raw('GET', path, { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200, path);
    assert.ok(r.body.length < 1024, `${path} is small (${r.body.length} bytes)`);
    assert.equal(r.headers['content-encoding'], undefined, path);
    assert.ok(varies(r.headers), path);
  }
  const page = await browser.newPage();
  const extensions = [];
  page.on('websocket', () => {});
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ response }) =>
    extensions.push(response.headers['Sec-WebSocket-Extensions'] ?? response.headers['sec-websocket-extensions'] ?? ''));
  await cdp.send('Network.enable');
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 5000 });
  await until(() => extensions.length > 0, 3000, 'the handshake');
  assert.deepEqual(extensions, [''], 'no permessage-deflate');
  await page.close();
});

/** Bytes Chromium received for one first load of the dashboard (heads and bodies, no socket). */
async function firstLoad(acceptEncoding) {
  const context = await browser.newContext(); // an empty cache
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const urls = new Map();
  const sizes = new Map();
  let asked;
  cdp.on('Network.requestWillBeSent', ({ requestId, request: r, type }) => type !== 'WebSocket' && urls.set(requestId, r.url));
  cdp.on('Network.requestWillBeSentExtraInfo', ({ headers }) => (asked ??= headers['Accept-Encoding'] ?? headers['accept-encoding']));
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => sizes.set(requestId, encodedDataLength));
  await cdp.send('Network.enable');
  if (acceptEncoding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': acceptEncoding } });
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 5000 });
  await page.waitForFunction(() => / · v\d/.test(document.getElementById('host').textContent), null, { timeout: 3000 });
  await until(() => [...urls.keys()].every((id) => sizes.has(id)), 3000, 'every request to finish');
  const files = [...urls].map(([id, url]) => [new URL(url).pathname, sizes.get(id)]);
  await context.close();
  return { total: files.reduce((sum, [, n]) => sum + n, 0), files, asked };
}

test('a first load of the dashboard costs at most 20 KiB on the wire, under 40 % of the plain one', async (t) => {
  const packed = await firstLoad(null); // what Chromium asks for by itself
  const plain = await firstLoad('identity');
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  t.diagnostic(`first load: ${kib(packed.total)} compressed (Chromium asked for "${packed.asked}"), ${kib(plain.total)} plain; `
    + packed.files.map(([p, n]) => `${p} ${n}`).join(', '));
  for (const path of ['/', '/dashboard.js', '/ziggie-client.js', '/chart.js', '/dashboard.css', '/health'])
    assert.ok(packed.files.some(([p]) => p === path), `the load fetched ${path}`);
  assert.ok(packed.total < 0.4 * plain.total, `${kib(packed.total)} of ${kib(plain.total)}`);
  assert.ok(packed.total <= FIRST_LOAD_BUDGET, `first load ${kib(packed.total)} > ${kib(FIRST_LOAD_BUDGET)}`);
});

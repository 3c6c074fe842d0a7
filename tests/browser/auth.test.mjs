// Tokens: #token= in the page URL or localStorage['auth_token'] takes the page to the
// authenticated stream; a wrong token is reported as such after two refusals, not retried
// ten times (which would also trip the server's lockout of repeated failures).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { launchBrowser, startZiggie, recordSockets } from './support.mjs';

const TOKEN = randomBytes(32).toString('hex');
let browser;
let server;

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: 0.5, token: TOKEN }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('#token= with the right token reaches the authenticated endpoint', async () => {
  const page = await browser.newPage();
  const sockets = recordSockets(page);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${server.url}#token=${TOKEN}`);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  await page.waitForFunction(() => Number(document.getElementById('chart-cpu').dataset.points) >= 1, null, { timeout: 3000 });

  assert.equal(sockets.length, 1);
  const url = new URL(sockets[0].url);
  assert.equal(url.pathname, '/api/system/ws');
  assert.equal(url.searchParams.get('token'), TOKEN);
  assert.equal(sockets[0].frames[0]?.type, 'history');
  assert.match(await page.textContent('#host'), /authenticated/);
  const status = await page.evaluate(() => window.ziggie.status);
  assert.equal(status.authenticated, true);
  assert.ok(!status.url.includes(TOKEN), 'the status never shows the token');
  assert.ok(requests.every((r) => !r.includes(TOKEN) || r.startsWith('ws')), 'the fragment is never sent over HTTP');
  await page.close();
});

test("localStorage['auth_token'] is used like existing dashboards do", async () => {
  const context = await browser.newContext();
  await context.addInitScript((token) => localStorage.setItem('auth_token', token), TOKEN);
  const page = await context.newPage();
  const sockets = recordSockets(page);
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  assert.equal(new URL(sockets[0].url).pathname, '/api/system/ws');
  await context.close();
});

test('a wrong token is reported clearly and not retried', async () => {
  const page = await browser.newPage();
  const sockets = recordSockets(page);
  await page.goto(`${server.url}?backoff_ms=100#token=not-the-token`);
  await page.waitForSelector('body[data-reason="unauthorized"]', { timeout: 8000 });

  assert.equal(await page.textContent('#status-text'), 'Disconnected');
  assert.equal(await page.textContent('#notice-title'), 'Token refused.');
  assert.match(await page.textContent('#notice-reason'), /refused the token/);
  assert.match(await page.textContent('#countdown'), /valid #token=/);
  assert.equal(await page.evaluate(() => window.ziggie.status.gaveUp), true);
  assert.equal(sockets.length, 2, 'one attempt and one confirming retry');
  await page.waitForTimeout(1500);
  assert.equal(sockets.length, 2, 'no further attempts');

  // The same page with the right token recovers without a restart of anything.
  await page.evaluate((token) => (location.hash = `token=${token}`), TOKEN);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 5000 });
  await page.close();
});

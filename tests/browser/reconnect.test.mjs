// Losing the server: the page says Disconnected and counts down, comes back by itself when
// the server returns on the same port, and gives up (offering Reconnect) when it never does.
// Uses the dashboard's test-only fast backoff (?backoff_ms=…) instead of 1 s … 30 s waits.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startZiggie, recordSockets } from './support.mjs';

let browser;
let server;
let port;

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: 0.5 }), launchBrowser()]);
  port = server.port;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const connected = (page, timeout) => page.waitForSelector('body[data-state="connected"]', { timeout });

test('server stopped → Disconnected with a countdown; restarted on the same port → reconnects by itself', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}?backoff_ms=200&backoff_max_ms=1000`);
  await connected(page, 3000);

  await server.stop();
  await page.waitForSelector('body[data-state="disconnected"]', { timeout: 3000 });
  await page.waitForFunction(() => /Retrying in \d+ s \(attempt \d+ of 10\)/.test(document.getElementById('countdown').textContent), null, { timeout: 3000 });
  assert.equal(await page.isVisible('#notice'), true, 'the notice is shown');
  assert.match(await page.textContent('#notice-reason'), /shutting down|lost|No answer/);
  assert.equal(await page.textContent('#status-text'), 'Disconnected');
  const red = await page.evaluate(() => getComputedStyle(document.getElementById('status')).color);
  assert.match(red, /^rgb\((2[0-5]\d), (\d{1,2}), (\d{1,2})\)$/, `the indicator is red (${red})`);

  server = await startZiggie({ port, interval: 0.5 });
  await connected(page, 10000);
  assert.equal(await page.isHidden('#notice'), true, 'the notice is gone');
  const green = await page.evaluate(() => getComputedStyle(document.getElementById('status')).color);
  assert.match(green, /^rgb\((\d{1,2}), (1\d\d), (\d{1,2})\)$/, `the indicator is green (${green})`);
  await page.waitForFunction(() => Number(document.getElementById('chart-cpu').dataset.points) >= 1, null, { timeout: 3000 });
  await page.close();
});

test('unreachable server → gives up after the last attempt and offers Reconnect', async () => {
  const page = await browser.newPage();
  const sockets = recordSockets(page);
  await page.goto(`${server.url}?backoff_ms=50&backoff_max_ms=200`);
  await connected(page, 3000);

  await server.stop();
  await page.waitForSelector('body[data-gave-up="true"]', { timeout: 15000 });
  assert.equal(await page.textContent('#status-text'), 'Disconnected');
  assert.equal(await page.textContent('#notice-title'), 'Gave up reconnecting.');
  assert.match(await page.textContent('#notice-reason'), /Gave up after 10 retries/);
  assert.match(await page.textContent('#countdown'), /Press Reconnect/);
  assert.equal(await page.isEnabled('#reconnect'), true);
  assert.equal(await page.evaluate(() => document.getElementById('reconnect').classList.contains('primary')), true, 'Reconnect is the call to action');

  // The first connection plus exactly 10 retries, and nothing more afterwards.
  assert.equal(sockets.length, 11, `${sockets.length} sockets opened`);
  await page.waitForTimeout(1000);
  assert.equal(sockets.length, 11, 'no retries after giving up');

  server = await startZiggie({ port, interval: 0.5 });
  await page.click('#reconnect');
  await connected(page, 3000);
  assert.equal(await page.isHidden('#notice'), true);
  await page.close();
});

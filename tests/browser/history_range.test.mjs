// The dashboard's range buttons over the durable history: run the server, stop it, start it again
// on the same file ten minutes later, and the card's 1 h view shows the time before the restart,
// with the gap while it was stopped as a gap (two runs of the line), not a line drawn across it.
// The ten minutes pass on the second server's clock (libfaketime), not in the test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { launchBrowser, startZiggie, until, recordErrors } from './support.mjs';

const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

const INTERVAL_S = 0.5;
const home = mkdtempSync(path.join(tmpdir(), 'ziggie-history-'));
const db = path.join(home, 'history.sqlite');
let browser;
let server;

async function stored(url) {
  const answer = await (await fetch(`${url}api/system/history?range=5m&points=2000`)).json();
  return answer.points.map((p) => Date.parse(p.timestamp));
}

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
});

test('1 h after a restart: the time before it, and the stop as a gap', async () => {
  server = await startZiggie({ interval: INTERVAL_S, args: ['--history-db', db] });
  await until(async () => (await stored(server.url)).length >= 4, 15000, 'four stored samples');
  const before = await stored(server.url);
  await server.stop();
  assert.ok(existsSync(FAKETIME), `${FAKETIME} is missing: install Debian's faketime`);
  const restarted = Date.now();
  server = await startZiggie({
    interval: INTERVAL_S, args: ['--history-db', db],
    env: { LD_PRELOAD: FAKETIME, FAKETIME: '+10m', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
  });
  await until(async () => {
    const answer = await (await fetch(`${server.url}api/system/history?range=1h&points=600`)).json();
    return answer.points.some((p) => Date.parse(p.timestamp) > restarted + 5 * 60000);
  }, 15000, 'a sample of the second run (ten minutes on)');

  const page = await browser.newPage();
  const errors = recordErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  await page.click('.card[data-metric="cpu"] button[data-range="1h"]');
  await page.waitForFunction(() => {
    const c = document.getElementById('chart-cpu');
    return c.dataset.mode === 'range' && c.dataset.loading === undefined;
  }, null, { timeout: 15000 });
  const shown = await page.evaluate(() => ({ ...document.getElementById('chart-cpu').dataset }));
  assert.equal(shown.segments, '2', `one run before the stop and one after it: ${JSON.stringify(shown)}`);
  assert.ok(Number(shown.points) >= 2, `${shown.points} points drawn`);
  // What the card drew is what the server keeps: the first run is the one from before the stop.
  const hour = await (await fetch(`${server.url}api/system/history?range=1h&points=600`)).json();
  assert.ok(Date.parse(hour.points[0].timestamp) <= before[before.length - 1], 'the time before the restart is in the hour');
  assert.equal(await page.evaluate(() => document.getElementById('note-cpu').textContent), '');
  assert.match(await page.textContent('#summary-cpu'), /^Last hour/);

  // Back to Live: the card follows the stream again.
  await page.click('.card[data-metric="cpu"] button[data-range="live"]');
  await page.waitForFunction(() => document.getElementById('chart-cpu').dataset.mode === 'live', null, { timeout: 3000 });
  assert.deepEqual(errors, []);
  await page.close();
});

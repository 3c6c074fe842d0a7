// The dashboard at / in a real browser: connected and full at once, live on every tick,
// crisp on a HiDPI phone screen, and screenshots of both layouts.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, startZiggie, until, recordErrors, screenshotDir } from './support.mjs';

const INTERVAL_S = 0.5;
let server;
let browser;

// Keeps the order in which the page's sockets delivered messages, read in the page itself so
// that "what the charts show" and "what has arrived" are compared at one instant.
function recordFramesInPage() {
  window.__frames = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        try {
          window.__frames.push(JSON.parse(event.data));
        } catch {
          window.__frames.push(null);
        }
      });
    }
  };
}

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: INTERVAL_S }), launchBrowser()]);
  // Let the server build up a few samples, so "full at once" has something to prove.
  await until(async () => {
    const history = await (await fetch(`${server.url}api/system/history`)).json();
    return history.samples.length >= 5;
  }, 10000, 'five samples in /api/system/history');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('shows Connected within 3 s with the history already charted', async (t) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = recordErrors(page);
  await page.addInitScript(recordFramesInPage);
  const started = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  const elapsed = Date.now() - started;
  t.diagnostic(`Connected ${elapsed} ms after navigation started`);
  assert.ok(elapsed < 3000, `connected after ${elapsed} ms`);
  await page.waitForFunction(() => window.__frames.length > 0, null, { timeout: 3000 });

  const seen = await page.evaluate(() => ({
    first: window.__frames[0]?.type,
    historySamples: window.__frames[0]?.samples?.length,
    ticksSince: window.__frames.filter((f) => f?.type === 'system_stats').length,
    points: ['cpu', 'memory', 'disk'].map((m) => Number(document.getElementById(`chart-${m}`).dataset.points)),
    status: document.getElementById('status-text').textContent,
  }));
  assert.equal(seen.first, 'history', 'the first message is the history');
  assert.ok(seen.historySamples >= 5, `history holds ${seen.historySamples} samples`);
  const expected = Math.min(30, seen.historySamples + seen.ticksSince);
  assert.deepEqual(seen.points, [expected, expected, expected], 'every chart holds the history at once');
  assert.equal(seen.status, 'Connected');
  assert.equal(await page.isHidden('#notice'), true, 'no disconnected notice');
  assert.deepEqual(errors, []);
  await page.close();
});

test('values change on the next tick', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  const read = () =>
    page.evaluate(() => ({
      timestamp: document.body.dataset.timestamp,
      shown: ['cpu', 'memory', 'disk'].map((m) => document.getElementById(`value-${m}`).textContent),
      details: ['memory', 'disk'].map((m) => document.getElementById(`detail-${m}`).textContent),
      latest: window.ziggie.latest,
      chartEnd: ['cpu', 'memory', 'disk'].map((m) => Number(document.getElementById(`chart-${m}`).dataset.last)),
      points: Number(document.getElementById('chart-cpu').dataset.points),
    }));
  const gb = (v) => (v >= 1024 ? `${(v / 1024).toFixed(2)} TB` : `${v.toFixed(1)} GB`); // as the page formats them

  const readings = [await read()];
  for (let i = 0; i < 3; i++) {
    const previous = readings[readings.length - 1].timestamp;
    // The next tick is due within one interval; allow four for a loaded machine.
    await page.waitForFunction((t) => document.body.dataset.timestamp !== t, previous, { timeout: INTERVAL_S * 4000 });
    readings.push(await read());
  }
  for (const [i, r] of readings.entries()) {
    if (i > 0) assert.ok(r.timestamp > readings[i - 1].timestamp, 'each tick shows a newer sample');
    const { cpu, memory, disk } = r.latest;
    assert.equal(r.timestamp, r.latest.timestamp);
    assert.deepEqual(r.shown, [cpu.usage, memory.percent, disk.percent].map((v) => v.toFixed(1)), 'the figures are that sample');
    assert.deepEqual(r.details, [`${gb(memory.used_gb)} used of ${gb(memory.total_gb)}`, `${gb(disk.used_gb)} used of ${gb(disk.total_gb)}`]);
    assert.deepEqual(r.chartEnd, [cpu.usage, memory.percent, disk.percent], 'every chart ends at that sample');
  }
  assert.ok(readings.at(-1).points > readings[0].points || readings[0].points === 30, 'the charts grew by the new ticks');
  await page.close();
});

test('saves screenshots; the phone layout fits and its charts are drawn at device resolution', async () => {
  const dir = screenshotDir();
  // A full 30-point chart makes the picture worth looking at.
  const desktop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await desktop.goto(server.url);
  await desktop.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  await desktop.waitForFunction(() => document.getElementById('chart-cpu').dataset.points === '30', null, {
    timeout: 30 * INTERVAL_S * 1000 + 5000,
  });
  await desktop.screenshot({ path: path.join(dir, 'dashboard.png') });
  await desktop.close();

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await phone.goto(server.url);
  await phone.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  const layout = await phone.evaluate(() => {
    const canvas = document.getElementById('chart-memory');
    return {
      scrollWidth: document.documentElement.scrollWidth,
      canvasWidth: canvas.width,
      cssWidth: canvas.clientWidth,
      points: Number(canvas.dataset.points),
    };
  });
  assert.ok(layout.scrollWidth <= 390, `no sideways scrolling at phone width (${layout.scrollWidth} px)`);
  assert.equal(layout.canvasWidth, Math.round(layout.cssWidth * 2), 'canvas backing store follows devicePixelRatio');
  assert.equal(layout.points, 30);
  await phone.screenshot({ path: path.join(dir, 'dashboard-phone.png'), fullPage: true });
  await phone.close();
});

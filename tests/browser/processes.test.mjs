// The dashboard's processes card: without the token it asks for it and shows no process name;
// given the token it follows the authenticated stream's top five, and a busy child shows on top.
// A stored range hovered on the CPU card names the processes of that moment.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { launchBrowser, startZiggie, recordErrors } from './support.mjs';

const TOKEN = 'browser-processes-token-0123456789';
let browser;
let server;

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: 0.5, token: TOKEN }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('asks for the token, then names the busy process', async () => {
  const page = await browser.newPage();
  const errors = recordErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 10000 });
  assert.equal(await page.isVisible('#token-form'), true);
  assert.equal(await page.isVisible('#process-table'), false);
  assert.equal(await page.$$eval('#process-rows tr', (rows) => rows.length), 0, 'no process name without the token');

  // A child busy for a bounded 8 s: node, by name.
  const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 8000; while (Date.now() < end);']);
  try {
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button[type="submit"]');
    await page.waitForSelector('body[data-state="connected"]', { timeout: 10000 });
    await page.waitForFunction(() => window.ziggie.status.authenticated, null, { timeout: 10000 });
    await page.waitForSelector('#process-table', { state: 'visible', timeout: 3000 });
    // Named with the CPU it gets (a core to itself on an idle machine, less beside a build).
    await page.waitForFunction(() => [...document.querySelectorAll('#process-rows tr')]
      .some((row) => row.cells[0].textContent === 'node' && parseFloat(row.cells[1].textContent) >= 25), null, { timeout: 10000 });
    assert.equal(await page.isVisible('#token-form'), false);
    assert.match(await page.textContent('#tag-processes'), /^\d+ running, by CPU$/);

    // The hour so far, hovered where the child ran: its name is in the read-out.
    await page.click('.card[data-metric="cpu"] button[data-range="1h"]');
    await page.waitForFunction(() => {
      const c = document.getElementById('chart-cpu');
      return c.dataset.mode === 'range' && c.dataset.loading === undefined && Number(c.dataset.points) > 0;
    }, null, { timeout: 15000 });
    const box = await (await page.$('#chart-cpu')).boundingBox();
    let named = '';
    for (let x = box.x + box.width - 4; x > box.x && !named; x -= 3) {
      await page.mouse.move(x, box.y + box.height / 2);
      const tip = await page.evaluate(() => document.getElementById('chart-cpu').dataset.hover ?? '');
      if (/node \d+%/.test(tip)) named = tip;
    }
    assert.ok(named, 'no point of the hour names the busy child');
  } finally {
    child.kill('SIGKILL');
  }
  assert.deepEqual(errors, []);
  await page.close();
});

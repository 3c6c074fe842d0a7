// Pages that must not get in: a dashboard served under a host name that is not loopback (its
// WebSocket upgrade is refused, and the client says "refused" instead of pretending the
// server is down), and a DNS-rebinding page whose Host header names a foreign host.
// Chromium maps the made-up names to 127.0.0.1, so no traffic leaves the machine.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startZiggie } from './support.mjs';

const FOREIGN = 'dashboard.example';
const REBIND = 'rebind.example';
const clientSource = readFileSync(fileURLToPath(new URL('../../resources/web/ziggie-client.js', import.meta.url)));

let browser;
let server;
let other;

before(async () => {
  [server, browser] = await Promise.all([
    startZiggie({ interval: 0.5 }),
    launchBrowser([`--host-resolver-rules=MAP ${FOREIGN} 127.0.0.1, MAP ${REBIND} 127.0.0.1`]),
  ]);
  // A vendored copy of the module, as a dashboard on another host would ship it.
  other = createServer((req, res) => {
    if (req.url === '/ziggie-client.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(clientSource);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><script type="module">
      import { ZiggieClient } from './ziggie-client.js';
      window.client = new ZiggieClient({ url: 'ws://127.0.0.1:${server.port}/ws', backoff: { initialMs: 100, maxMs: 100, attempts: 3 } });
    </script>`);
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (other ? other.close(resolve) : resolve()));
});

test('a page from a non-loopback origin is refused, and the client says so', async () => {
  const page = await browser.newPage();
  await page.goto(`http://${FOREIGN}:${other.address().port}/`);
  await page.waitForFunction(() => window.client?.status.reason === 'refused', null, { timeout: 5000 });
  const status = await page.evaluate(() => window.client.status);
  assert.equal(status.state === 'connected', false);
  assert.match(status.message, /refused/);
  assert.equal(status.connectedAt, null, 'it never connected');
  await page.close();
});

// PROTOCOL.md: a foreign Host gets 403 (protection against DNS rebinding).
test('a page reached under a foreign host name (DNS rebinding) is refused', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`http://${REBIND}:${server.port}/`);
  assert.equal(response.status(), 403);
  await page.close();
});

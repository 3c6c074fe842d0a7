// The `useZiggie` React hook exactly as docs/web.md prints it, in real React 19, on a page
// from a second loopback origin (where a Vite dev server would serve it). The hook's code
// block is read from the markdown at test time, so the document and the test cannot drift.
// What Vite would do is done here by hand: `import.meta.env` is replaced by an object with
// VITE_WS_URL (Vite's define), and an import map resolves `react` and `react-dom/client` to
// React's own CommonJS files, wrapped by a few lines below (React 19 ships no browser build).
//
// The page is opened BEFORE the server: a tab restored at login, with the app not running yet.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { launchBrowser, startZiggie, startPageServer, freePort, recordSockets, recordErrors } from './support.mjs';

const TOKEN = randomBytes(32).toString('hex');
const docs = readFileSync(fileURLToPath(new URL('../../docs/web.md', import.meta.url)), 'utf8');
const hookBlock = /```jsx\n(\/\/ src\/hooks\/useZiggie\.js\n[\s\S]*?)```/.exec(docs);
if (!hookBlock) throw new Error('docs/web.md has no ```jsx block starting with // src/hooks/useZiggie.js');
const HOOK = hookBlock[1];
if (HOOK.split('import.meta.env').length !== 2) throw new Error('expected one use of import.meta.env in the hook');

/** The hook as Vite serves it: import.meta.env replaced, as Vite's define does. */
function hookAsServed(viteWsUrl) {
  const env = { VITE_WS_URL: viteWsUrl, MODE: 'development', DEV: true, PROD: false, BASE_URL: '/' };
  return HOOK.replace('import.meta.env', `(${JSON.stringify(env)})`);
}

// React's CommonJS files wrapped into one ES module: each file becomes a function of
// (module, exports, require, process), evaluated on first require like Node would.
const requireHere = createRequire(import.meta.url);
function bundleReact(entries) {
  const ids = new Map();
  const defs = [];
  const visit = (file) => {
    if (ids.has(file)) return ids.get(file);
    const id = ids.size;
    ids.set(file, id);
    const source = readFileSync(file, 'utf8');
    const local = createRequire(file);
    const deps = {};
    for (const [, spec] of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) deps[spec] = visit(local.resolve(spec));
    defs[id] = `[function (module, exports, require, process) {\n${source}\n}, ${JSON.stringify(deps)}]`;
    return id;
  };
  const roots = entries.map((entry) => visit(requireHere.resolve(entry)));
  return `const defs = [${defs.join(',\n')}];
const done = [];
const process = { env: { NODE_ENV: 'development' } };
function load(id) {
  if (done[id]) return done[id].exports;
  const module = (done[id] = { exports: {} });
  const [fn, deps] = defs[id];
  fn.call(module.exports, module, module.exports, (spec) => load(deps[spec]), process);
  return module.exports;
}
export const modules = [${roots.map((id) => `load(${id})`).join(', ')}];
`;
}
const SHIMMED = ['react', 'react-dom/client'];
const REACT_BUNDLE = bundleReact(SHIMMED);
function shim(index, name) {
  const names = Object.keys(requireHere(name)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
  return `import { modules } from '/react-bundle.js';
const m = modules[${index}];
export default m;
export const { ${names.join(', ')} } = m;
`;
}
const SHIMS = { '/react.js': shim(0, 'react'), '/react-dom-client.js': shim(1, 'react-dom/client') };

// The dashboard: renders what the hook returns, so every check below is of React's output.
function pageHtml(viteWsUrl, options) {
  const hookUrl = `/src/hooks/useZiggie.js?ws=${encodeURIComponent(viteWsUrl)}`;
  return `<!doctype html><meta charset="utf-8"><title>A React dashboard</title>
<script type="importmap">{"imports": {"react": "/react.js", "react-dom/client": "/react-dom-client.js"}}</script>
<div id="root"></div>
<script type="module">
  import React from 'react';
  import { createRoot } from 'react-dom/client';
  import * as hook from ${JSON.stringify(hookUrl)};
  const { useZiggie } = hook;
  window.ziggieUrls = hook.ziggieUrls;
  const h = React.createElement;
  function App() {
    const z = useZiggie(${JSON.stringify(options)});
    window.ziggie = z;
    const s = z.status;
    return h('main', null,
      h('p', { id: 'state', 'data-reason': s.reason ?? '', 'data-attempt': s.attempt ?? 0,
               'data-next': s.nextRetryAt ?? '', 'data-gave-up': String(Boolean(s.gaveUp)) }, s.state),
      h('p', { id: 'message' }, s.message ?? ''),
      h('p', { id: 'connected' }, z.isConnected ? 'yes' : 'no'),
      h('p', { id: 'points' }, String(z.history('cpu').length)),
      h('p', { id: 'cpu' }, String(z.latest?.cpu?.usage ?? '')),
      h('button', { id: 'reconnect', onClick: () => z.reconnect() }, 'Reconnect'));
  }
  createRoot(document.getElementById('root')).render(h(React.StrictMode, null, h(App)));
</script>`;
}

let browser;
let vite; // the page's origin
const servers = [];

before(async () => {
  browser = await launchBrowser();
  vite = await startPageServer((req, res) => {
    const url = new URL(req.url, 'http://page');
    const send = (type, body) => {
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') {
      send('text/html; charset=utf-8', pageHtml(url.searchParams.get('ws'), JSON.parse(url.searchParams.get('options') ?? '{}')));
    } else if (url.pathname === '/src/hooks/useZiggie.js') {
      send('text/javascript', hookAsServed(url.searchParams.get('ws')));
    } else if (url.pathname === '/react-bundle.js') {
      send('text/javascript', REACT_BUNDLE);
    } else if (SHIMS[url.pathname]) {
      send('text/javascript', SHIMS[url.pathname]);
    } else {
      res.writeHead(404).end();
    }
  });
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await vite?.close();
});

async function ziggie(options) {
  const server = await startZiggie({ interval: 0.5, ...options });
  servers.push(server);
  return server;
}

/** Opens the dashboard with this VITE_WS_URL; records sockets, errors and module requests. */
async function openDashboard(viteWsUrl, options = {}, context = browser) {
  const page = await context.newPage();
  const sockets = recordSockets(page);
  const errors = recordErrors(page);
  const moduleLoads = [];
  page.on('request', (request) => {
    if (request.url().includes('ziggie-client.js')) moduleLoads.push(request.url());
  });
  const query = new URLSearchParams({ ws: viteWsUrl, options: JSON.stringify(options) });
  await page.goto(`${vite.origin}/?${query}`);
  return { page, sockets, errors, moduleLoads };
}

const shown = (page, state, timeout) =>
  page.waitForFunction((s) => document.getElementById('state')?.textContent === s, state, { timeout });
const statusOf = (page) => page.evaluate(() => window.ziggie.status);

test('opened before the server: the hook retries loading the module, then connects with the history', async () => {
  const port = await freePort(); // nothing listens there, and nothing is started yet
  const { page, sockets, errors, moduleLoads } = await openDashboard(`ws://127.0.0.1:${port}/ws`, {
    backoff: { initialMs: 100, maxMs: 400, attempts: 50 },
  });

  // Retrying, with the client's status shape, while nothing answers.
  await page.waitForFunction(() => Number(document.getElementById('state').dataset.attempt) >= 2, null, { timeout: 5000 });
  const waiting = await statusOf(page);
  assert.equal(waiting.reason, 'unreachable');
  assert.equal(waiting.gaveUp, false);
  assert.equal(waiting.maxAttempts, 50);
  assert.ok(waiting.state === 'disconnected' || waiting.state === 'connecting', waiting.state);
  assert.match(await page.textContent('#message'), /ziggie-client\.js|Could not load/);
  assert.equal(await page.textContent('#connected'), 'no');
  assert.equal(sockets.length, 0, 'no socket before the module is loaded');
  assert.ok(moduleLoads.length >= 2, `the import was retried (${moduleLoads.length})`);
  assert.equal(moduleLoads[0], `http://127.0.0.1:${port}/ziggie-client.js`);

  // The app starts on that port: the next retry loads the module and the client connects.
  const server = await ziggie({ port });
  await shown(page, 'connected', 5000);
  assert.equal(await page.textContent('#connected'), 'yes');
  await page.waitForFunction(() => Number(document.getElementById('points').textContent) >= 1, null, { timeout: 3000 });
  const history = sockets[0].frames.find((f) => f.type === 'history');
  assert.ok(history, 'the server sent its history');
  assert.equal(new URL(sockets[0].url).pathname, '/ws');
  const seen = await page.evaluate(() => ({
    cpu: window.ziggie.history('cpu'),
    memory: window.ziggie.history('memory').length,
    status: window.ziggie.status,
  }));
  // Every history sample is on the chart at once, in order (ticks may have been appended since).
  assert.deepEqual(
    seen.cpu.slice(0, history.samples.length).map((p) => p.value),
    history.samples.map((s) => s.cpu.usage),
  );
  assert.ok(seen.memory >= history.samples.length);
  assert.equal(seen.status.maxAttempts, 50, 'the backoff option reached the client');
  assert.deepEqual(errors, []);
  await page.close();
  await server.stop();
});

test('reconnect() after the import gave up, and after the client gave up', async () => {
  const port = await freePort();
  const backoff = { initialMs: 50, maxMs: 100, attempts: 3 };
  const { page, moduleLoads, errors } = await openDashboard(`ws://127.0.0.1:${port}/ws`, { backoff });
  await page.waitForSelector('#state[data-gave-up="true"]', { timeout: 5000 });
  const gaveUp = await statusOf(page);
  assert.equal(gaveUp.state, 'disconnected');
  assert.equal(gaveUp.nextRetryAt, null);
  assert.equal(gaveUp.attempt, 3);
  assert.match(gaveUp.message, /Gave up after 3 retries/);
  assert.equal(moduleLoads.length, 4, 'the first import and 3 retries');
  assert.equal(new Set(moduleLoads).size, 4, 'every retry asks for a fresh URL');

  let server = await ziggie({ port });
  await page.click('#reconnect');
  await shown(page, 'connected', 3000);
  await page.waitForFunction(() => Number(document.getElementById('points').textContent) >= 1, null, { timeout: 3000 });

  // Now the client itself gives up when the server goes away, and reconnect() is its own.
  await server.stop();
  await page.waitForSelector('#state[data-gave-up="true"]', { timeout: 5000 });
  assert.match((await statusOf(page)).message, /Gave up after 3 retries/);
  server = await ziggie({ port });
  await page.click('#reconnect');
  await shown(page, 'connected', 3000);
  assert.deepEqual(errors, []);
  await page.close();
  await server.stop();
});

test('reconnect() before the module ever loaded does not wait for the pending retry', async () => {
  const port = await freePort();
  const { page } = await openDashboard(`ws://127.0.0.1:${port}/ws`, { backoff: { initialMs: 60000, maxMs: 60000 } });
  await page.waitForSelector('#state[data-reason="unreachable"]', { timeout: 5000 });
  const waiting = await statusOf(page);
  assert.equal(waiting.maxAttempts, 10, 'the real budget unless told otherwise');
  assert.ok(waiting.nextRetryAt - Date.now() > 50000, 'the next retry is a minute away');
  const server = await ziggie({ port });
  await page.click('#reconnect');
  await shown(page, 'connected', 3000);
  await page.close();
  await server.stop();
});

test('VITE_WS_URL with a trailing slash, http: or the authenticated path reaches the same server', async () => {
  const server = await ziggie({ token: TOKEN });
  const p = server.port;
  for (const viteWsUrl of [`ws://127.0.0.1:${p}/ws/`, `ws://127.0.0.1:${p}/`, `http://localhost:${p}`, `ws://127.0.0.1:${p}/api/system/ws/`]) {
    const { page, sockets, moduleLoads, errors } = await openDashboard(viteWsUrl);
    await shown(page, 'connected', 3000);
    assert.equal(new URL(moduleLoads[0]).pathname, '/ziggie-client.js', `${viteWsUrl}: ${moduleLoads[0]}`);
    assert.equal(new URL(sockets[0].url).pathname, '/ws', `${viteWsUrl}: no token, public stream`);
    assert.deepEqual(errors, []);
    if (viteWsUrl.startsWith('ws://127.0.0.1')) {
      // The rules themselves, on the same page (the function is exported by the documented file).
      const table = await page.evaluate(() =>
        ['ws://127.0.0.1:54112/ws', 'ws://127.0.0.1:54112/ws/', 'ws://127.0.0.1:54112//', 'http://127.0.0.1:54112',
         'https://box:8443/api/system/ws/', 'wss://proxy/ziggie/ws', ' ws://[::1]:54112/ws '].map((u) => window.ziggieUrls(u)));
      assert.deepEqual(table, [
        { stream: 'ws://127.0.0.1:54112/ws', module: 'http://127.0.0.1:54112/ziggie-client.js' },
        { stream: 'ws://127.0.0.1:54112/ws', module: 'http://127.0.0.1:54112/ziggie-client.js' },
        { stream: 'ws://127.0.0.1:54112/', module: 'http://127.0.0.1:54112/ziggie-client.js' },
        { stream: 'ws://127.0.0.1:54112/', module: 'http://127.0.0.1:54112/ziggie-client.js' },
        { stream: 'wss://box:8443/api/system/ws', module: 'https://box:8443/ziggie-client.js' },
        { stream: 'wss://proxy/ziggie/ws', module: 'https://proxy/ziggie/ziggie-client.js' },
        { stream: 'ws://[::1]:54112/ws', module: 'http://[::1]:54112/ziggie-client.js' },
      ]);
    }
    await page.close();
  }
});

test("a token fixed in localStorage['auth_token'] is used on reconnect(), on VITE_WS_URL's host", async () => {
  const server = await ziggie({ token: TOKEN });
  const context = await browser.newContext();
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('auth_token', 'not-the-token');
      sessionStorage.setItem('seeded', '1');
    }
  });
  const { page, sockets } = await openDashboard(`ws://localhost:${server.port}/ws/`, { backoff: { initialMs: 100 } }, context);
  await page.waitForSelector('#state[data-reason="unauthorized"]', { timeout: 8000 });
  assert.equal((await statusOf(page)).gaveUp, true);
  assert.equal(sockets.length, 2, 'one attempt and one confirming retry');

  await page.evaluate((token) => localStorage.setItem('auth_token', token), TOKEN);
  await page.click('#reconnect');
  await shown(page, 'connected', 3000);
  const url = new URL(sockets.at(-1).url);
  assert.equal(url.host, `localhost:${server.port}`, "the authenticated stream is on VITE_WS_URL's host");
  assert.equal(url.pathname, '/api/system/ws');
  assert.equal(url.searchParams.get('token'), TOKEN);
  assert.equal((await statusOf(page)).authenticated, true);
  await context.close();
});

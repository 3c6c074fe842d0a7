// /ziggie-client.js on its own, in Node with a scripted WebSocket and mocked timers: the URL
// rules, the exact backoff schedule (1 s doubling to 30 s, 10 retries — too slow for a real
// browser test), history seeding, and the wrong-token decision.

import { test, mock, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { ZiggieClient, resolveEndpoint, findToken } from '../../resources/web/ziggie-client.js';

const page = (href) => {
  const u = new URL(href);
  return { href, hash: u.hash, protocol: u.protocol, origin: u.origin };
};
const storage = (value) => ({ getItem: (key) => (key === 'auth_token' ? value : null) });

// A WebSocket whose fate each test scripts: 'refuse' closes with 1006 before opening,
// 'accept' opens and delivers `history`.
function scriptedSocket(plan) {
  const opened = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      opened.push(this);
      const fate = typeof plan === 'function' ? plan(opened.length) : plan;
      queueMicrotask(() => {
        if (fate === 'accept') {
          this.readyState = 1;
          this.onopen?.({});
          this.onmessage?.({ data: JSON.stringify(historyMessage(3)) });
        } else {
          this.readyState = 3;
          this.onclose?.({ code: 1006, reason: '' });
        }
      });
    }
    send(text) {
      this.sent.push(JSON.parse(text));
    }
    close() {
      this.readyState = 3;
    }
  }
  return { FakeSocket, opened };
}

function sample(i, cpu = 10 + i) {
  const t = new Date(Date.UTC(2025, 10, 10, 12, 0, i * 2)).toISOString().replace(/\.\d{3}Z$/, '.123456Z');
  return {
    type: 'system_stats',
    timestamp: t,
    cpu: { usage: cpu },
    memory: { percent: 50, used_gb: 8, total_gb: 16 },
    disk: { percent: 40, used_gb: 200, total_gb: 500 },
  };
}

function historyMessage(n) {
  return { type: 'history', interval_s: 2, samples: Array.from({ length: n }, (_, i) => sample(i)) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

test('URL: page origin, token from fragment or localStorage, explicit url first', () => {
  const none = storage(null);
  assert.equal(resolveEndpoint({}, { location: page('http://127.0.0.1:54112/'), storage: none }).url, 'ws://127.0.0.1:54112/ws');
  assert.equal(resolveEndpoint({}, { location: page('https://box:8443/'), storage: none }).url, 'wss://box:8443/ws');
  assert.equal(
    resolveEndpoint({}, { location: page('http://127.0.0.1:54112/#token=a+b%2F'), storage: none }).url,
    'ws://127.0.0.1:54112/api/system/ws?token=a%2Bb%2F',
  );
  const vite = { location: page('http://localhost:5173/'), storage: storage('jwt') };
  assert.equal(resolveEndpoint({ url: 'ws://127.0.0.1:54112/ws' }, vite).url, 'ws://127.0.0.1:54112/api/system/ws?token=jwt');
  assert.equal(resolveEndpoint({ url: 'ws://127.0.0.1:54112/ws', token: false }, vite).url, 'ws://127.0.0.1:54112/ws');
  assert.equal(resolveEndpoint({ url: 'wss://proxy/z/stream' }, vite).url, 'wss://proxy/z/stream?token=jwt');
  assert.equal(resolveEndpoint({}, { location: page('file:///x.html'), storage: none }).url, 'ws://127.0.0.1:54112/ws');
  assert.equal(findToken(undefined, { location: page('http://h/#x=1&token=t'), storage: storage('s') }), 't');
  assert.equal(findToken('', { location: page('http://h/#token=t'), storage: none }), null);
});

test('backoff: 1 s doubling, capped at 30 s, 10 retries, then gives up', async () => {
  const { FakeSocket, opened } = scriptedSocket('refuse');
  const fetch = () => Promise.reject(new TypeError('connection refused'));
  const client = new ZiggieClient({ url: 'ws://127.0.0.1:9/ws', token: false, WebSocket: FakeSocket, fetch });
  const delays = [];
  for (let i = 0; i < 20 && !client.status.gaveUp; i++) {
    await flush();
    const { nextRetryAt, gaveUp, reason } = client.status;
    if (gaveUp) break;
    assert.equal(reason, 'unreachable');
    delays.push(nextRetryAt - Date.now());
    mock.timers.tick(nextRetryAt - Date.now());
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000]);
  assert.equal(opened.length, 11, 'the first try and 10 retries');
  assert.equal(client.state, 'disconnected');
  assert.equal(client.status.gaveUp, true);
  assert.match(client.status.message, /Gave up after 10 retries/);

  client.reconnect();
  assert.equal(opened.length, 12, 'reconnect() tries at once');
  assert.equal(client.status.gaveUp, false);
  client.close();
});

test('history seeds every metric at once; ticks append and keep 30 points', async () => {
  const { FakeSocket, opened } = scriptedSocket('accept');
  const client = new ZiggieClient({ url: 'ws://h/ws', token: false, WebSocket: FakeSocket, metrics: ['cpu'] });
  const states = [];
  client.on('state', (s) => states.push(s.state));
  await flush();
  assert.equal(client.state, 'connected');
  assert.deepEqual(states, ['connected']);
  assert.deepEqual(opened[0].sent, [{ type: 'subscribe', metrics: ['cpu'] }], 'subscribe is sent on connect');
  assert.deepEqual(client.history('cpu').map((p) => p.value), [10, 11, 12]);
  assert.equal(client.history('memory').length, 3);
  assert.equal(client.history('cpu')[0].t, Date.UTC(2025, 10, 10, 12, 0, 0, 123));

  for (let i = 3; i < 40; i++) opened[0].onmessage({ data: JSON.stringify(sample(i)) });
  assert.equal(client.history('cpu').length, 30);
  assert.equal(client.history('cpu').at(-1).value, 49);
  opened[0].onmessage({ data: JSON.stringify(sample(39, 99)) }); // same timestamp again: ignored
  assert.equal(client.history('cpu').at(-1).value, 49);
  assert.equal(client.latest.cpu.usage, 99);
  client.close();
});

test('a refused authenticated stream while HTTP answers stops as unauthorized after two tries', async () => {
  const { FakeSocket, opened } = scriptedSocket('refuse');
  const probes = [];
  const fetch = (url) => {
    probes.push(url);
    return Promise.resolve({ type: 'opaque' });
  };
  const client = new ZiggieClient({ url: 'ws://127.0.0.1:54112', token: 'wrong', WebSocket: FakeSocket, fetch });
  await flush();
  assert.equal(client.status.reason, 'refused');
  mock.timers.tick(1000);
  await flush();
  assert.equal(client.status.reason, 'unauthorized');
  assert.equal(client.status.gaveUp, true);
  assert.equal(client.status.nextRetryAt, null);
  assert.deepEqual(probes, ['http://127.0.0.1:54112/health', 'http://127.0.0.1:54112/health']);
  mock.timers.tick(60000);
  await flush();
  assert.equal(opened.length, 2, 'no more attempts');
  assert.ok(!client.status.url.includes('wrong'), 'the token is masked in the status');
});

test('reconnect() looks the token up again, e.g. after a login stored one', async () => {
  const { FakeSocket, opened } = scriptedSocket('accept');
  let stored = null;
  globalThis.localStorage = { getItem: (key) => (key === 'auth_token' ? stored : null) };
  try {
    const client = new ZiggieClient({ url: 'ws://h:1/ws', WebSocket: FakeSocket });
    assert.equal(client.status.authenticated, false);
    stored = 'fresh';
    client.reconnect();
    assert.equal(opened[1].url, 'ws://h:1/api/system/ws?token=fresh');
    assert.equal(client.status.authenticated, true);
    client.close();
  } finally {
    delete globalThis.localStorage;
  }
});

test('every automatic retry looks the token up again, as the old hook did', async () => {
  const { FakeSocket, opened } = scriptedSocket((n) => (n === 1 ? 'refuse' : 'accept'));
  const fetch = () => Promise.reject(new TypeError('down'));
  let stored = null;
  globalThis.localStorage = { getItem: (key) => (key === 'auth_token' ? stored : null) };
  try {
    const client = new ZiggieClient({ url: 'ws://h:1/ws', WebSocket: FakeSocket, fetch });
    await flush();
    assert.equal(client.status.reason, 'unreachable');
    stored = 'after-login'; // a login stores a token while the client waits for its retry
    mock.timers.tick(1000);
    assert.equal(opened[1].url, 'ws://h:1/api/system/ws?token=after-login');
    await flush();
    assert.equal(client.state, 'connected');
    assert.equal(client.status.authenticated, true);
    assert.equal(client.status.url, 'ws://h:1/api/system/ws?token=…');
    client.close();
  } finally {
    delete globalThis.localStorage;
  }
});

test('the public stream refused while HTTP answers keeps retrying', async () => {
  const { FakeSocket } = scriptedSocket('refuse');
  const fetch = () => Promise.resolve({ type: 'opaque' });
  const client = new ZiggieClient({ url: 'ws://127.0.0.1:54112/ws', token: false, WebSocket: FakeSocket, fetch });
  for (let i = 0; i < 3; i++) {
    await flush();
    assert.equal(client.status.reason, 'refused');
    assert.equal(client.status.gaveUp, false);
    mock.timers.tick(client.status.nextRetryAt - Date.now());
  }
  client.close();
});

test('a lost connection retries, and the retry budget refills once data flows again', async () => {
  const { FakeSocket, opened } = scriptedSocket((n) => (n === 2 ? 'refuse' : 'accept'));
  const fetch = () => Promise.reject(new TypeError('down'));
  const client = new ZiggieClient({ url: 'ws://h/ws', token: false, WebSocket: FakeSocket, fetch });
  await flush();
  opened[0].onclose({ code: 1001 });
  assert.equal(client.status.reason, 'closed');
  assert.match(client.status.message, /shutting down/);
  assert.equal(client.status.attempt, 1);
  mock.timers.tick(1000); // retry 1: refused
  await flush();
  assert.equal(client.status.attempt, 2);
  mock.timers.tick(2000); // retry 2: accepted
  await flush();
  assert.equal(client.state, 'connected');
  assert.equal(client.status.attempt, 0);
  client.close();
  assert.equal(client.status.reason, 'manual');
});
